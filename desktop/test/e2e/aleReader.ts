// A small reader of Avid Log Exchange files for the e2e tests, from the format's description
// (/work/shared/reference/formats/ale.md): `Heading`, `Column` and `Data` each alone on a
// line, TAB-separated fields, LF, CRLF or CR line ends, blank lines anywhere, trailing TABs
// allowed. It is strict where a writer could go wrong: a Data row with more fields than the
// Column line, a section out of order, or a heading line without a key is an error naming
// its line.

export interface AleFile {
  heading: Record<string, string>;
  columns: string[];
  /** One record per Data row, by column name; a field left out at the end is ''. */
  rows: Record<string, string>[];
  lineEnding: 'CRLF' | 'LF' | 'CR';
}

export function readAle(text: string): AleFile {
  const lineEnding = text.includes('\r\n') ? 'CRLF' : text.includes('\r') ? 'CR' : 'LF';
  const lines = text.split(/\r\n|\r|\n/);
  const heading: Record<string, string> = {};
  let columns: string[] | null = null;
  const rows: Record<string, string>[] = [];
  let section: 'none' | 'Heading' | 'Column' | 'Data' = 'none';
  const order = ['none', 'Heading', 'Column', 'Data'];
  lines.forEach((line, index) => {
    const at = `line ${index + 1}`;
    if (line.trim() === '') return;
    if (line === 'Heading' || line === 'Column' || line === 'Data') {
      if (order.indexOf(line) !== order.indexOf(section) + 1) throw new Error(`${at}: ${line} after ${section}`);
      section = line;
      return;
    }
    const fields = line.split('\t');
    while (fields.length > 1 && fields.at(-1) === '') fields.pop();
    switch (section) {
      case 'none':
        throw new Error(`${at}: text before the Heading section`);
      case 'Heading':
        // A line may hold several key/value pairs.
        if (fields.length % 2 !== 0) throw new Error(`${at}: a heading key without a value: ${JSON.stringify(line)}`);
        for (let i = 0; i < fields.length; i += 2) heading[fields[i]!] = fields[i + 1]!;
        return;
      case 'Column':
        if (columns) throw new Error(`${at}: a second Column line`);
        columns = fields;
        return;
      case 'Data': {
        const names = columns ?? [];
        if (fields.length > names.length) throw new Error(`${at}: ${fields.length} fields for ${names.length} columns`);
        rows.push(Object.fromEntries(names.map((name, column) => [name, fields[column] ?? ''])));
        return;
      }
    }
  });
  if (!columns) throw new Error('no Column section');
  return { heading, columns, rows, lineEnding };
}
