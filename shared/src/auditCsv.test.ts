import { describe, expect, it } from 'vitest';
import { auditCsv, csvField } from './auditCsv';
import type { AuditEvent } from './domain';

const event: AuditEvent = {
  id: 'e1',
  at: '2026-01-31T09:30:00.000Z',
  actor: 'ana@example.com',
  action: 'asset.rename',
  outcome: 'succeeded',
  target: 'Show A/Day 1/A001, "take 2".mov',
  details: { from: 'Show A/Day 1/=cmd|calc.mov', to: 'x\ny', replaced: false, size: 12, note: null },
  address: null,
};

describe('audit CSV', () => {
  it('writes a header and one CRLF line per event, quoting commas, quotes and line breaks', () => {
    const csv = auditCsv([event]);
    expect(csv).toBe(
      'time,actor,action,outcome,target,address,details\r\n' +
        '2026-01-31T09:30:00.000Z,ana@example.com,asset.rename,succeeded,"Show A/Day 1/A001, ""take 2"".mov",,' +
        '"from=Show A/Day 1/=cmd|calc.mov; to=x\ny; replaced=false; size=12; note="\r\n',
    );
  });

  it('gives a play its own row with the client address, IPv6 included', () => {
    const play: AuditEvent = {
      ...event,
      action: 'asset.play',
      target: 'Show A/Day 1/A002.mov',
      details: { assetId: 'a2' },
      address: '2001:db8::7',
    };
    expect(auditCsv([play]).split('\r\n')[1]).toBe(
      '2026-01-31T09:30:00.000Z,ana@example.com,asset.play,succeeded,Show A/Day 1/A002.mov,2001:db8::7,assetId=a2',
    );
  });

  it('defuses cells a spreadsheet would run as a formula, and only those', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('')).toBe('');
  });
});
