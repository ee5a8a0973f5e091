// Setting the second backup folder to one Recur cannot make: a plain sentence, and nothing changed.
// Tests may run as root, for whom no folder is read-only: a refused folder is made by the io seam
// (as the other backup tests make a disk full), a file in the way by a real file.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as IoModule from '../../../electron/core/backup/io';
import { fileCore, ownerOf, tempFolder, type FileCore } from './support';

/** Folders under a path with this name refuse to be made, as on a drive the user may not write to. */
const DENIED = 'no-entry';

vi.mock('../../../electron/core/backup/io', async (real) => {
  const io = await real<typeof IoModule>();
  return {
    ...io,
    nodeIo: {
      ...io.nodeIo,
      mkdir: (folder: string) => {
        if (folder.includes(DENIED))
          throw Object.assign(new Error(`EACCES: permission denied, mkdir '${folder}'`), { code: 'EACCES' });
        return io.nodeIo.mkdir(folder);
      },
    },
  };
});

let tmp: ReturnType<typeof tempFolder>;
let t: FileCore;
let owner: string;
beforeEach(async () => {
  tmp = tempFolder('second-folder');
  t = fileCore(tmp.dir);
  owner = await ownerOf(t);
});
afterEach(() => {
  t.close();
  tmp.remove();
});

describe('backups.settings: a second folder that cannot be made', () => {
  const before = async () => {
    const usb = join(tmp.dir, 'usb');
    await t.call(owner, 'backups.settings', { secondFolder: usb });
    return usb;
  };

  it('ENOTDIR (a file where a folder should be): says so and keeps the old folder and passphrase', async () => {
    const usb = await before();
    const file = join(tmp.dir, 'notes.txt');
    writeFileSync(file, 'x');
    const wanted = join(file, 'backups');
    const error = await t.fail(owner, 'backups.settings', {
      secondFolder: wanted,
      passphrase: 'a long passphrase',
    });
    const sentence = `Recur could not create the folder ${wanted}: part of that path is a file, not a folder.`;
    expect(error).toMatchObject({
      code: 'VALIDATION',
      message: sentence,
      fields: { secondFolder: sentence },
    });
    const list = await t.call(owner, 'backups.list', {});
    expect(list).toMatchObject({ secondFolder: usb, passphraseSet: false });
  });

  it('EACCES (a folder Recur may not write in): "permission denied", nothing made or saved', async () => {
    const usb = await before();
    const wanted = join(tmp.dir, DENIED, 'recur');
    const error = await t.fail(owner, 'backups.settings', { secondFolder: wanted });
    const sentence = `Recur could not create the folder ${wanted}: permission denied.`;
    expect(error).toMatchObject({
      code: 'VALIDATION',
      message: sentence,
      fields: { secondFolder: sentence },
    });
    expect(existsSync(join(tmp.dir, DENIED))).toBe(false);
    expect((await t.call(owner, 'backups.list', {})).secondFolder).toBe(usb);
  });
});
