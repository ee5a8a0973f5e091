import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../e2e/support/find-browser';

/** Deliverable 6: the end-to-end browser is found in the README's order, or one line says what to install. */

const dir = mkdtempSync(join(tmpdir(), 'recur-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fakeBrowser = (name: string) => {
  const file = join(dir, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
};

describe('findBrowser', () => {
  it('takes RECUR_CHROMIUM first, even with another browser on the PATH', async () => {
    const chosen = fakeBrowser('my-chrome');
    fakeBrowser('chromium');
    const found = await findBrowser({ RECUR_CHROMIUM: chosen, PATH: dir }, 'linux');
    expect(found).toMatchObject({ executablePath: chosen, source: 'RECUR_CHROMIUM' });
  });

  it('says in one line when RECUR_CHROMIUM points nowhere', async () => {
    await expect(findBrowser({ RECUR_CHROMIUM: join(dir, 'nope') }, 'linux')).rejects.toThrow(
      /^RECUR_CHROMIUM points at .*nope, which does not exist\.$/,
    );
  });

  it('finds an installed Chromium or Chrome by its usual names on the PATH', async () => {
    const chrome = fakeBrowser('google-chrome');
    const found = await findBrowser({ PATH: `/nonexistent:${dir}` }, 'darwin');
    // `chromium` (made above) comes before `google-chrome` in the order of names.
    expect(found).toMatchObject({ source: 'system', executablePath: join(dir, 'chromium') });
    rmSync(join(dir, 'chromium'));
    expect((await findBrowser({ PATH: dir }, 'darwin')).executablePath).toBe(chrome);
  });

  it('skips installed browsers with RECUR_BROWSER=bundled, and with nothing to use says what to install', async () => {
    const e = await findBrowser({ PATH: dir, RECUR_BROWSER: 'bundled' }, 'darwin').catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toBe(
      'No Chromium or Chrome found for the end-to-end tests: install Chromium or Google Chrome, or set RECUR_CHROMIUM=/path/to/chrome.',
    );
    expect((e as Error).message).not.toContain('\n');
  });
});
