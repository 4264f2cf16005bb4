import type { Municipality } from './municipality.ts';
import { MUNICIPALITY_CODE_PATTERN } from './municipality.ts';

/**
 * Reads the shipped classification (`code,name,province`, RFC 4180). The file is ours and small, so a malformed
 * line is a packaging error: it fails loudly, naming the line, instead of dropping a municipality.
 */
export function parseMunicipalityCsv(text: string): Municipality[] {
  // Split on CRLF too: a checkout with autocrlf must not make the header unreadable.
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  const [header, ...rows] = lines;
  if (header !== 'code,name,province')
    throw new Error(`municipality list: unexpected header ${JSON.stringify(header)}`);
  return rows.map((line, index) => {
    const cells = csvCells(line);
    const [code, name, province] = cells;
    if (cells.length !== 3 || code === undefined || !MUNICIPALITY_CODE_PATTERN.test(code) || !name || !province) {
      throw new Error(`municipality list, line ${index + 2}: expected code,name,province, got ${JSON.stringify(line)}`);
    }
    return { code, name, province };
  });
}

/** The cells of one CSV line: plain cells, or quoted ones in which `""` is a quote. */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      let cell = '';
      let next = at + 1;
      for (;;) {
        const quote = line.indexOf('"', next);
        if (quote === -1) throw new Error(`municipality list: unterminated quote in ${JSON.stringify(line)}`);
        cell += line.slice(next, quote);
        if (line[quote + 1] === '"') {
          cell += '"';
          next = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      cells.push(cell);
    } else {
      const comma = line.indexOf(',', at);
      const end = comma === -1 ? line.length : comma;
      cells.push(line.slice(at, end));
      at = end;
    }
    if (line[at] !== ',' && at < line.length)
      throw new Error(`municipality list: stray text after a quote in ${JSON.stringify(line)}`);
    at += 1;
  }
  return cells;
}
