import { API_HEADERS } from '../http/respond';

/**
 * RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, quote or line
 * break. A text cell starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`, so
 * a spreadsheet opening the export shows it instead of running it as a formula (OWASP CSV injection).
 */
/** What a CSV cell is made from. */
export type CsvValue = string | number | boolean | Date | null | undefined;

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Whether the client asked for CSV (`Accept: text/csv`) rather than JSON. */
export function wantsCsv(request: Request): boolean {
  return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(request.headers.get('accept') ?? '');
}

/**
 * Streams `header` then the rows of every page `nextPage` answers, one page in memory at a time, as
 * `text/csv`; the next page is read only when the client has taken the previous one.
 */
export function csvResponse<Row>(options: {
  filename: string;
  header: readonly string[];
  toCells: (row: Row) => readonly CsvValue[];
  nextPage: (cursor: string | null) => Promise<{ rows: Row[]; nextCursor: string | null }>;
}): Response {
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let done = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(csvRow(options.header)));
      },
      async pull(controller) {
        if (done) { controller.close(); return; }
        const page = await options.nextPage(cursor);
        controller.enqueue(encoder.encode(page.rows.map((row) => csvRow(options.toCells(row))).join('')));
        cursor = page.nextCursor;
        done = cursor === null;
        if (done) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${options.filename}"`,
      ...API_HEADERS,
    },
  });
}
