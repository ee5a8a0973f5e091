import { isAbsolute, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkNativeBinding, describeOpenFailure } from '../../electron/main/native-binding';
import { chooseDataFolder, resolveAppPaths } from '../../electron/main/paths';

vi.mock('electron', () => ({}));

const base = {
  resourcesPath: '/opt/Recur/resources',
  appPath: '/home/dev/recur',
  userData: '/home/owner/.config/Recur',
  mainDir: '/home/dev/recur/out/main',
};

describe('app paths', () => {
  it('uses the repository in development', () => {
    const p = resolveAppPaths({ ...base, isPackaged: false });
    expect(p.migrationsFolder).toBe(join('/home/dev/recur', 'db', 'migrations'));
    expect(p.nativeBinding).toBe(join('/home/dev/recur', '.electron-native', 'better_sqlite3.node'));
    expect(p.preload).toBe(join('/home/dev/recur/out/preload/index.cjs'));
    expect(p.rendererDir).toBe(join('/home/dev/recur/out/renderer'));
  });

  it('uses extraResources when packaged', () => {
    const p = resolveAppPaths({ ...base, isPackaged: true });
    expect(p.migrationsFolder).toBe(join('/opt/Recur/resources', 'migrations'));
    expect(p.nativeBinding).toBe(join('/opt/Recur/resources', 'native', 'better_sqlite3.node'));
    expect(p.fontsFolder).toBe(join('/opt/Recur/resources', 'fonts'));
  });

  it('keeps the database, backups and logs in the data folder', () => {
    const p = resolveAppPaths({ ...base, isPackaged: true });
    expect(p.databaseFile).toBe(join(base.userData, 'recur.sqlite'));
    expect(p.backupsDir).toBe(join(base.userData, 'backups'));
    expect(p.logsDir).toBe(join(base.userData, 'logs'));
  });

  it('never lets development touch the real data folder', () => {
    const args = {
      appData: '/home/owner/.config',
      defaultUserData: '/home/owner/.config/Recur',
      env: {},
      isAbsolute,
    };
    expect(chooseDataFolder({ ...args, isPackaged: true })).toBe('/home/owner/.config/Recur');
    expect(chooseDataFolder({ ...args, isPackaged: false })).toBe(
      join('/home/owner/.config', 'Recur (development)'),
    );
    expect(chooseDataFolder({ ...args, isPackaged: true, env: { RECUR_DATA_DIR: '/srv/training' } })).toBe(
      '/srv/training',
    );
    expect(chooseDataFolder({ ...args, isPackaged: true, env: { RECUR_DATA_DIR: 'relative' } })).toBe(
      '/home/owner/.config/Recur',
    );
  });
});

describe('native binding', () => {
  it('is fine when the file exists', () => {
    expect(checkNativeBinding('/x.node', false, () => true)).toBeNull();
  });

  it('tells the developer to run npm run rebuild:electron', () => {
    const problem = checkNativeBinding('/repo/.electron-native/better_sqlite3.node', false, () => false);
    expect(problem?.message).toContain('npm run rebuild:electron');
    expect(problem?.message).toContain('/repo/.electron-native/better_sqlite3.node');
  });

  it('tells the owner to reinstall when packaged', () => {
    expect(checkNativeBinding('/x.node', true, () => false)?.message).toMatch(/reinstall/);
  });

  it('explains an ABI mismatch and a locked database', () => {
    const abi = new Error(
      'The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 140.',
    );
    expect(describeOpenFailure(abi, '/d/recur.sqlite', false).message).toContain('npm run rebuild:electron');
    expect(
      describeOpenFailure(new Error('SQLITE_BUSY: database is locked'), '/d/recur.sqlite', true).title,
    ).toMatch(/in use/);
    expect(describeOpenFailure(new Error('disk I/O error'), '/d/recur.sqlite', true).message).toContain(
      'backup',
    );
  });
});
