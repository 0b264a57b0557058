// The embedded store's owner: a worker thread that opens PGlite on the data directory and answers
// the main thread's queries (lib/db/pglite-thread.ts), so the database's WebAssembly work runs beside
// request handling instead of in its turn. Plain JavaScript, loaded by path: Next.js does not bundle it.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, parse, protocol, types } from '@electric-sql/pglite';

// Drizzle maps dates, timestamps and intervals itself: PGlite returns them as text (see pglite-client.ts).
const asText = (value) => value;
const textTypes = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];
const parsers = Object.fromEntries(textTypes.map((type) => [type, asText]));

/** What survives postMessage of a database error: its message and every field (code, detail, …). */
function describe(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return { ...fields, name: error.name, message: error.message };
}

const port = parentPort;
/** Open transactions by id: the handle PGlite gave, and how to end its callback. */
const transactions = new Map();

/** Statement texts by the number the main thread gave them (sent with their first use). */
const statements = new Map();

/**
 * Statements PGlite has parsed and planned once, by number: their name in the backend and what
 * Describe told of them. PGlite's query() parses, analyses and plans every statement on every call
 * (an unnamed statement); naming the main thread's statements lets PostgreSQL's plan cache keep
 * that work, and each call is then Bind, Execute and Sync. Only plannable statements are named.
 */
const named = new Map();
const PLANNABLE = /^\s*(select|insert|update|delete|with)\b/i;
const step = (message) => db.execProtocolStream(message, { syncToFs: false });

async function describeNamed(sid, text) {
  const name = `kasa_${sid}`;
  let described;
  try {
    await step(protocol.serialize.parse({ name, text }));
    described = await step(protocol.serialize.describe({ type: 'S', name }));
  } finally {
    await step(protocol.serialize.sync());
  }
  const statement = {
    name,
    paramTypes: parse.parseDescribeStatementResults(described),
    // Field names and types of the rows (a RowDescription), or none (NoData).
    rowDescription: described.filter((message) => message.name === 'rowDescription'),
  };
  named.set(sid, statement);
  return statement;
}

/** query() for a named statement; the caller holds PGlite's query lock. */
async function queryNamed(sid, text, params, options) {
  const statement = named.get(sid) ?? (await describeNamed(sid, text));
  const values = params.map((value, index) => {
    if (value === null || value === undefined) return null;
    const serialize = db.serializers[statement.paramTypes[index]];
    return serialize ? serialize(value) : value.toString();
  });
  const messages = [...statement.rowDescription];
  try {
    messages.push(...(await step(protocol.serialize.bind({ statement: statement.name, values }))));
    messages.push(...(await step(protocol.serialize.execute({}))));
  } finally {
    messages.push(...(await step(protocol.serialize.sync())));
  }
  return parse.parseResults(messages, db.parsers, options)[0];
}

function run(message) {
  if (message.sid !== undefined && message.text !== undefined) statements.set(message.sid, message.text);
  const text = message.text ?? statements.get(message.sid);
  const open = message.tx === undefined ? null : transactions.get(message.tx);
  if (message.tx !== undefined && !open) return Promise.reject(new Error('Transaction is closed'));
  if (message.op === 'query' && message.sid !== undefined && PLANNABLE.test(text)) {
    const query = () => db._runExclusiveQuery(() => queryNamed(message.sid, text, message.params ?? [], message.options));
    // Outside a transaction, wait for any open one (as query() does), and sync as query() does after a write.
    if (open) return query();
    return db._runExclusiveTransaction(async () => {
      const result = await query();
      await db.syncToFs();
      return result;
    });
  }
  const target = open ? open.handle : db;
  if (message.op === 'query') return target.query(text, message.params, message.options);
  return target.exec(text);
}

function begin(id) {
  let opened;
  const ready = new Promise((resolve) => { opened = resolve; });
  const done = db.transaction(
    (handle) =>
      new Promise((resolve, reject) => {
        transactions.set(id, { handle, commit: resolve, rollback: reject });
        opened();
      }),
  );
  // Only the end message reports how the transaction finished.
  done.catch(() => undefined);
  // BEGIN may fail before the callback runs: the end message then reports that.
  return { ready: Promise.race([ready, done.then(() => undefined)]), done };
}

const finishing = new Map();
let db;

async function handle(message) {
  switch (message.op) {
    case 'query':
    case 'exec':
      return run(message);
    case 'begin': {
      const opened = begin(message.id);
      finishing.set(message.id, opened.done);
      try {
        await opened.ready;
      } catch (error) {
        finishing.delete(message.id);
        throw error;
      }
      return null;
    }
    case 'end': {
      const open = transactions.get(message.tx);
      const done = finishing.get(message.tx);
      transactions.delete(message.tx);
      finishing.delete(message.tx);
      if (open) {
        if (message.commit) open.commit();
        else open.rollback(new Error('rolled back'));
      }
      try {
        await done;
      } catch (error) {
        if (message.commit) throw error;
      }
      return null;
    }
    case 'close':
      await db.close();
      return null;
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

try {
  db = await PGlite.create(workerData.directory, { parsers });
  port.postMessage({ id: 0, ok: true });
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: describe(error) });
}

port.on('message', (message) => {
  handle(message).then(
    (result) => { port.postMessage({ id: message.id, ok: true, result }); },
    (error) => { port.postMessage({ id: message.id, ok: false, error: describe(error) }); },
  );
});
