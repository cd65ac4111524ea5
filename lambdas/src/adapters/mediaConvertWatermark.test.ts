import { describe, expect, it } from 'vitest';
import { escapeWebVtt, watermarkCaption, watermarkSidecar, watermarkSidecarKey } from './mediaConvertWatermark';

describe('the watermark caption file', () => {
  it('is one WebVTT cue from the first frame to a second past the last, the text escaped', () => {
    expect(watermarkSidecar('  Property of <Studio> & Co --> not for release ', 62.4)).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:01:04.000\nProperty of &lt;Studio&gt; &amp; Co --&gt; not for release\n',
    );
    expect(escapeWebVtt('a&amp;b')).toBe('a&amp;amp;b');
    expect(watermarkSidecar('Dailies', 3600)).toContain('00:00:00.000 --> 01:00:01.000\n');
  });

  it('covers a day when the duration is unknown, and refuses an empty or multi-line text', () => {
    expect(watermarkSidecar('Dailies', null)).toContain('--> 24:00:00.000\n');
    expect(watermarkSidecar('Dailies', 0)).toContain('--> 24:00:00.000\n');
    expect(() => watermarkSidecar('  ', 10)).toThrow(/empty/);
    expect(() => watermarkSidecar('two\nlines', 10)).toThrow(/control character/);
    expect(() => watermarkSidecar('two\u2028lines', 10)).toThrow(/control character/);
  });

  it('sits beside the graded proxy it is burned into', () => {
    expect(watermarkSidecarKey('a1b2c3d4-0000/look-0123456789abcdef/proxy.mp4')).toBe('a1b2c3d4-0000/look-0123456789abcdef/watermark.vtt');
  });
});

describe('the watermark burn-in', () => {
  const picture = { width: 1280, height: 720 };
  const placed = (position: Parameters<typeof watermarkCaption>[1], text = 'CONFIDENTIAL') => {
    const settings = watermarkCaption(text, position, picture).DestinationSettings!.BurninDestinationSettings!;
    return [settings.Alignment, settings.XPosition, settings.YPosition];
  };

  it('is drawn in the type size and margin local mode uses (4.5 % and 3 % of the height), white on half-black', () => {
    expect(watermarkCaption('CONFIDENTIAL', 'top-left', picture)).toEqual({
      CaptionSelectorName: 'Watermark',
      DestinationSettings: {
        DestinationType: 'BURN_IN',
        BurninDestinationSettings: {
          Alignment: 'LEFT',
          XPosition: 22,
          YPosition: 22,
          FontSize: 32,
          FontColor: 'WHITE',
          FontOpacity: 255,
          BackgroundColor: 'BLACK',
          BackgroundOpacity: 128,
          OutlineSize: 0,
          ShadowOpacity: 0,
          FallbackFont: 'MONOSPACED_SANSSERIF',
          StylePassthrough: 'DISABLED',
        },
      },
    });
  });

  it('places each of the seven positions inside the picture', () => {
    // 12 characters × 32 px × 0.6 ≈ 231 px wide.
    expect(placed('top-right')).toEqual(['LEFT', 1280 - 22 - 231, 22]);
    expect(placed('top-centre')).toEqual(['CENTERED', 640, 22]);
    expect(placed('centre')).toEqual(['CENTERED', 640, 344]);
    expect(placed('bottom-left')).toEqual(['LEFT', 22, 720 - 22 - 32]);
    expect(placed('bottom-centre')).toEqual(['CENTERED', 640, 666]);
    expect(placed('bottom-right')).toEqual(['LEFT', 1027, 666]);
    // A line wider than the picture starts at the margin rather than off the left edge.
    expect(placed('bottom-right', 'W'.repeat(120))).toEqual(['LEFT', 22, 666]);
  });
});
