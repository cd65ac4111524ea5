import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_NAME_BYTES,
  basename,
  joinFolder,
  joinKey,
  normalizeName,
  parentOf,
  splitKey,
  utf8ByteLength,
  validateFolderPath,
  validateKey,
  validateName,
} from './names';

// ---------------------------------------------------------------------------------------
// An independent oracle, written from the published rules rather than from names.ts:
// - Win32 "Naming Files, Paths, and Namespaces": no < > : " / \ | ? *, no characters 1-31
//   (and NUL), no trailing space or period, no CON PRN AUX NUL COM0-9 COM¹²³ LPT0-9 LPT¹²³,
//   also when followed by an extension; NTFS names are at most 255 UTF-16 code units.
// - S3: keys are UTF-8 (so the text must be encodable), at most 1,024 bytes.
// - ext4 and most Linux filesystems: a name is at most 255 bytes.
// Rushes is allowed to be stricter than the oracle, never looser.
// ---------------------------------------------------------------------------------------

// Rushes' own limit, stricter than any platform above: s3rver (the local S3) appends up to
// 22 bytes to a name on disk, and one limit for local and cloud keeps assets portable. It is
// checked on its own, so the oracle keeps saying only what the platforms allow.
const RUSHES_MAX_NAME_BYTES = 233;

const WIN32_FORBIDDEN = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];
const WIN32_DEVICES = ['CON', 'PRN', 'AUX', 'NUL'];
for (const port of ['COM', 'LPT']) {
  for (const digit of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '\u00B9', '\u00B2', '\u00B3']) {
    WIN32_DEVICES.push(port + digit);
  }
}

function isWellFormedUtf16(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const isHigh = unit >= 0xd800 && unit < 0xdc00;
    const isLow = unit >= 0xdc00 && unit < 0xe000;
    if (isLow) return false;
    if (isHigh) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next < 0xe000)) return false;
      i++;
    }
  }
  return true;
}

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const cp = char.codePointAt(0) as number;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function oracleAcceptsName(name: string): boolean {
  if (!isWellFormedUtf16(name)) return false;
  if (name.length === 0 || name === '.' || name === '..') return false;
  for (const char of name) {
    if (WIN32_FORBIDDEN.includes(char)) return false;
    if ((char.codePointAt(0) as number) < 32) return false;
  }
  if (name.endsWith(' ') || name.endsWith('.')) return false;
  let stem = name.split('.')[0] ?? '';
  while (stem.endsWith(' ')) stem = stem.slice(0, -1);
  if (WIN32_DEVICES.includes(stem.toUpperCase())) return false;
  if (name.length > 255) return false;
  if (utf8Bytes(name) > 255) return false;
  return true;
}

// Characters that make one name look like another: bidi controls and zero-width marks.
const SPOOFING = [0x200b, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff];

// ---------------------------------------------------------------------------------------
// Arbitraries biased towards the characters that matter, so both outcomes are common.
// ---------------------------------------------------------------------------------------

const hostileUnit = fc.constantFrom(
  '<',
  '>',
  ':',
  '"',
  '/',
  '\\',
  '|',
  '?',
  '*',
  '.',
  ' ',
  '\u0000',
  '\t',
  '\n',
  '\u007F',
  '\u0085',
  '\u009F',
  '\u2028',
  '\u202E',
  '\u202D',
  '\u2066',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '$(',
  ')',
  ';',
  '`',
  "'",
  '&',
  '!',
  '%',
  'e\u0301',
  '\u00E9',
  '\u{1F3AC}',
  '\u{1F468}\u200D\u{1F469}',
  '\u00B9',
  '\u00B2',
  'CON',
  'con',
  'Lpt',
  'COM',
  'aux',
  'NUL',
  'prn',
  '\u0131',
);
const plainUnit = fc.constantFrom('A', 'b', 'Take', '01', '_', '-', 'Ü', '東京', 'Ж', '\u05D0', 'ß');
const nameArb = fc.string({
  unit: fc.oneof(
    { arbitrary: plainUnit, weight: 6 },
    { arbitrary: hostileUnit, weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 1 },
  ),
  maxLength: 24,
});
const longNameArb = fc.string({ unit: fc.constantFrom('a', 'é', '東', '\u{1F3AC}'), minLength: 60, maxLength: 300 });
const anyNameArb = fc.oneof(nameArb, longNameArb, fc.string({ unit: 'binary', maxLength: 40 }));

