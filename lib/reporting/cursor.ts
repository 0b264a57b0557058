import { AppError } from '../errors';

/**
 * A keyset position: the last row's creation time in microseconds (PostgreSQL's precision: a JS Date
 * would round to milliseconds and skip or repeat rows made in the same one) and its id. Opaque to
 * merchants: base64url of `<micros>.<id>`.
 */
export interface Position {
  createdMicros: bigint;
  id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.createdMicros}.${position.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  const [micros, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('.') as (string | undefined)[];
  if (extra !== undefined || !micros || !/^\d{1,20}$/.test(micros) || !id || !/^[0-9a-f-]{36}$/.test(id)) {
    throw AppError.field('cursor', 'INVALID_CURSOR', 'Cursor must be a nextCursor this API answered');
  }
  return { createdMicros: BigInt(micros), id };
}
