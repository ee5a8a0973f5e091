/**
 * better-sqlite3 for Electron (DESIGN §8). `node_modules/better-sqlite3` stays compiled for plain Node
 * (tests, headless mode); the app loads a copy compiled for Electron's ABI, passed to `openDatabase`
 * as `nativeBinding`: `.electron-native/` in development (`npm run rebuild:electron`), `resources/native/`
 * when packaged (electron-builder.yml `extraResources`).
 */
export interface StartupProblem {
  title: string;
  message: string;
}

export function checkNativeBinding(
  file: string,
  isPackaged: boolean,
  exists: (file: string) => boolean,
): StartupProblem | null {
  if (exists(file)) return null;
  if (!isPackaged) {
    return {
      title: 'Recur: database engine not built for Electron',
      message:
        `The SQLite engine compiled for Electron is missing:\n${file}\n\n` +
        'Run this once (it needs internet access to download Electron headers), then start again:\n\n' +
        '    npm run rebuild:electron\n\n' +
        'It leaves node_modules untouched, so npm test keeps working.',
    };
  }
  return {
    title: 'Recur cannot start',
    message:
      `A part of Recur is missing (${file}). The installation is damaged: please reinstall Recur. ` +
      'Your data is not affected.',
  };
}

/** A clear message for a failure to open the database at start-up. */
export function describeOpenFailure(
  error: unknown,
  databaseFile: string,
  isPackaged: boolean,
): StartupProblem {
  const text = error instanceof Error ? error.message : String(error);
  if (
    /NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application|mach-o/i.test(
      text,
    )
  ) {
    return {
      title: 'Recur: database engine built for another version',
      message: isPackaged
        ? 'The SQLite engine shipped with Recur does not match this version of Recur. Please reinstall Recur. Your data is not affected.'
        : `The SQLite engine in .electron-native/ was built for another Electron or Node version:\n${text}\n\nRun: npm run rebuild:electron`,
    };
  }
  if (/SQLITE_BUSY|database is locked/i.test(text)) {
    return {
      title: 'Recur: the database is in use',
      message: `Another program is using ${databaseFile}. Close it (or the other copy of Recur) and start again.`,
    };
  }
  return {
    title: 'Recur cannot open its data',
    message:
      `Recur could not open ${databaseFile}.\n\n${text}\n\n` +
      'Nothing was changed. If Recur was upgrading your data, a backup was taken first in the "backups" folder next to it.',
  };
}
