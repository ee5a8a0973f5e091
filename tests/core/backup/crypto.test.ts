import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decryptFile,
  encryptStream,
  HEADER_BYTES,
  isEncryptedFile,
} from '../../../electron/core/backup/crypto';
import { tempFolder } from './support';

const tmp = tempFolder('crypto');
afterAll(() => tmp.remove());

async function seal(plain: Buffer, passphrase: string): Promise<string> {
  const src = join(tmp.dir, `plain-${randomBytes(4).toString('hex')}`);
  const out = `${src}.enc`;
  writeFileSync(src, plain);
  await encryptStream(createReadStream(src), createWriteStream(out), passphrase);
  return out;
}

describe('encrypted backups (AES-256-GCM, key from scrypt)', () => {
  it('round-trips a file larger than one stream chunk, and the ciphertext hides it', async () => {
    const plain = Buffer.concat([Buffer.from('SQLite format 3\0'), randomBytes(300_000)]);
    const sealed = await seal(plain, 'correct horse battery');
    const bytes = readFileSync(sealed);
    expect(bytes.subarray(0, 8).toString()).toBe('RECURBAK');
    expect(bytes.length).toBe(plain.length + HEADER_BYTES + 16);
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(await isEncryptedFile(sealed)).toBe(true);
    const back = `${sealed}.out`;
    await decryptFile(sealed, createWriteStream(back), 'correct horse battery');
    expect(readFileSync(back).equals(plain)).toBe(true);
  });

  it('refuses a wrong passphrase with a sentence, not a crypto error', async () => {
    const sealed = await seal(Buffer.from('members and invoices'), 'correct horse battery');
    await expect(
      decryptFile(sealed, createWriteStream(`${sealed}.out`), 'wrong horse battery'),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'That passphrase does not open this backup, or the file has been changed.',
    });
  });

  it('notices one changed byte, in the data or in the header', async () => {
    const sealed = await seal(randomBytes(5000), 'correct horse battery');
    for (const at of [HEADER_BYTES + 100, 9 /* inside the salt */]) {
      const bytes = readFileSync(sealed);
      bytes[at] = bytes[at]! ^ 1;
      const changed = `${sealed}.${at}`;
      writeFileSync(changed, bytes);
      await expect(
        decryptFile(changed, createWriteStream(`${changed}.out`), 'correct horse battery'),
      ).rejects.toMatchObject({
        code: 'VALIDATION',
      });
    }
  });
});
