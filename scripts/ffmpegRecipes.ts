// ffmpeg arguments for made-up camera originals, shared by the demo show and the test fixtures.

/**
 * A ProRes 422 clip (10-bit 4:2:2, BT.709) with a 1 kHz tone in stereo 24-bit PCM and a start
 * timecode, from one of ffmpeg's test pictures (`testsrc2`, `smptehdbars`, …): the arguments
 * before the output path.
 */
export function proresClipArgs(clip: { source?: string; size: string; rate: string; seconds: number; timecode?: string }): string[] {
  const { source = 'testsrc2', size, rate, seconds, timecode = '01:00:00:00' } = clip;
  return [
    '-f',
    'lavfi',
    '-i',
    `${source}=size=${size}:rate=${rate}:duration=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=1000:sample_rate=48000:duration=${seconds}`,
    '-vf',
    'setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709',
    // The `prores` encoder: prores_ks is several times slower.
    '-c:v',
    'prores',
    '-profile:v',
    '2',
    '-pix_fmt',
    'yuv422p10le',
    '-c:a',
    'pcm_s24le',
    '-ac',
    '2',
    '-timecode',
    timecode,
    '-f',
    'mov',
  ];
}
