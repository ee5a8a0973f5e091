import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { AppError } from '../../../shared/errors';

/**
 * Encrypted backups (`.sqlite.enc`): AES-256-GCM with a key from scrypt, streamed so a large database
 * never sits in memory. Layout: `RECURBAK` · version (1 byte) · salt (16) · iv (12) · ciphertext ·
 * GCM tag (16). The header is authenticated too (as additional data), so nothing in the file can be
 * changed unnoticed.
 */
const MAGIC = Buffer.from('RECURBAK', 'ascii');
const VERSION = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const HEADER_BYTES = MAGIC.length + 1 + SALT_BYTES + IV_BYTES;
// scrypt cost: ~100 ms and 32 MB on a desk computer, a real obstacle to guessing offline.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, SCRYPT, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** Streams `source` into `target` encrypted. The caller closes nothing: `target` ends with the stream. */
export async function encryptStream(source: ReadStream, target: Writable, passphrase: string): Promise<void> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), salt, iv]);
  const key = await deriveKey(passphrase, salt);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header);
  await pipeline(
    source,
    async function* (chunks: AsyncIterable<Buffer>) {
      yield header;
      for await (const chunk of chunks) yield cipher.update(chunk);
      yield cipher.final();
      yield cipher.getAuthTag();
    },
    target,
  );
}

/** True when the file starts like an encrypted Recur backup (whatever its name). */
export async function isEncryptedFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, MAGIC.length, 0);
    return bytesRead === MAGIC.length && head.equals(MAGIC);
  } finally {
    await handle.close();
  }
}

const wrongPassphrase = () =>
  new AppError('VALIDATION', 'That passphrase does not open this backup, or the file has been changed.', {
    passphrase: 'That passphrase does not open this backup',
  });

/**
 * Decrypts `file` into `target`. GCM only proves the data at the very end, so the caller writes to a
 * scratch file and uses it only when this resolves: a wrong passphrase or a changed byte rejects.
 */
export async function decryptFile(file: string, target: Writable, passphrase: string): Promise<void> {
  const handle = await open(file, 'r');
  let header: Buffer;
  let tag: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    if (size < HEADER_BYTES + TAG_BYTES) throw wrongPassphrase();
    header = Buffer.alloc(HEADER_BYTES);
    await handle.read(header, 0, HEADER_BYTES, 0);
    tag = Buffer.alloc(TAG_BYTES);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await handle.close();
  }
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new AppError('VALIDATION', 'This file is not an encrypted Recur backup.');
  }
  if (header[MAGIC.length] !== VERSION) {
    throw new AppError('VALIDATION', 'This backup was encrypted by a newer Recur. Update Recur to open it.');
  }
  const salt = header.subarray(MAGIC.length + 1, MAGIC.length + 1 + SALT_BYTES);
  const iv = header.subarray(MAGIC.length + 1 + SALT_BYTES, HEADER_BYTES);
  const key = await deriveKey(passphrase, salt);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(header);
  decipher.setAuthTag(tag);
  try {
    await pipeline(
      createReadStream(file, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 }),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) yield decipher.update(chunk);
        yield decipher.final();
      },
      target,
    );
  } catch (e) {
    if (e instanceof Error && /unable to authenticate|auth/i.test(e.message)) throw wrongPassphrase();
    throw e;
  }
}
