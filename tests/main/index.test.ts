// Runs the real electron/main/index.ts against a scripted `electron` (fake-electron.ts): the wiring of
// the shell — what happens before and after `ready`, which handlers exist, what the window gets.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DAMAGED, NEWER, NEWEST_GOOD } from './data-problems';
import { FakeBrowserWindow, resetFake, type Fake } from './fake-electron';
import type * as DataFolderModule from '../../db/data-folder';
import type * as StartupModule from '../../electron/core/backup/startup';
import type { DataProblem } from '../../electron/core/backup/startup';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const h = vi.hoisted(() => ({
  stores: new Map<string, Map<string, unknown>>(),
  openDatabase: vi.fn(),
  createCore: vi.fn(),
  /** The data-folder lock (real in tests/transport/data-folder.test.ts; it needs Electron's better-sqlite3 here). */
  lockDataFolder: vi.fn(() => ({ release() {} })),
  /** The start-up check: the real one unless a test scripts its answer. */
  checkDataFolder: vi.fn<typeof StartupModule.checkDataFolder>(),
  realCheckDataFolder: null as typeof StartupModule.checkDataFolder | null,
  restoreBeforeStart: vi.fn<typeof StartupModule.restoreBeforeStart>(),
}));

vi.mock('electron-store', () => ({
  default: class {
    private data: Map<string, unknown>;
    constructor(options: { name: string }) {
      if (!h.stores.has(options.name)) h.stores.set(options.name, new Map());
      this.data = h.stores.get(options.name)!;
    }
    get(key: string) {
      return this.data.get(key);
    }
    set(key: string, value: unknown) {
      this.data.set(key, value);
    }
    delete(key: string) {
      this.data.delete(key);
    }
  },
}));
vi.mock('../../db/open', () => ({ openDatabase: h.openDatabase }));
vi.mock('../../db/data-folder', async (real) => ({
  ...(await real<typeof DataFolderModule>()),
  lockDataFolder: h.lockDataFolder,
}));
vi.mock('../../electron/core', () => ({ createCore: h.createCore }));
vi.mock('../../electron/core/backup/startup', async (real) => {
  const startup = await real<typeof StartupModule>();
  h.realCheckDataFolder = startup.checkDataFolder;
  return { ...startup, checkDataFolder: h.checkDataFolder, restoreBeforeStart: h.restoreBeforeStart };
});

function fakeCore() {
  const listeners = new Set<(e: unknown) => void>();
  return {
    dispatch: vi.fn(async (_session: { token: string | null }, channel: string) =>
      channel === 'auth.login'
        ? { ok: true, value: { token: 'tok-1', operator: { id: 1 } } }
        : { ok: true, value: null },
    ),
    events: {
      on: vi.fn((l: (e: unknown) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      }),
    },
    emit: (e: unknown) => listeners.forEach((l) => l(e)),
    sessionIsLive: vi.fn((_token: string) => true),
    scheduler: { runDue: vi.fn(async () => {}), start: vi.fn(), stop: vi.fn() },
    close: vi.fn(),
  };
}

const addedProcessListeners: Array<[string, (...args: unknown[]) => void]> = [];
const setEnv: string[] = [];
const tempDirs: string[] = [];

beforeEach(() => {
  // The shell's logger echoes to the console; keep the test output readable.
  for (const level of ['log', 'warn', 'error'] as const)
    vi.spyOn(console, level).mockImplementation(() => {});
});

interface BootOptions {
  gotLock?: boolean;
  native?: boolean;
  devUrl?: string;
  ready?: boolean;
  dbError?: Error;
  env?: Record<string, string>;
  /** What the start-up check answers (default: the real check of the data folder). */
  problem?: DataProblem;
  /** Files to put in the data folder before start. */
  prepare?: (dataFolder: string) => void;
  /** The buttons pressed in the message boxes shown, in order. */
  answers?: number[];
}

