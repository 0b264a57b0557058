import { describe, expect, test } from 'vitest';
import { csvResponse, csvRow, wantsCsv } from './csv';

describe('csvRow', () => {
  test('quotes fields holding a comma, quote or line break, doubling quotes; nulls are empty', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', null, 12.5, true])).toBe('plain,"a,b","say ""hi""","two\nlines",,12.5,true\r\n');
  });

  test.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('a text cell starting like a formula (%j) is prefixed with a quote', (cell) => {
    expect(csvRow([cell]).startsWith(`'`) || csvRow([cell]).startsWith(`"'`)).toBe(true);
  });

  test('numbers are written as numbers, even negative ones', () => {
    expect(csvRow([-1.5])).toBe('-1.5\r\n');
  });
});

describe('wantsCsv', () => {
  test.each([
    ['text/csv', true],
    ['application/json, text/csv;q=0.9', true],
    ['text/csv-schema', false],
    ['application/json', false],
  ])('Accept %j → %s', (accept, expected) => {
    expect(wantsCsv(new Request('http://x/', { headers: { accept } }))).toBe(expected);
  });
});

describe('csvResponse', () => {
  test('streams the header and then every page, asking for the next page only as the reader takes them', async () => {
    const asked: (string | null)[] = [];
    const pages: Record<string, { rows: number[]; nextCursor: string | null }> = {
      start: { rows: [1, 2], nextCursor: 'b' },
      b: { rows: [3], nextCursor: 'c' },
      c: { rows: [4, 5], nextCursor: null },
    };
    const response = csvResponse<number>({
      filename: 'n.csv',
      header: ['n'],
      toCells: (n) => [n],
      nextPage: (cursor) => {
        asked.push(cursor);
        return Promise.resolve(pages[cursor ?? 'start']);
      },
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe('n\r\n');
    expect(asked.length).toBeLessThanOrEqual(1);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('1\r\n2\r\n3\r\n4\r\n5\r\n');
    expect(asked).toEqual([null, 'b', 'c']);
  });
});
