// The Electron shell of Recur (DESIGN §1, §2, §8): lifecycle, single-instance lock, the window and its
// security, the IPC transport, safeStorage secrets, and the scheduler's resume-from-sleep trigger.
// No business logic lives here. The pure parts are in the sibling modules and unit-tested (tests/main).
//
// This is an ES module entry: everything that must happen before `ready` (setPath, privileged schemes,
// sandbox, the single-instance lock) runs synchronously at the top level, and `whenReady` is never
// awaited at the top level (Electron's ESM notes: that would hang the app).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  nativeTheme,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import {
  DataFolderBusyError,
  lockDataFolder,
  makeDatabasePrivate,
  makeDataFolderPrivate,
} from '../../db/data-folder';
import { openDatabase } from '../../db/open';
import { checkDataFolder, markDataFolder } from '../core/backup/startup';
import { PASSPHRASE_SECRET } from '../core/backup/store';
import { offerRestore } from './data-problem';
import { createCore, type Core } from '../core';
import { createTestClock, systemClock } from '../core/clock';
import type { Clock, TestClock } from '../core/ports';
import { createIpcBridge, IPC_INVOKE } from './ipc';
import { claimSingleInstance, showExistingWindow } from './lifecycle';
import { createFileLogger } from './logger';
import { checkNativeBinding, describeOpenFailure, type StartupProblem } from './native-binding';
import { chooseDataFolder, resolveAppPaths } from './paths';
import { createPreferenceStore, createWindowStateStore } from './preferences';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createProtocolHandler } from './protocol';
import { createSecretStore } from './secrets';
import {
  applySessionPolicy,
  createOriginPolicy,
  hardenWebContents,
  isLoopbackDevUrl,
  isSafeExternalUrl,
} from './security';
import { openStore } from './store';
import { captureWindowState, mainWindowOptions } from './window';
import { createStripeGateway } from '../core/payments/gateways/stripe';
import { createSmtpMailer } from '../core/notifications/mailer';
import { createTwilioGateway } from '../core/notifications/twilio';

// ---------------------------------------------------------------- before `ready`

app.setPath(
  'userData',
  chooseDataFolder({
    isPackaged: app.isPackaged,
    appData: app.getPath('appData'),
    defaultUserData: app.getPath('userData'),
    env: process.env,
    isAbsolute,
  }),
);
if (process.platform === 'win32') app.setAppUserModelId('app.recur.desktop');

const paths = resolveAppPaths({
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  appPath: app.getAppPath(),
  userData: app.getPath('userData'),
  mainDir: dirname(fileURLToPath(import.meta.url)),
});
const logger = createFileLogger({ dir: paths.logsDir, clock: systemClock });

const rawDevUrl = process.env.ELECTRON_RENDERER_URL;
const devUrl = !app.isPackaged && isLoopbackDevUrl(rawDevUrl) ? rawDevUrl : undefined;
const entryUrl = devUrl ?? APP_ENTRY_URL;
const policy = createOriginPolicy({ isPackaged: app.isPackaged, devUrl });

const openExternal = (url: string) => {
  // Re-checked here so that no caller can skip the vetting.
  if (!isSafeExternalUrl(url)) return;
  shell.openExternal(url).catch((e: unknown) => logger.warn('could not open a link', { url, error: e }));
};

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

// Every web contents, including any Electron creates on its own, gets the navigation rules.
app.on('web-contents-created', (_event, contents) => {
  hardenWebContents(contents, policy, openExternal, (what, url) =>
    logger.warn(`refused ${what}`, { url: url.slice(0, 300) }),
  );
});

const windows = new Set<BrowserWindow>();
let core: Core | null = null;
/** Set once the app is ready and the core is up; the second-instance and activate handlers use it. */
let openWindow: (() => void) | null = null;

const isOurWebContents = (id: number) =>
  [...windows].some((w) => !w.isDestroyed() && w.webContents.id === id);