async function boot(options: BootOptions = {}) {
  vi.resetModules();
  h.stores.clear();
  h.openDatabase.mockReset().mockImplementation(() => {
    if (options.dbError) throw options.dbError;
    return { backupFile: null, close: vi.fn() };
  });
  for (const [k, v] of Object.entries(options.env ?? {})) {
    process.env[k] = v;
    setEnv.push(k);
  }
  const core = fakeCore();
  h.createCore.mockReset().mockReturnValue(core);

  h.checkDataFolder
    .mockReset()
    .mockImplementation((o) => (options.problem !== undefined ? options.problem : h.realCheckDataFolder!(o)));
  h.restoreBeforeStart.mockReset().mockResolvedValue({
    contents: {
      file: 'backup',
      createdAt: null,
      members: 5,
      invoices: 2,
      payments: 1,
      lastPaymentAt: null,
      businessName: null,
      schema: 'current',
    },
    keptAs: null,
  });

  const f: Fake = resetFake();
  const answers = [...(options.answers ?? [])];
  f.dialog.showMessageBox.mockImplementation(async () => ({
    response: answers.shift() ?? 0,
    checkboxChecked: false,
  }));
  const tmp = mkdtempSync(join(tmpdir(), 'recur-main-'));
  tempDirs.push(tmp);
  f.state.gotLock = options.gotLock ?? true;
  f.state.paths.appData = join(tmp, 'config');
  f.state.paths.userData = join(tmp, 'config', 'Recur');
  f.state.appPath = join(tmp, 'repo');
  if (options.native !== false) {
    mkdirSync(join(tmp, 'repo', '.electron-native'), { recursive: true });
    writeFileSync(join(tmp, 'repo', '.electron-native', 'better_sqlite3.node'), '');
  }
  if (options.prepare) {
    const folder = join(tmp, 'config', 'Recur (development)');
    mkdirSync(folder, { recursive: true });
    options.prepare(folder);
  }
  if (options.devUrl) process.env.ELECTRON_RENDERER_URL = options.devUrl;
  else delete process.env.ELECTRON_RENDERER_URL;

  const before = {
    uncaughtException: process.listeners('uncaughtException'),
    unhandledRejection: process.listeners('unhandledRejection'),
  };
  await import('../../electron/main/index');
  for (const name of ['uncaughtException', 'unhandledRejection'] as const) {
    const listeners = process.listeners(name as 'uncaughtException') as unknown[];
    for (const l of listeners) {
      if (!(before[name] as unknown[]).includes(l)) addedProcessListeners.push([name, l as never]);
    }
  }
  if (options.ready !== false) {
    f.state.resolveReady();
    await new Promise((r) => setTimeout(r, 0));
  }
  const dataFolder = join(tmp, 'config', 'Recur (development)');
  return { f, core, tmp, dataFolder, win: FakeBrowserWindow.all[0] };
}

const invokeHandler = (f: Fake) => {
  const call = f.ipcMain.handle.mock.calls.find((c) => c[0] === 'recur:invoke');
  if (!call) throw new Error('recur:invoke is not handled');
  return call[1] as (event: unknown, channel: unknown, input: unknown) => Promise<unknown>;
};

const eventFrom = (win: FakeBrowserWindow, url = 'app://recur/index.html') => ({
  sender: win.webContents,
  senderFrame: { url, parent: null },
});

