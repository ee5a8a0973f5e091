import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDataFolder, parseServeArgs } from '../../electron/server/args';
import { filePreferences, fileSecrets } from '../../electron/server/ports';

describe('parseServeArgs', () => {
  it('defaults to the app-data folder, port 5177 and 127.0.0.1', () => {
    expect(parseServeArgs([])).toEqual({
      dataFolder: defaultDataFolder(),
      port: 5177,
      host: '127.0.0.1',
      restore: null,
    });
  });

  it('reads --data, --port and --host', () => {
    expect(parseServeArgs(['--data', '/srv/recur', '--port', '0'])).toEqual({
      dataFolder: '/srv/recur',
      port: 0,
      host: '127.0.0.1',
      restore: null,
    });
    expect(parseServeArgs(['--port', '8080', '--host', '0.0.0.0', '--data', 'D'])).toEqual({
      dataFolder: 'D',
      port: 8080,
      host: '0.0.0.0',
      restore: null,
    });
  });

  it('reads --restore FILE, the way out of a damaged database', () => {
    expect(parseServeArgs(['--data', 'D', '--restore', '/media/usb/recur.sqlite'])).toMatchObject({
      dataFolder: 'D',
      restore: '/media/usb/recur.sqlite',
    });
    expect(() => parseServeArgs(['--restore'])).toThrow('--restore needs a value');
  });

  it.each([['abc'], ['70000'], ['-1'], ['1.5'], ['65536']])('refuses --port %j', (port) => {
    expect(() => parseServeArgs(['--port', port])).toThrow('--port must be 0–65535');
  });

  it.each([[''], [' ']])('refuses an empty --port %j instead of taking it as 0 (a random port)', (port) => {
    expect(() => parseServeArgs(['--port', port])).toThrow('--port must be 0–65535');
  });

  it('refuses an unknown option, naming it and the ones that exist', () => {
    expect(() => parseServeArgs(['--verbose'])).toThrow(
      'Unknown option --verbose. Use --data DIR, --port N, --host H, --restore FILE.',
    );
    expect(() => parseServeArgs(['serve'])).toThrow(/Unknown option serve/);
  });

  it('refuses an option without its value', () => {
    expect(() => parseServeArgs(['--data'])).toThrow('--data needs a value');
    expect(() => parseServeArgs(['--data', '--port', '1'])).toThrow('--data needs a value');
    expect(() => parseServeArgs(['--port'])).toThrow('--port needs a value');
  });
});

describe('defaultDataFolder (where Electron keeps userData, so both modes share one database)', () => {
  it('uses ~/.config/Recur on Linux, or $XDG_CONFIG_HOME/Recur', () => {
    expect(defaultDataFolder('linux', {}, '/home/ana')).toBe(join('/home/ana', '.config', 'Recur'));
    expect(defaultDataFolder('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana')).toBe(join('/xdg', 'Recur'));
  });

  it('treats an empty XDG_CONFIG_HOME as unset (XDG spec, as Electron does), never a relative folder', () => {
    expect(defaultDataFolder('linux', { XDG_CONFIG_HOME: '' }, '/home/ana')).toBe(
      join('/home/ana', '.config', 'Recur'),
    );
  });

  it('uses ~/Library/Application Support/Recur on macOS', () => {
    expect(defaultDataFolder('darwin', { XDG_CONFIG_HOME: '/ignored' }, '/Users/ana')).toBe(
      join('/Users/ana', 'Library', 'Application Support', 'Recur'),
    );
  });

  it('uses %APPDATA%\\Recur on Windows, or the roaming folder under home', () => {
    const appData = 'C:\\Users\\ana\\AppData\\Roaming';
    expect(defaultDataFolder('win32', { APPDATA: appData }, 'C:\\Users\\ana')).toBe(join(appData, 'Recur'));
    expect(defaultDataFolder('win32', {}, 'C:\\Users\\ana')).toBe(
      join('C:\\Users\\ana', 'AppData', 'Roaming', 'Recur'),
    );
  });

  it('defaults to the real platform and home', () => {
    expect(defaultDataFolder()).toBe(defaultDataFolder(process.platform, process.env, homedir()));
  });
});

describe('file-backed ports', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'recur-ports-'));
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('filePreferences: theme auto until set; survives a new instance; a broken file falls back', () => {
    expect(filePreferences(folder).get()).toEqual({ theme: 'auto' });
    filePreferences(folder).set({ theme: 'dark' });
    expect(filePreferences(folder).get()).toEqual({ theme: 'dark' });
    writeFileSync(join(folder, 'preferences.json'), '{ not json');
    expect(filePreferences(folder).get()).toEqual({ theme: 'auto' });
  });

  it('fileSecrets: stored in secrets.json readable by the owner only (0600), even over an existing file', () => {
    const secrets = fileSecrets(folder, {});
    expect(secrets.get('stripeSecretKey')).toBeNull();
    secrets.set('stripeSecretKey', 'sk_test_file');
    const file = join(folder, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ stripeSecretKey: 'sk_test_file' });
    expect(fileSecrets(folder, {}).get('stripeSecretKey')).toBe('sk_test_file');

    chmodSync(file, 0o644);
    secrets.set('smtpPassword', 'hunter22');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(secrets.get('smtpPassword')).toBe('hunter22');
    expect(secrets.get('stripeSecretKey')).toBe('sk_test_file');
  });

  it('fileSecrets: the environment variable in upper snake case beats the file', () => {
    fileSecrets(folder, {}).set('stripeSecretKey', 'sk_test_file');
    const withEnv = fileSecrets(folder, { STRIPE_SECRET_KEY: 'sk_test_env' });
    expect(withEnv.get('stripeSecretKey')).toBe('sk_test_env');
    expect(fileSecrets(folder, { SMTP_PASSWORD: 'from-env' }).get('smtpPassword')).toBe('from-env');
    expect(fileSecrets(folder, { STRIPESECRETKEY: 'wrong name' }).get('stripeSecretKey')).toBe(
      'sk_test_file',
    );
  });

  it('fileSecrets: delete removes one secret and keeps the others', () => {
    const secrets = fileSecrets(folder, {});
    secrets.set('stripeSecretKey', 'sk');
    secrets.set('smtpPassword', 'pw');
    secrets.delete('stripeSecretKey');
    expect(secrets.get('stripeSecretKey')).toBeNull();
    expect(secrets.get('smtpPassword')).toBe('pw');
    expect(statSync(join(folder, 'secrets.json')).mode & 0o777).toBe(0o600);
  });
});
