// CSV as Kehu's exports write it (RFC 4180, CRLF, optional UTF-8 BOM).

/** Parse CSV text into rows of cells. */
export function parseCsv(text) {
  const rows = []; let row = []; let cell = ''; let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r') { /* CRLF */ } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** The customer codes of an export's rows (after the watermark and the header), sorted. */
export const exportedCodes = (rows) => rows.slice(2).map((r) => r[0]).sort();

/** A UTF-8 export file (with its BOM) as rows. */
export function csvRows(buf) {
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  return parseCsv(buf.subarray(start).toString('utf8'));
}