afterEach(() => {
  for (const [name, l] of addedProcessListeners.splice(0)) process.removeListener(name, l);
  delete process.env.ELECTRON_RENDERER_URL;
  for (const k of setEnv.splice(0)) delete process.env[k];
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('start-up', () => {
  it('does the pre-ready work before ready, in order', async () => {
    const { f, dataFolder } = await boot({ ready: false });
    expect(f.app.setPath).toHaveBeenCalledWith('userData', dataFolder);
    expect(f.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(f.state.readyBeforeScheme).toBe(false);
    expect(f.app.enableSandbox).toHaveBeenCalled();
    // The lock lives in the data folder: it must be taken after the folder is chosen.
    expect(f.app.setPath.mock.invocationCallOrder[0]).toBeLessThan(
      f.app.requestSingleInstanceLock.mock.invocationCallOrder[0]!,
    );
    expect(f.protocol.handle).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('after ready: permissions, the app scheme, IPC, the database, the core, one window, the scheduler', async () => {
    const { f, core, tmp, dataFolder, win } = await boot();
    expect(f.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(f.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
    expect(f.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(f.ipcMain.handle).toHaveBeenCalledWith('recur:invoke', expect.any(Function));
    expect(f.ipcMain.removeAllListeners).toHaveBeenCalledWith('electron-store-get-data');

    expect(h.openDatabase).toHaveBeenCalledWith(
      expect.objectContaining({
        file: join(dataFolder, 'recur.sqlite'),
        backupDir: join(dataFolder, 'backups'),
        migrationsFolder: join(tmp, 'repo', 'db', 'migrations'),
        nativeBinding: join(tmp, 'repo', '.electron-native', 'better_sqlite3.node'),
      }),
    );
    const ports = h.createCore.mock.calls[0]![0];
    expect(ports).toMatchObject({ dataFolder, version: '0.1.0' });
    expect(ports.secrets).toBeDefined();
    expect(ports.preferences.get()).toEqual({ theme: 'auto' });
    expect(ports.testClock).toBeUndefined();

    expect(FakeBrowserWindow.all).toHaveLength(1);
    expect(win!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: true,
    });
    expect(String((win!.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload[\\/]index\.cjs$/,
    );
    expect(win!.options.show).toBe(false);
    expect(win!.loadURL).toHaveBeenCalledWith('app://recur/index.html');
    win!.emit('ready-to-show');
    expect(win!.show).toHaveBeenCalled();
    expect(core.scheduler.start).toHaveBeenCalledOnce();
    expect(win!.webContents.setWindowOpenHandler).toHaveBeenCalled();
  });

  it('a second instance quits without opening anything', async () => {
    const { f } = await boot({ gotLock: false });
    expect(f.app.quit).toHaveBeenCalled();
    expect(h.openDatabase).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('without the Electron build of better-sqlite3: a clear dialog, exit, no window', async () => {
    const { f } = await boot({ native: false });
    expect(f.dialog.showErrorBox).toHaveBeenCalledWith(
      expect.any(String),
      expect.stringContaining('npm run rebuild:electron'),
    );
    expect(f.app.exit).toHaveBeenCalledWith(1);
    expect(h.openDatabase).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('when a headless server holds the data folder: a clear dialog, exit, nothing opened', async () => {
    const { DataFolderBusyError } = await import('../../db/data-folder');
    h.lockDataFolder.mockImplementationOnce(() => {
      throw new DataFolderBusyError('/somewhere/Recur');
    });
    const { f } = await boot();
    expect(f.dialog.showErrorBox).toHaveBeenCalledWith(
      'Recur is already running',
      expect.stringContaining('Another copy of Recur is already using the data folder'),
    );
    expect(f.app.exit).toHaveBeenCalledWith(1);
    expect(h.openDatabase).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('when the database cannot be opened: a clear dialog, exit, no window', async () => {
    const { f } = await boot({ dbError: new Error('SQLITE_BUSY: database is locked') });
    expect(f.dialog.showErrorBox).toHaveBeenCalledWith(expect.stringMatching(/in use/), expect.any(String));
    expect(f.app.exit).toHaveBeenCalledWith(1);
    expect(h.createCore).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('RECUR_TEST_CLOCK=1 runs the core on the movable clock', async () => {
    const { f } = await boot({ env: { RECUR_TEST_CLOCK: '1' } });
    const ports = h.createCore.mock.calls[0]![0];
    expect(ports.testClock).toBeDefined();
    expect(ports.clock).toBe(ports.testClock);
    expect(f.app.exit).not.toHaveBeenCalled();
  });
});

describe('start-up checks of the data (damaged, emptied, newer)', () => {
  const [newest, damaged] = [NEWEST_GOOD, DAMAGED];
  const boxes = (f: Fake) => f.dialog.showMessageBox.mock.calls.map((c) => c[0] as Record<string, unknown>);
  const nothingOpened = (f: Fake) => {
    expect(h.openDatabase).not.toHaveBeenCalled();
    expect(h.createCore).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
    expect(f.ipcMain.handle).not.toHaveBeenCalledWith('recur:invoke', expect.anything());
  };

  it('healthy data (here a first run): no dialog, the database opens', async () => {
    const { f, dataFolder } = await boot();
    expect(h.checkDataFolder).toHaveBeenCalledWith(
      expect.objectContaining({ dataFolder, databaseFile: join(dataFolder, 'recur.sqlite') }),
    );
    expect(h.checkDataFolder.mock.results[0]!.value).toBeNull();
    expect(f.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(h.openDatabase).toHaveBeenCalledOnce();
  });

  it('damaged: “Restore the newest good backup” restores that file, then relaunches', async () => {
    const { f, dataFolder } = await boot({ problem: damaged, answers: [0, 0] });
    await vi.waitFor(() => expect(f.app.exit).toHaveBeenCalled());
    expect(boxes(f)[0]).toMatchObject({
      type: 'error',
      message: 'Recur’s data file is damaged',
      buttons: [expect.stringMatching(/^Restore the newest good backup \(/), 'Choose a backup file…', 'Quit'],
      cancelId: 2,
    });
    expect(h.restoreBeforeStart).toHaveBeenCalledWith(
      expect.objectContaining({
        source: newest.path,
        dataFolder,
        databaseFile: join(dataFolder, 'recur.sqlite'),
        nativeBinding: expect.stringMatching(/better_sqlite3\.node$/),
      }),
    );
    expect(boxes(f)[1]).toMatchObject({ message: 'Backup restored', buttons: ['Start Recur'] });
    expect(f.app.relaunch).toHaveBeenCalledOnce();
    expect(f.app.exit).toHaveBeenCalledWith(0);
    expect(f.app.relaunch.mock.invocationCallOrder[0]).toBeLessThan(f.app.exit.mock.invocationCallOrder[0]!);
    nothingOpened(f);
  });

  it('damaged: “Quit” exits without opening or restoring anything', async () => {
    const { f } = await boot({ problem: damaged, answers: [2] });
    await vi.waitFor(() => expect(f.app.exit).toHaveBeenCalledWith(1));
    expect(h.restoreBeforeStart).not.toHaveBeenCalled();
    expect(f.app.relaunch).not.toHaveBeenCalled();
    nothingOpened(f);
  });

  it('a zero-length file where a database existed (the real check): never a fresh install', async () => {
    const { f } = await boot({
      prepare: (folder) => {
        writeFileSync(join(folder, 'recur-data.json'), '{}');
        writeFileSync(join(folder, 'recur.sqlite'), '');
      },
      answers: [1],
    });
    await vi.waitFor(() => expect(f.app.exit).toHaveBeenCalledWith(1));
    expect(h.checkDataFolder.mock.results[0]!.value).toMatchObject({ kind: 'missing' });
    expect(boxes(f)).toHaveLength(1);
    expect(boxes(f)[0]).toMatchObject({
      message: 'Recur’s data file is missing or empty',
      detail: expect.stringContaining('empty (0 bytes)'),
      buttons: ['Choose a backup file…', 'Quit'],
    });
    expect(h.restoreBeforeStart).not.toHaveBeenCalled();
    nothingOpened(f);
  });

  it('a newer schema: one box with only Quit, then exit', async () => {
    const newer = NEWER;
    const { f } = await boot({ problem: newer });
    await vi.waitFor(() => expect(f.app.exit).toHaveBeenCalledWith(1));
    expect(boxes(f)).toEqual([expect.objectContaining({ buttons: ['Quit'] })]);
    expect(f.dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(h.restoreBeforeStart).not.toHaveBeenCalled();
    nothingOpened(f);
  });
});

describe('running', () => {
  it('IPC from the window reaches the core with the token bound to that window', async () => {
    const { f, core, win } = await boot();
    const invoke = invokeHandler(f);
    expect(await invoke(eventFrom(win!), 'auth.login', { email: 'a@b.c', password: 'x' })).toEqual({
      ok: true,
      value: { token: '', operator: { id: 1 } },
    });
    await invoke(eventFrom(win!), 'members.list', {});
    expect(core.dispatch).toHaveBeenLastCalledWith({ token: 'tok-1' }, 'members.list', {});
  });

  it('refuses IPC from another page or another web contents', async () => {
    const { f, core, win } = await boot();
    const invoke = invokeHandler(f);
    expect(await invoke(eventFrom(win!, 'file:///tmp/x.html'), 'auth.status', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const stranger = { sender: { id: 9999 }, senderFrame: { url: 'app://recur/index.html', parent: null } };
    expect(await invoke(stranger, 'auth.status', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('closing the window ends its session and remembers its bounds', async () => {
    const { f, core, win } = await boot();
    await invokeHandler(f)(eventFrom(win!), 'auth.login', {});
    win!.close();
    await vi.waitFor(() =>
      expect(core.dispatch).toHaveBeenLastCalledWith({ token: 'tok-1' }, 'auth.logout', {}),
    );
    expect(h.stores.get('preferences')?.get('window')).toEqual({
      bounds: { x: 10, y: 20, width: 1100, height: 700 },
      maximized: false,
    });
  });

  it('a crashed renderer loses its session (the next page must sign in again)', async () => {
    const { f, core, win } = await boot();
    await invokeHandler(f)(eventFrom(win!), 'auth.login', {});
    win!.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    await vi.waitFor(() =>
      expect(core.dispatch).toHaveBeenLastCalledWith({ token: 'tok-1' }, 'auth.logout', {}),
    );
    await invokeHandler(f)(eventFrom(win!), 'members.list', {});
    expect(core.dispatch).toHaveBeenLastCalledWith({ token: null }, 'members.list', {});
  });

  it('forwards core events to a signed-in window, and stops when its session ends', async () => {
    const { f, core, win } = await boot();
    const event = { type: 'changed', domain: 'members', ids: [3] };
    core.emit(event);
    expect(win!.webContents.send).not.toHaveBeenCalled(); // not signed in yet
    await invokeHandler(f)(eventFrom(win!), 'auth.login', {});
    core.emit(event);
    expect(win!.webContents.send).toHaveBeenCalledWith('recur:event', event);
    expect(core.sessionIsLive).toHaveBeenLastCalledWith('tok-1');
    core.sessionIsLive.mockReturnValue(false);
    core.emit({ ...event, ids: [4] });
    expect(win!.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('runs what fell due when the computer wakes up', async () => {
    const { f, core } = await boot();
    f.powerMonitor.emit('resume');
    expect(core.scheduler.runDue).toHaveBeenCalledOnce();
  });

  it('a second launch brings the existing window forward', async () => {
    const { f, win } = await boot();
    win!.minimized = true;
    f.app.emit('second-instance', {}, [], '/');
    expect(win!.restore).toHaveBeenCalled();
    expect(win!.focus).toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(1);
  });

  it('quitting stops the scheduler and closes the core once', async () => {
    const { f, core } = await boot();
    f.app.emit('will-quit');
    f.app.emit('will-quit');
    expect(core.scheduler.stop).toHaveBeenCalledOnce();
    expect(core.close).toHaveBeenCalledOnce();
  });

  it('quits when the last window closes (except on macOS)', async () => {
    const { f } = await boot();
    f.app.emit('window-all-closed');
    if (process.platform === 'darwin') expect(f.app.quit).not.toHaveBeenCalled();
    else expect(f.app.quit).toHaveBeenCalled();
  });
});

describe('development', () => {
  it('loads the dev server and trusts its origin', async () => {
    const { f, core, win } = await boot({ devUrl: 'http://localhost:5173' });
    expect(win!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    await invokeHandler(f)(eventFrom(win!, 'http://localhost:5173/'), 'auth.status', {});
    expect(core.dispatch).toHaveBeenCalled();
  });

  it('ignores a dev URL that is not on this computer', async () => {
    const { win } = await boot({ devUrl: 'https://evil.example' });
    expect(win!.loadURL).toHaveBeenCalledWith('app://recur/index.html');
  });
});
