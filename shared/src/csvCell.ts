/**
 * One CSV cell (RFC 4180) that a spreadsheet opens as the text it holds: quoted when it holds
 * a comma, quote, CR or LF, quotes doubled. A cell that a spreadsheet would run as a formula
 * (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so a
 * file name like `=HYPERLINK(...)` opens as text (OWASP "CSV injection"). Every CSV Rushes
 * writes (the audit log, review notes) goes through here and ends lines with CRLF.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Cells joined into lines, each ended by CRLF (the last one too). */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}
