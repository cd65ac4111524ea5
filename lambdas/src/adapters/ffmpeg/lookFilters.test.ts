import { describe, expect, it } from 'vitest';
import type { DerivativePlan } from '../../ports';
import { ffmpegArguments } from './ffmpegTranscoder';
import { burnInFilters, burnInTexts, filterValue, type LookFiles } from './lookFilters';

const files: LookFiles = {
  cube: '/data/tmp/job: 1/look.cube',
  font: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  text: (name) => `/data/tmp/job: 1/${name}.txt`,
};

const plan: DerivativePlan = {
  kind: 'video',
  proxy: { key: 'a/proxy.mp4', size: { width: 640, height: 360 }, frameRate: { num: 30000, den: 1001 }, withAudio: false },
  thumbnail: { key: 'a/thumbnail.jpg', size: { width: 640, height: 360 }, atSeconds: 0.4 },
  filmstrip: { key: 'a/filmstrip.jpg', durationSeconds: 4 },
  graded: {
    lookId: '0123456789abcdef',
    cubeKey: 'looks/baked/x.cube',
    burnIn: {
      timecode: { start: '01:00:58;00', rate: { num: 30000, den: 1001 } },
      clipName: 'A001_C001',
      watermark: { text: "it's 50%: [draft]", position: 'top-centre' },
    },
    proxyKey: 'a/look-0123456789abcdef/proxy.mp4',
    thumbnailKey: 'a/look-0123456789abcdef/thumbnail.jpg',
    filmstripKey: 'a/look-0123456789abcdef/filmstrip.jpg',
  },
};

const output = (file: string, graded?: boolean) => `/out/${graded ? 'graded-' : ''}${file}`;

describe('the graded branch of the filter graph', () => {
  it('is exactly this for a drop-frame clip with a LUT, clip name, timecode and watermark', () => {
    const args = ffmpegArguments(plan, 'http://s3/clip.mov', output, files);
    const graph = args[args.indexOf('-filter_complex') + 1];
    const font =
      'fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf:fontsize=16:fontcolor=white:box=1:boxcolor=black@0.5:boxborderw=3';
    expect(graph).toBe(
      [
        '[0:v:0]split=4[p][t][f][g]',
        '[p]scale=640:360,setsar=1,format=yuv420p[proxy]',
        '[t]trim=start=0.4,select=eq(n\\,0),scale=640:360,setsar=1[thumb]',
        '[f]fps=100/4,scale=160:90:force_original_aspect_ratio=decrease,pad=160:90:(ow-iw)/2:(oh-ih)/2,setsar=1,tile=10x10[film]',
        '[g]scale=640:360,setsar=1,lut3d=file=/data/tmp/job\\\\:\\\\\\ 1/look.cube:interp=tetrahedral,split=3[gp][gt][gf]',
        `[gp]drawtext=${font}:textfile=/data/tmp/job\\\\:\\\\\\ 1/clipName.txt:expansion=none:x=11:y=h-th-11,` +
          `drawtext=${font}:timecode=01\\\\:00\\\\:58\\;00:rate=30000/1001:x=w-tw-11:y=h-th-11,` +
          `drawtext=${font}:textfile=/data/tmp/job\\\\:\\\\\\ 1/watermark.txt:expansion=none:x=(w-tw)/2:y=11,format=yuv420p[gproxy]`,
        '[gt]trim=start=0.4,select=eq(n\\,0),scale=640:360,setsar=1[gthumb]',
        '[gf]fps=100/4,scale=160:90:force_original_aspect_ratio=decrease,pad=160:90:(ow-iw)/2:(oh-ih)/2,setsar=1,tile=10x10[gfilm]',
      ].join(';'),
    );
    // Both proxies are encoded alike; each still goes to its own file.
    expect(args.filter((arg) => arg === 'libx264')).toHaveLength(2);
    expect(args).toContain('/out/graded-videoProxy');
    expect(args).toContain('/out/graded-filmstrip');
  });

  it('makes only the graded files for a re-render, from the one decode', () => {
    const args = ffmpegArguments({ ...plan, gradedOnly: true }, 'in', output, files);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph.startsWith('[0:v:0]null[g];[g]scale=640:360')).toBe(true);
    expect(args).not.toContain('/out/videoProxy');
    expect(args).toContain('/out/graded-videoProxy');
  });

  it('writes user text to files that drawtext reads without expansion, never into the graph', () => {
    expect(burnInTexts(plan.kind === 'video' ? plan.graded!.burnIn : null)).toEqual([
      { name: 'clipName', text: 'A001_C001' },
      { name: 'watermark', text: "it's 50%: [draft]" },
    ]);
    expect(burnInFilters(plan.kind === 'video' ? plan.graded!.burnIn : null, 360, files).join(',')).not.toContain('draft');
  });

  it('escapes a path for both of the parsers it passes', () => {
    expect(filterValue("a'b:c,d;e[f]g\\h i")).toBe("a\\\\\\'b\\\\:c\\,d\\;e\\[f\\]g\\\\\\\\h\\\\\\ i");
  });

  it('falls back to fontconfig when the font file is missing', () => {
    const burnIn = { timecode: null, clipName: 'C', watermark: null };
    expect(burnInFilters(burnIn, 720, { ...files, font: null })[0]).toMatch(/^drawtext=font=Monospace:fontsize=32:/);
  });
});
