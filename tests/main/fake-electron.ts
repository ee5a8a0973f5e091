// A scripted stand-in for the `electron` module, enough to run electron/main/index.ts under Vitest.
// Electron's binary cannot run here; this checks the wiring (order of start-up, handlers installed,
// window options) — not Electron's behaviour itself.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeState {
  ready: boolean;
  readyBeforeScheme: boolean | null;
  gotLock: boolean;
  isPackaged: boolean;
  paths: Record<string, string>;
  appPath: string;
  resolveReady: () => void;
}

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  id = FakeWebContents.nextId++;
  destroyed = false;
  send = vi.fn();
  isDestroyed = () => this.destroyed;
  getURL = () => 'app://recur/index.html';
  setWindowOpenHandler = vi.fn();
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  options: Record<string, unknown>;
  webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  visible = false;
  loadURL = vi.fn(async (_url: string) => {});
  show = vi.fn(() => void (this.visible = true));
  focus = vi.fn();
  restore = vi.fn(() => void (this.minimized = false));
  maximize = vi.fn();
  isDestroyed = () => this.destroyed;
  isMinimized = () => this.minimized;
  isVisible = () => this.visible;
  isMaximized = () => false;
  isFullScreen = () => false;
  getNormalBounds = () => ({ x: 10, y: 20, width: 1100, height: 700 });

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    FakeBrowserWindow.all.push(this);
    current().app.emit('web-contents-created', {}, this.webContents);
  }

  /** What Electron does when the user closes the window. */
  close() {
    this.emit('close', { preventDefault() {} });
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }

  static getAllWindows = () => FakeBrowserWindow.all.filter((w) => !w.destroyed);
}

function createFake() {
  let resolveReady = () => {};
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  const state: FakeState = {
    ready: false,
    readyBeforeScheme: null,
    gotLock: true,
    isPackaged: false,
    paths: {},
    appPath: '/nonexistent',
    resolveReady: () => {
      state.ready = true;
      resolveReady();
    },
  };
  const app = Object.assign(new EventEmitter(), {
    get isPackaged() {
      return state.isPackaged;
    },
    getPath: vi.fn((name: string) => state.paths[name] ?? `/fake/${name}`),
    setPath: vi.fn((name: string, value: string) => void (state.paths[name] = value)),
    getAppPath: vi.fn(() => state.appPath),
    getVersion: vi.fn(() => '0.1.0'),
    enableSandbox: vi.fn(),
    setAppUserModelId: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => state.gotLock),
    whenReady: vi.fn(() => readyPromise),
    isReady: vi.fn(() => state.ready),
    quit: vi.fn(),
    exit: vi.fn(),
    relaunch: vi.fn(),
  });
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    setDisplayMediaRequestHandler: vi.fn(),
  };
  return {
    state,
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: {
      showErrorBox: vi.fn(),
      // Answers as if the first button were pressed; tests script other answers per call.
      showMessageBox: vi.fn(async (_options: Record<string, unknown>) => ({
        response: 0,
        checkboxChecked: false,
      })),
      showOpenDialog: vi.fn(async (_options: Record<string, unknown>) => ({
        canceled: true,
        filePaths: [] as string[],
      })),
    },
    ipcMain: { handle: vi.fn(), on: vi.fn(), removeAllListeners: vi.fn() },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
    powerMonitor: new EventEmitter(),
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => {
        state.readyBeforeScheme = state.ready;
      }),
      handle: vi.fn(),
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
      getSelectedStorageBackend: () => 'gnome_libsecret',
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession },
    shell: { openExternal: vi.fn(async () => {}) },
  };
}

export type Fake = ReturnType<typeof createFake>;

// `vi.resetModules()` gives the mock factory a fresh copy of this module, so the current fake lives on
// globalThis where the test file's copy and the factory's copy both find it.
const holder = globalThis as { __recurFakeElectron?: Fake };
const current = (): Fake => (holder.__recurFakeElectron ??= createFake());

export function resetFake(): Fake {
  FakeBrowserWindow.all = [];
  holder.__recurFakeElectron = createFake();
  return holder.__recurFakeElectron;
}

/** The module object `vi.mock('electron', …)` returns: live getters onto the current fake. */
export const electronModule: Record<string, unknown> = new Proxy(
  {},
  {
    get: (_t, key: string) =>
      key === 'default' ? electronModule : (current() as Record<string, unknown>)[key],
    has: (_t, key: string) => key === 'default' || key in current(),
    ownKeys: () => [...Object.keys(current()), 'default'],
    getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
  },
);