// Words that are always legal, including the shell metacharacters S3 and SMB both allow.
const safeWord = fc.constantFrom(
  'Take',
  'A001C003',
  '01',
  'Ünïcödé',
  '東京',
  'Ж',
  '\u{1F3AC}',
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  '$(rm -rf ~)',
  ';',
  '`id`',
  "'",
  '&',
  '!',
  '#',
  '%',
  '@',
  '[x]',
  '{y}',
  '=',
  '+',
  ',',
  '~',
  '^',
  'میخواهم',
  'می\u200Cخواهم',
);
const safeNameArb = fc
  .tuple(safeWord, fc.array(fc.tuple(fc.constantFrom('', ' ', '.', '_', ' - '), safeWord), { maxLength: 6 }))
  .map(([first, rest]) => first + rest.map(([gap, word]) => gap + word).join(''));

// ---------------------------------------------------------------------------------------

describe('validateName', () => {
  it('accepts only names the independent Win32/S3/ext4 oracle accepts', () => {
    fc.assert(
      fc.property(anyNameArb, (name) => {
        const checked = validateName(name);
        if (checked.ok) {
          expect(oracleAcceptsName(checked.value)).toBe(true);
          expect(checked.value.length).toBeLessThanOrEqual(255);
          expect(utf8Bytes(checked.value)).toBeLessThanOrEqual(RUSHES_MAX_NAME_BYTES);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every name the oracle refuses', () => {
    fc.assert(
      fc.property(anyNameArb, (name) => {
        if (!oracleAcceptsName(normalizeName(name))) expect(validateName(name).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses names the platforms allow but that are longer than 233 bytes, and only those', () => {
    expect(MAX_NAME_BYTES).toBe(RUSHES_MAX_NAME_BYTES);
    // Plain characters only, so length is the only thing that can be wrong; 50-120 characters
    // of 1-4 bytes each straddle the limit, including 234-255 bytes, which the oracle accepts.
    const nearLimit = fc.string({ unit: fc.constantFrom('a', '\u00E9', '\u6771', '\u{1F3AC}'), minLength: 50, maxLength: 120 });
    fc.assert(
      fc.property(nearLimit, (name) => {
        const bytes = utf8Bytes(name);
        const checked = validateName(name);
        if (bytes <= RUSHES_MAX_NAME_BYTES) expect(checked).toEqual({ ok: true, value: name });
        else expect(checked).toMatchObject({ ok: false, reason: 'too-long' });
      }),
      { numRuns: 2000 },
    );
    const platformsAllow = 'a'.repeat(255);
    expect(oracleAcceptsName(platformsAllow)).toBe(true);
    expect(validateName(platformsAllow)).toMatchObject({ ok: false, reason: 'too-long' });
  });

  it('accepts ordinary names, shell metacharacters included, and returns them unchanged', () => {
    fc.assert(
      fc.property(safeNameArb, (name) => {
        fc.pre(utf8Bytes(name) <= RUSHES_MAX_NAME_BYTES);
        expect(validateName(name)).toEqual({ ok: true, value: name });
      }),
    );
  });

  it.each([
    ['$(rm -rf ~)'],
    ['a;b'],
    ['`whoami`.mov'],
    ["it's.mov"],
    ['Tom & Jerry.mov'],
    ['100% done!.wav'],
    ['#1 [final] {v2} @home ~x ^y =z +w, ok'],
    ['clip.tar.gz'],
    ['.DS_Store'],
    ['A001_C003_0101XY.R3D'],
    ['CONSOLE.mov'],
    ['COM10'],
    ['LPT'],
    ['con_notes.txt'],
    ['\u{1F3AC} take 1.mov'],
  ])('accepts %j unchanged', (name) => {
    expect(validateName(name)).toEqual({ ok: true, value: name });
  });

  it.each([
    ['', 'empty'],
    ['.', 'dot-name'],
    ['..', 'dot-name'],
    ['a\u0000b', 'control-character'],
    ['a\tb', 'control-character'],
    ['line\nbreak', 'control-character'],
    ['del\u007F', 'control-character'],
    ['c1\u0085', 'control-character'],
    ['para\u2029graph', 'control-character'],
    ['a/b', 'path-separator'],
    ['$(rm -rf /)', 'path-separator'],
    ['a\\b', 'path-separator'],
    ['a<b', 'windows-character'],
    ['a>b', 'windows-character'],
    ['10:00:00:00.mov', 'windows-character'],
    ['say "hi".mov', 'windows-character'],
    ['a|b', 'windows-character'],
    ['why?', 'windows-character'],
    ['*.mov', 'windows-character'],
    [' leading', 'leading-space'],
    ['\u3000ideographic', 'leading-space'],
    ['Day\u00A0', 'trailing-dot-or-space'],
    ['trailing ', 'trailing-dot-or-space'],
    ['trailing.', 'trailing-dot-or-space'],
    ['...', 'trailing-dot-or-space'],
    ['CON', 'reserved-on-windows'],
    ['con.txt', 'reserved-on-windows'],
    ['CON .mov', 'reserved-on-windows'],
    ['CON.mov', 'reserved-on-windows'],
    ['nul.tar.gz', 'reserved-on-windows'],
    ['Aux', 'reserved-on-windows'],
    ['prn.wav', 'reserved-on-windows'],
    ['COM0', 'reserved-on-windows'],
    ['com9.mxf', 'reserved-on-windows'],
    ['LPT1', 'reserved-on-windows'],
    ['lpt\u00B9.txt', 'reserved-on-windows'],
    ['COM\u00B3', 'reserved-on-windows'],
    ['CONIN$', 'reserved-on-windows'],
    ['evil\u202Egpj.exe', 'invisible-character'],
    ['a\u202Ab', 'invisible-character'],
    ['a\u2066b\u2069', 'invisible-character'],
    ['zero\u200Bwidth', 'invisible-character'],
    ['\uFEFFbom.mov', 'invisible-character'],
    ['lrm\u200E', 'invisible-character'],
    ['pay\u200Droll', 'invisible-character'],
    ['\u200Dstart', 'invisible-character'],
    ['a\uD800b', 'unpaired-surrogate'],
    ['\uDC00', 'unpaired-surrogate'],
    ['a'.repeat(234), 'too-long'],
    ['a'.repeat(256), 'too-long'],
  ])('refuses %j as %s', (name, reason) => {
    const checked = validateName(name);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toBe(reason);
  });

  it('refuses every Windows device name whatever the case and extension', () => {
    const device = fc.constantFrom(...WIN32_DEVICES).chain((name) => fc.mixedCase(fc.constant(name)));
    const suffix = fc.constantFrom('', '.txt', '.mov', ' .mov', '  .tar.gz', '.');
    fc.assert(
      fc.property(device, suffix, (name, ext) => {
        expect(validateName(name + ext).ok).toBe(false);
      }),
    );
  });

  it('says what is wrong in words a user understands', () => {
    const checked = validateName('CON.mov');
    expect(checked).toMatchObject({ ok: false, message: 'Name "CON.mov" is reserved on Windows edit shares' });
  });

  it('never echoes bidi or control characters into its messages', () => {
    const checked = validateName('evil\u202Egpj.exe');
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toContain('evil<U+202E>gpj.exe');
    fc.assert(
      fc.property(anyNameArb, (name) => {
        const result = validateName(name);
        if (result.ok) return;
        for (const char of result.message) {
          const cp = char.codePointAt(0) as number;
          expect(SPOOFING.includes(cp) || cp < 0x20 || (cp >= 0xd800 && cp < 0xe000)).toBe(false);
        }
      }),
    );
  });

  it('never accepts a spoofing character', () => {
    fc.assert(
      fc.property(anyNameArb, (name) => {
        const checked = validateName(name);
        if (checked.ok) {
          for (const char of checked.value) expect(SPOOFING).not.toContain(char.codePointAt(0));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('treats NFD and NFC spellings as the same name', () => {
    const nfd = 'Cafe\u0301.mov';
    const nfc = 'Caf\u00E9.mov';
    expect(nfd).not.toBe(nfc);
    expect(validateName(nfd)).toEqual({ ok: true, value: nfc });
    expect(validateName(nfc)).toEqual({ ok: true, value: nfc });
  });

  it('counts UTF-8 bytes, not characters: 233 bytes pass, 234 fail', () => {
    expect(validateName('a'.repeat(233)).ok).toBe(true);
    expect(validateName('a'.repeat(234)).ok).toBe(false);
    expect(validateName('\u00E9'.repeat(116) + 'a').ok).toBe(true); // 232 + 1 bytes
    expect(validateName('\u00E9'.repeat(117)).ok).toBe(false); // 234 bytes, 117 characters
    expect(validateName('\u6771'.repeat(77) + 'ab').ok).toBe(true); // 231 + 2 bytes
    expect(validateName('\u6771'.repeat(77) + 'abc').ok).toBe(false); // 234 bytes
    expect(validateName('\u6771'.repeat(78)).ok).toBe(false); // 234 bytes, 78 characters
    // An emoji is 4 UTF-8 bytes and 2 UTF-16 code units.
    expect(validateName('\u{1F3AC}'.repeat(58) + 'a').ok).toBe(true); // 232 + 1 bytes, 117 code units
    expect(validateName('\u{1F3AC}'.repeat(58) + 'ab').ok).toBe(false); // 234 bytes
    expect(validateName('\u{1F3AC}'.repeat(59)).ok).toBe(false); // 236 bytes, 118 code units
    // NFC can shorten a name: 116 × (e + U+0301) + a is 349 bytes as typed, 233 once composed.
    expect(validateName('e\u0301'.repeat(116) + 'a')).toEqual({ ok: true, value: '\u00E9'.repeat(116) + 'a' });
    expect(validateName('e\u0301'.repeat(117))).toMatchObject({ ok: false, reason: 'too-long' }); // 234 composed
  });

  it('names the limit when a name is too long', () => {
    expect(validateName('a'.repeat(234))).toMatchObject({
      ok: false,
      reason: 'too-long',
      message: expect.stringContaining('is 234 bytes long; the limit is 233 bytes') as unknown,
    });
  });

  it('allows joiners where scripts and emoji need them, not between ASCII letters', () => {
    expect(validateName('\u{1F468}\u200D\u{1F469}\u200D\u{1F467}.jpg').ok).toBe(true);
    expect(validateName('\u2764\uFE0F\u200D\u{1F525}.png').ok).toBe(true);
    expect(validateName('\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645').ok).toBe(true);
    expect(validateName('a\u200Cb').ok).toBe(false);
    expect(validateName('\u{1F3AC}\u200D').ok).toBe(false);
  });

  it('is idempotent: normalising twice or validating the result changes nothing', () => {
    fc.assert(
      fc.property(anyNameArb, (name) => {
        expect(normalizeName(normalizeName(name))).toBe(normalizeName(name));
        const checked = validateName(name);
        if (checked.ok) expect(validateName(checked.value)).toEqual(checked);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary Unicode, lone surrogates included', () => {
    const anything = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: fc.constantFrom('\uD800', '\uDC00', 'a', '/', '.'), maxLength: 20 }),
    );
    fc.assert(
      fc.property(anything, (text) => {
        for (const result of [validateName(text), validateKey(text), validateFolderPath(text), joinKey('', text), joinFolder('', text)]) {
          expect(typeof result.ok).toBe('boolean');
        }
        splitKey(text);
        basename(text);
        parentOf(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('utf8ByteLength', () => {
  it('agrees with a byte count written from the UTF-8 definition', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        fc.pre(isWellFormedUtf16(text));
        expect(utf8ByteLength(text)).toBe(utf8Bytes(text));
      }),
    );
  });
});

describe('validateKey', () => {
  it('accepts keys of valid names and returns them in NFC', () => {
    expect(validateKey('Show/Day 1/A001C003.mov')).toEqual({ ok: true, value: 'Show/Day 1/A001C003.mov' });
    expect(validateKey('Show/Cafe\u0301/x.mov')).toEqual({ ok: true, value: 'Show/Caf\u00E9/x.mov' });
    expect(validateKey('clip.mov')).toEqual({ ok: true, value: 'clip.mov' });
  });

  it.each([
    ['', 'empty'],
    ['/Show/clip.mov', 'absolute-path'],
    ['/', 'absolute-path'],
    ['Show/Day/', 'trailing-slash'],
    ['a//b', 'empty-segment'],
    ['../etc/passwd', 'dot-name'],
    ['Show/../secret.mov', 'dot-name'],
    ['Show/./clip.mov', 'dot-name'],
    ['Show/CON/clip.mov', 'reserved-on-windows'],
    ['Show\\Day\\clip.mov', 'path-separator'],
    ['Show/evil\u202Egpj.exe', 'invisible-character'],
    ['Show/Day\u00A0/x', 'trailing-dot-or-space'],
  ])('refuses %j as %s', (key, reason) => {
    const checked = validateKey(key);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toBe(reason);
  });

  it('names the bad segment and the whole key in its message', () => {
    const checked = validateKey('Show/CON.mov');
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toBe('In "Show/CON.mov": Name "CON.mov" is reserved on Windows edit shares');
  });

  it('allows 1,024 bytes and refuses 1,025, with every segment a valid name', () => {
    const seg = 'a'.repeat(233);
    const key1024 = [seg, seg, seg, seg, 'b'.repeat(88)].join('/'); // 233*4 + 88 + 4 slashes
    const key1025 = [seg, seg, seg, seg, 'b'.repeat(89)].join('/');
    expect(utf8Bytes(key1024)).toBe(1024);
    expect(utf8Bytes(key1025)).toBe(1025);
    for (const part of splitKey(key1025)) expect(validateName(part).ok).toBe(true);
    expect(validateKey(key1024)).toEqual({ ok: true, value: key1024 });
    expect(validateKey(key1025)).toMatchObject({ ok: false, reason: 'key-too-long' });
  });

  it('counts emoji as 4 bytes in keys', () => {
    const emoji = '\u{1F3AC}'.repeat(58) + 'a'; // 233 bytes, 117 code units
    const key1024 = [emoji, emoji, emoji, emoji, '\u{1F3AC}'.repeat(22)].join('/'); // 233*4 + 88 + 4 slashes
    expect(utf8Bytes(key1024)).toBe(1024);
    expect(validateKey(key1024).ok).toBe(true);
    expect(validateKey(key1024 + 'c')).toMatchObject({ ok: false, reason: 'key-too-long' });
  });

  it('accepts exactly the keys whose segments are valid names and whose length fits', () => {
    // Segments without "/", so that the key has exactly these segments.
    const segment = anyNameArb.map((name) => name.replaceAll('/', '_'));
    const segments = fc.array(segment, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(segments, (parts) => {
        const key = parts.join('/');
        const expected = parts.every((part) => validateName(part).ok) && utf8Bytes(normalizeName(key)) <= 1024 && isWellFormedUtf16(key);
        const checked = validateKey(key);
        expect(checked.ok).toBe(expected);
        if (checked.ok) {
          expect(validateKey(checked.value)).toEqual(checked);
          expect(splitKey(checked.value)).toEqual(parts.map(normalizeName));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('folder paths', () => {
  it('uses a trailing slash, and the root is the empty string', () => {
    expect(validateFolderPath('')).toEqual({ ok: true, value: '' });
    expect(validateFolderPath('Show/Day/')).toEqual({ ok: true, value: 'Show/Day/' });
    expect(validateFolderPath('Show/Day')).toMatchObject({ ok: false, reason: 'missing-trailing-slash' });
    expect(validateFolderPath('/')).toMatchObject({ ok: false, reason: 'absolute-path' });
    expect(validateFolderPath('/Show/')).toMatchObject({ ok: false, reason: 'absolute-path' });
    expect(validateFolderPath('Show//')).toMatchObject({ ok: false, reason: 'empty-segment' });
    expect(validateFolderPath('Show/../')).toMatchObject({ ok: false, reason: 'dot-name' });
    expect(validateFolderPath('Show/Day./')).toMatchObject({ ok: false, reason: 'trailing-dot-or-space' });
  });

  it('joins a folder and a name into a key', () => {
    expect(joinKey('', 'clip.mov')).toEqual({ ok: true, value: 'clip.mov' });
    expect(joinKey('Show/Day/', 'clip.mov')).toEqual({ ok: true, value: 'Show/Day/clip.mov' });
    expect(joinKey('Show/Day/', 'Cafe\u0301.mov')).toEqual({ ok: true, value: 'Show/Day/Caf\u00E9.mov' });
    expect(joinKey('Show/Day', 'clip.mov')).toMatchObject({ ok: false, reason: 'missing-trailing-slash' });
    expect(joinKey('Show/', 'a/b.mov')).toMatchObject({ ok: false, reason: 'path-separator' });
    expect(joinKey('Show/', '..')).toMatchObject({ ok: false, reason: 'dot-name' });
    const deep = `${'a'.repeat(233)}/`.repeat(4); // 936 bytes
    expect(joinKey(deep, 'b'.repeat(88))).toEqual({ ok: true, value: `${deep}${'b'.repeat(88)}` });
    expect(joinKey(deep, 'b'.repeat(89))).toMatchObject({ ok: false, reason: 'key-too-long' });
  });

  it('joins a folder and a name into a folder path', () => {
    expect(joinFolder('', 'Show')).toEqual({ ok: true, value: 'Show/' });
    expect(joinFolder('Show/', 'Day 1')).toEqual({ ok: true, value: 'Show/Day 1/' });
    expect(joinFolder('Show/', 'AUX')).toMatchObject({ ok: false, reason: 'reserved-on-windows' });
  });

  it('splits keys and folder paths into names', () => {
    expect(splitKey('')).toEqual([]);
    expect(splitKey('clip.mov')).toEqual(['clip.mov']);
    expect(splitKey('Show/Day/clip.mov')).toEqual(['Show', 'Day', 'clip.mov']);
    expect(splitKey('Show/Day/')).toEqual(['Show', 'Day']);
  });

  it('finds the parent and the last name', () => {
    expect(parentOf('Show/Day/clip.mov')).toBe('Show/Day/');
    expect(parentOf('clip.mov')).toBe('');
    expect(parentOf('Show/Day/')).toBe('Show/');
    expect(parentOf('Show/')).toBe('');
    expect(parentOf('')).toBeNull();
    expect(basename('Show/Day/clip.mov')).toBe('clip.mov');
    expect(basename('Show/Day/')).toBe('Day');
    expect(basename('')).toBe('');
  });

  it('rebuilds every valid key and folder path from its parent and name', () => {
    const parts = fc.array(safeNameArb, { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(parts, (names) => {
        const key = validateKey(names.join('/'));
        fc.pre(key.ok);
        if (!key.ok) return;
        expect(joinKey(parentOf(key.value) ?? '', basename(key.value))).toEqual(key);
        const folder = validateFolderPath(`${key.value}/`);
        if (folder.ok) {
          expect(joinFolder(parentOf(folder.value) ?? '', basename(folder.value))).toEqual(folder);
        }
      }),
    );
  });
});
