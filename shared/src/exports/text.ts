/**
 * Text for editorial files. Every marker file and EDL seen from Media Composer and Resolve is
 * plain ASCII, and how they read anything else is not known, so text is written in ASCII:
 * accents are taken off (`é` → `e`), typographic quotes, dashes and ellipses become their
 * ASCII forms, anything else becomes `?`.
 */
const PUNCTUATION: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u00D7': 'x',
  '\u00DF': 'ss',
  '\u00C6': 'AE',
  '\u00E6': 'ae',
  '\u0152': 'OE',
  '\u0153': 'oe',
  '\u00D8': 'O',
  '\u00F8': 'o',
  '\u0141': 'L',
  '\u0142': 'l',
};

export function asciiText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u0080-\u{10FFFF}]/gu, (char) => PUNCTUATION[char] ?? '?');
}

/**
 * One line of ASCII: each line break (CRLF, CR or LF) and tab becomes a space, since both end
 * a field or a record in these files; other control characters are dropped; the ends are
 * trimmed.
 */
export function oneLine(text: string): string {
  return asciiText(text)
    .replace(/\r\n|[\r\n\t]/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();
}
