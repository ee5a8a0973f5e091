import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the end-to-end tests launch: a Chromium binary, plus what that binary needs to run. */
export interface FoundBrowser {
  executablePath: string;
  /** Where it came from, for the one line the run prints. */
  source: 'RECUR_CHROMIUM' | 'system' | 'bundled';
  /** Extra launch flags (the bundled build is chrome-headless-shell). */
  args: string[];
  /** Extra environment for the browser process only (the bundled build's libraries and fonts). */
  env: Record<string, string>;
}

/** Shared with the test workers by the global setup, so the lookup (and any unpacking) runs once. */
export const FOUND_BROWSER_ENV = 'RECUR_E2E_BROWSER';

const INSTALL_HINT =
  'No Chromium or Chrome found for the end-to-end tests: install Chromium or Google Chrome, or set RECUR_CHROMIUM=/path/to/chrome.';

/** Installed browsers by their usual names on PATH, then at the usual places per system. */
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const SYSTEM_PATHS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    join(process.env['PROGRAMFILES'] ?? 'C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe'),
    join(
      process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
      'Google',
      'Chrome',
      'Application',
      'chrome.exe',
    ),
    join(process.env['LOCALAPPDATA'] ?? '', 'Google', 'Chrome', 'Application', 'chrome.exe'),
  ],
};

const isExecutable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export function findSystemBrowser(
  platform: NodeJS.Platform = process.platform,
  pathEnv = process.env['PATH'] ?? '',
): string | null {
  if (platform !== 'win32') {
    for (const name of SYSTEM_NAMES) {
      for (const dir of pathEnv.split(delimiter).filter(Boolean)) {
        const file = join(dir, name);
        if (isExecutable(file)) return file;
      }
    }
  }
  return (SYSTEM_PATHS[platform] ?? []).find((f) => existsSync(f) && isExecutable(f)) ?? null;
}

/**
 * @sparticuz/chromium ships chrome-headless-shell for Linux x64 inside the npm package, brotli
 * compressed; `executablePath()` unpacks it (once) into the temporary folder. It also carries the
 * few shared libraries a bare system lacks (NSS, NSPR, expat), but unpacks those only when it thinks
 * it runs on Amazon Linux 2023 — a fresh Debian or Ubuntu lacks them just the same, so we ask for
 * them the way the package expects and hand them to the browser process alone, never to ours.
 */
async function unpackBundledBrowser(): Promise<FoundBrowser> {
  const { tmpdir } = await import('node:os');
  const saved = { ...process.env };
  process.env['AWS_LAMBDA_JS_RUNTIME'] = 'nodejs20.x';
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    const executablePath = await chromium.executablePath();
    return {
      executablePath,
      source: 'bundled',
      // The shell build runs without a zygote (launchBrowser adds --no-sandbox for root in CI).
      args: ['--no-zygote', '--headless=shell'],
      env: {
        LD_LIBRARY_PATH: [join(tmpdir(), 'al2023', 'lib'), process.env['LD_LIBRARY_PATH']]
          .filter(Boolean)
          .join(delimiter),
        FONTCONFIG_PATH: join(tmpdir(), 'fonts'),
      },
    };
  } finally {
    // The package's set-up edits process.env (library path, fonts, HOME): keep ours as it was.
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/**
 * The browser, in the order the README gives: RECUR_CHROMIUM; an installed Chromium or Chrome; on
 * Linux x64, the Chromium inside the @sparticuz/chromium dev dependency. `RECUR_BROWSER=bundled`
 * skips the installed ones (how CI and this repository's tests prove the fresh-machine path).
 * Throws one sentence saying what to install when nothing fits.
 */
export async function findBrowser(env = process.env, platform = process.platform): Promise<FoundBrowser> {
  const chosen = env['RECUR_CHROMIUM'];
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`RECUR_CHROMIUM points at ${chosen}, which does not exist.`);
    return { executablePath: chosen, source: 'RECUR_CHROMIUM', args: [], env: {} };
  }
  if (env['RECUR_BROWSER'] !== 'bundled') {
    const system = findSystemBrowser(platform, env['PATH'] ?? '');
    if (system) return { executablePath: system, source: 'system', args: [], env: {} };
  }
  if (platform === 'linux' && process.arch === 'x64') return unpackBundledBrowser();
  throw new Error(INSTALL_HINT);
}

/** `tsx tests/e2e/support/find-browser.ts`: run before `npm test`, so a missing browser stops it at once. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  findBrowser().then(
    (found) => console.log(`End-to-end browser (${found.source}): ${found.executablePath}`),
    (e: unknown) => {
      console.error((e as Error).message);
      process.exit(1);
    },
  );
}