if (
  !claimSingleInstance(app, () => showExistingWindow([...windows], () => openWindow?.(), openWindow !== null))
) {
  // Another Recur runs on this data folder; it has been asked to show itself.
  app.quit();
} else {
  process.on('uncaughtException', (error) => fatal('uncaught exception', error));
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason }));
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => fatal('start-up failed', e));
}

// ---------------------------------------------------------------- after `ready`

function start(): void {
  logger.info('starting', { version: app.getVersion(), dataFolder: paths.dataFolder, dev: !app.isPackaged });

  applySessionPolicy(session.defaultSession, policy, (permission, origin) =>
    logger.warn('refused permission', { permission, origin }),
  );
  protocol.handle(
    APP_SCHEME,
    createProtocolHandler({
      rootDir: paths.rendererDir,
      readFile: (file) => readFile(file),
      onError: (error, url) => logger.error('could not serve an app file', { url, error }),
    }),
  );

  const missing = checkNativeBinding(paths.nativeBinding, app.isPackaged, existsSync);
  if (missing) return stop(missing);
  // Private to this user (700/600), and never shared with a headless server on the same folder
  // (the single-instance lock only keeps out other copies of the desktop app).
  makeDataFolderPrivate(paths.dataFolder);
  try {
    lockDataFolder(paths.dataFolder, { nativeBinding: paths.nativeBinding });
  } catch (e) {
    if (!(e instanceof DataFolderBusyError)) throw e;
    return stop({ title: 'Recur is already running', message: e.message });
  }

  const preferenceKv = openStore('preferences', logger);
  const preferences = createPreferenceStore(preferenceKv, nativeTheme);
  preferences.applyTheme();
  const windowState = createWindowStateStore(preferenceKv);
  const secrets = createSecretStore(openStore('secrets', logger), safeStorage);

  // As in headless mode: RECUR_TEST_CLOCK=1 (optionally RECUR_TEST_CLOCK_START=<ISO date>).
  const testClock: TestClock | undefined =
    process.env.RECUR_TEST_CLOCK === '1'
      ? createTestClock(testClockStart(process.env.RECUR_TEST_CLOCK_START))
      : undefined;
  const clock: Clock = testClock ?? systemClock;

  // A damaged, emptied or newer database is never opened: the owner is offered a backup instead.
  const problem = checkDataFolder({
    dataFolder: paths.dataFolder,
    databaseFile: paths.databaseFile,
    migrationsFolder: paths.migrationsFolder,
    nativeBinding: paths.nativeBinding,
  });
  if (problem) {
    logger.error('the data failed its start-up check', { kind: problem.kind, message: problem.message });
    void offerRestore({
      dialog,
      problem,
      dataFolder: paths.dataFolder,
      databaseFile: paths.databaseFile,
      migrationsFolder: paths.migrationsFolder,
      nativeBinding: paths.nativeBinding,
      passphrase: secrets.get(PASSPHRASE_SECRET),
      now: () => clock.now(),
      log: (message, data) => logger.info(message, data),
    })
      .then((restored) => {
        // Nothing was opened: a restored file is opened by a fresh start, Quit leaves it untouched.
        if (restored) app.relaunch();
        app.exit(restored ? 0 : 1);
      })
      .catch((e: unknown) => fatal('the start-up problem dialog failed', e));
    return;
  }

  const open = (file: string) =>
    openDatabase({
      file,
      migrationsFolder: paths.migrationsFolder,
      backupDir: paths.backupsDir,
      nativeBinding: paths.nativeBinding,
      now: () => clock.now(),
    });
  let database;
  try {
    database = open(paths.databaseFile);
    markDataFolder(paths.dataFolder, clock.now());
  } catch (e) {
    logger.error('could not open the database', { file: paths.databaseFile, error: e });
    return stop(describeOpenFailure(e, paths.databaseFile, app.isPackaged));
  }
  makeDatabasePrivate(paths.databaseFile);
  if (database.backupFile)
    logger.info('database upgraded; backup taken first', { backup: database.backupFile });

  const theCore = createCore({
    database,
    clock,
    logger,
    preferences,
    secrets,
    // Stripe's real API; RECUR_STRIPE_URL points it at a Stripe-compatible server in development.
    cardGateway: (secretKey) =>
      createStripeGateway({ secretKey, apiUrl: process.env.RECUR_STRIPE_URL ?? null }),
    mailer: createSmtpMailer,
    // RECUR_TWILIO_URL points texts at a stand-in (tests, demos); Twilio itself otherwise.
    smsGateway: createTwilioGateway(process.env.RECUR_TWILIO_URL),
    ...(testClock ? { testClock } : {}),
    dataFolder: paths.dataFolder,
    reopenDatabase: open,
    version: app.getVersion(),
    fontsFolder: paths.fontsFolder,
  });
  core = theCore;
  const theBridge = createIpcBridge({ core: theCore, policy, logger, isOurWebContents });

  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) =>
    theBridge.invoke(event, channel, input),
  );
  // Only to windows whose session is live (checked per event, as the headless streams do).
  theCore.events.on((event) =>
    theBridge.broadcast(
      [...windows].filter((w) => !w.isDestroyed()).map((w) => w.webContents),
      event,
    ),
  );

  powerMonitor.on('resume', () => {
    logger.info('resumed from sleep: running what fell due');
    theCore.scheduler
      .runDue('resume')
      .catch((e: unknown) => logger.error('catch-up after resume failed', { error: e }));
  });

  app.on('window-all-closed', () => {
    // macOS apps stay open without windows — and so renewals keep running while Recur is open.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (windows.size === 0) openWindow?.();
  });
  app.on('will-quit', shutdown);

  openWindow = () => {
    const state = windowState.load();
    const win = new BrowserWindow(
      mainWindowOptions({
        preload: paths.preload,
        devTools: !app.isPackaged,
        state,
        workAreas: screen.getAllDisplays().map((d) => d.workArea),
        backgroundColor: nativeTheme.shouldUseDarkColors ? '#1a1b1e' : '#ffffff',
        ...(process.platform === 'linux' && existsSync(paths.icon) ? { icon: paths.icon } : {}),
      }),
    );
    windows.add(win);
    const contentsId = win.webContents.id;

    win.once('ready-to-show', () => {
      if (state?.maximized) win.maximize();
      win.show();
    });
    win.webContents.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
      if (!isMainFrame) return;
      logger.error('the window could not load', { code, description, url });
      if (!win.isDestroyed() && !win.isVisible()) win.show();
    });
    win.webContents.on('render-process-gone', (_e, details) => {
      // A new renderer must sign in again: the session does not outlive the page that opened it.
      logger.error('the window stopped unexpectedly', { reason: details.reason, exitCode: details.exitCode });
      void theBridge.endSession(contentsId);
    });
    win.on('close', () => windowState.save(captureWindowState(win)));
    win.on('closed', () => {
      windows.delete(win);
      void theBridge.endSession(contentsId);
    });
    win
      .loadURL(entryUrl)
      .catch((e: unknown) => logger.error('could not load the app page', { url: entryUrl, error: e }));
  };

  openWindow();
  // After the window exists so that start-up work never delays it; start() runs the start-up catch-up.
  theCore.scheduler.start();
}

function testClockStart(value: string | undefined): Date {
  const start = value ? new Date(value) : systemClock.now();
  return Number.isNaN(start.getTime()) ? systemClock.now() : start;
}

function shutdown(): void {
  const c = core;
  core = null;
  if (!c) return;
  try {
    c.scheduler.stop();
    c.close();
    logger.info('stopped');
  } catch (e) {
    logger.error('error while closing', { error: e });
  }
}

function stop(problem: StartupProblem): void {
  logger.error('cannot start', { title: problem.title });
  dialog.showErrorBox(problem.title, problem.message);
  app.exit(1);
}

let failing = false;
function fatal(what: string, error: unknown): void {
  logger.error(what, { error });
  if (failing) return;
  failing = true;
  try {
    shutdown();
  } finally {
    dialog.showErrorBox(
      'Recur has to close',
      'Recur ran into an unexpected problem and will close. Your data is safe: every change is saved as it is made.\n\n' +
        `Details are in the log: ${logger.file}`,
    );
    app.exit(1);
  }
}
