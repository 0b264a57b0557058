import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config } from './config';

/**
 * Keys derived from KASA_SECRET_KEY. In sandbox mode without one, a random key is generated once and
 * kept in DATA_DIR/secret.key, so hashes and sealed values survive restarts.
 */
let masterKey: Buffer | undefined;
const derivedKeys = new Map<string, Buffer>();

function loadMasterKey(): Buffer {
  if (config.secretKey) return Buffer.from(config.secretKey, 'utf8');
  const file = path.join(config.dataDir, 'secret.key');
  mkdirSync(config.dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

/** Purposes keep keys apart: a hash made for one use can never be replayed as another. */
export type KeyPurpose =
  | 'api-secret'
  | 'pan-fingerprint'
  | 'callback-secret'
  | 'card-data'
  | 'security-key'
  | 'challenge-reference'
  | 'request-fingerprint'
  | 'bank-credentials'
  | 'three-ds-authentication';

function keyFor(purpose: KeyPurpose): Buffer {
  let key = derivedKeys.get(purpose);
  if (!key) {
    masterKey ??= loadMasterKey();
    key = Buffer.from(hkdfSync('sha256', masterKey, 'kasa', purpose, 32));
    derivedKeys.set(purpose, key);
  }
  return key;
}

/** HMAC-SHA256 under the purpose's key, hex. */
export function keyedHash(purpose: KeyPurpose, value: string): string {
  return createHmac('sha256', keyFor(purpose)).update(value).digest('hex');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares two hex digests without leaking where they differ. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** A URL-safe random token of `bytes` bytes from the CSPRNG. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Prefixed ids for Kasa's own objects; 16 random bytes keep them unguessable. */
export const newId = (prefix: string) => `${prefix}_${randomToken(16)}`;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Payment, checkout and refund ids are UUIDs; anything else names none (and must not reach a uuid column). */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** AES-256-GCM; `context` (e.g. the owning row's id) is bound as associated data. */
export function seal(purpose: KeyPurpose, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export function unseal(purpose: KeyPurpose, sealed: string, context: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.') as (string | undefined)[];
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Unknown sealed value format');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
