import { join } from 'node:path';

export interface PathInputs {
  /** `app.isPackaged`. */
  isPackaged: boolean;
  /** `process.resourcesPath`: where electron-builder's `extraResources` land. */
  resourcesPath: string;
  /** `app.getAppPath()`: the repository root in development. */
  appPath: string;
  /** `app.getPath('userData')`, after `configureDataFolder`. */
  userData: string;
  /** The folder of the built main bundle (`out/main`). */
  mainDir: string;
}

export interface AppPaths {
  dataFolder: string;
  databaseFile: string;
  backupsDir: string;
  logsDir: string;
  migrationsFolder: string;
  /** better-sqlite3 compiled for Electron's ABI (DESIGN §8), never the one in node_modules. */
  nativeBinding: string;
  preload: string;
  rendererDir: string;
  /** The window icon (Linux; macOS and Windows take it from the executable). */
  icon: string;
  /** The Unicode fonts embedded in PDF documents (DESIGN §10). */
  fontsFolder: string;
}

export const DATABASE_FILE_NAME = 'recur.sqlite';
export const NATIVE_BINDING_NAME = 'better_sqlite3.node';

/** Every path the shell needs, for the packaged app and for `electron-vite dev`. */
export function resolveAppPaths(p: PathInputs): AppPaths {
  const resources = p.isPackaged ? p.resourcesPath : null;
  return {
    dataFolder: p.userData,
    databaseFile: join(p.userData, DATABASE_FILE_NAME),
    backupsDir: join(p.userData, 'backups'),
    logsDir: join(p.userData, 'logs'),
    migrationsFolder: resources ? join(resources, 'migrations') : join(p.appPath, 'db', 'migrations'),
    nativeBinding: resources
      ? join(resources, 'native', NATIVE_BINDING_NAME)
      : join(p.appPath, '.electron-native', NATIVE_BINDING_NAME),
    preload: join(p.mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: join(p.mainDir, '..', 'renderer'),
    icon: resources ? join(resources, 'icon.png') : join(p.appPath, 'resources', 'icon.png'),
    fontsFolder: resources ? join(resources, 'fonts') : join(p.appPath, 'resources', 'fonts'),
  };
}

/**
 * The data folder. Development never touches the real business's data: it gets its own folder.
 * `RECUR_DATA_DIR` (absolute path) overrides both, e.g. for a training copy. Must be applied with
 * `app.setPath('userData', …)` before the single-instance lock, which lives in that folder.
 */
export function chooseDataFolder(options: {
  isPackaged: boolean;
  appData: string;
  defaultUserData: string;
  env: Record<string, string | undefined>;
  isAbsolute: (path: string) => boolean;
}): string {
  const override = options.env.RECUR_DATA_DIR?.trim();
  if (override && options.isAbsolute(override)) return override;
  return options.isPackaged ? options.defaultUserData : join(options.appData, 'Recur (development)');
}
