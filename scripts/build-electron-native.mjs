#!/usr/bin/env node
// npm run rebuild:electron [-- --if-missing] [-- --from-source] [-- --arch=x64|arm64]
//
// Builds better-sqlite3 for Electron's ABI into .electron-native/better_sqlite3.node (DESIGN §8) WITHOUT
// touching node_modules: node_modules/better-sqlite3 stays compiled for plain Node, so `npm test` and the
// headless server keep working after an Electron build, and the reverse. The app loads the copy via
// openDatabase({ nativeBinding }); electron-builder ships it as resources/native/better_sqlite3.node.
//
// How: copy node_modules/better-sqlite3 to a temporary folder, then (1) try the prebuilt Electron binary
// that better-sqlite3 publishes (prebuild-install, no compiler needed) unless --from-source, else
// (2) compile it with node-gyp against Electron's headers (needs Python and a C++ toolchain).
// Both need internet access (GitHub / electronjs.org) unless the headers are already cached.
//
// --if-missing: do nothing when the binary exists and was built for the same Electron, better-sqlite3,
// platform and architecture (recorded in .electron-native/build-info.json) — for `predev` / `prepackage`.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, '.electron-native');
const OUT_FILE = join(OUT_DIR, 'better_sqlite3.node');
const INFO_FILE = join(OUT_DIR, 'build-info.json');
const HEADERS_URL = 'https://electronjs.org/headers';
const DEVDIR = join(homedir(), '.electron-gyp');

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

if (flag('help')) {
  console.log('Usage: node scripts/build-electron-native.mjs [--if-missing] [--from-source] [--arch=<arch>]');
  process.exit(0);
}

class BuildError extends Error {}

/** Stops the build with a message for the developer (temporary files are still removed). */
function fail(message) {
  throw new BuildError(message);
}

function readJson(file, what) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return fail(`cannot read ${what} (${relative(ROOT, file)}). Run npm install first.`);
  }
}

// npm exports its config as npm_config_* variables (e.g. a user-level `nodedir=/usr`). node-gyp and
// prebuild-install would obey them and silently build against plain Node's headers: give the children
// a clean environment and pass everything explicitly.
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')),
);

const require = createRequire(import.meta.url);
const resolveBin = (id) => {
  try {
    return require.resolve(id);
  } catch {
    return null;
  }
};

function run(script, scriptArgs, cwd, timeoutMs) {
  console.log(`> node ${relative(ROOT, script)} ${scriptArgs.join(' ')}`);
  const result = spawnSync(process.execPath, [script, ...scriptArgs], {
    cwd,
    env: childEnv,
    stdio: 'inherit',
    timeout: timeoutMs,
  });
  return result.status === 0;
}

async function reachable(url) {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(15_000) });
    return res.ok || res.status === 405;
  } catch {
    return false;
  }
}

async function main() {
  const electronVersion = readJson(
    join(ROOT, 'node_modules', 'electron', 'package.json'),
    'the electron package',
  ).version;
  const sqliteDir = join(ROOT, 'node_modules', 'better-sqlite3');
  const sqliteVersion = readJson(join(sqliteDir, 'package.json'), 'the better-sqlite3 package').version;
  const arch = option('arch') ?? process.arch;
  const wanted = {
    electron: electronVersion,
    betterSqlite3: sqliteVersion,
    platform: process.platform,
    arch,
  };

  if (flag('if-missing') && existsSync(OUT_FILE)) {
    let built = null;
    try {
      built = JSON.parse(readFileSync(INFO_FILE, 'utf8'));
    } catch {
      // no record: rebuild to be sure
    }
    const same = built && Object.entries(wanted).every(([k, v]) => built[k] === v);
    if (same) {
      console.log(
        `rebuild:electron — up to date (better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}).`,
      );
      return;
    }
    console.log('rebuild:electron — the existing binary was built for something else; rebuilding.');
  }

  const work = mkdtempSync(join(tmpdir(), 'recur-electron-native-'));
  const pkgDir = join(work, 'better-sqlite3');
  try {
    console.log(
      `rebuild:electron — better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${arch})`,
    );
    cpSync(sqliteDir, pkgDir, {
      recursive: true,
      filter: (src) => !src.startsWith(join(sqliteDir, 'build') + sep) && src !== join(sqliteDir, 'build'),
    });
    const built = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');

    let ok = false;
    const prebuild = resolveBin('prebuild-install/bin.js');
    if (!flag('from-source') && prebuild) {
      ok =
        run(
          prebuild,
          [
            '--runtime=electron',
            `--target=${electronVersion}`,
            `--arch=${arch}`,
            `--platform=${process.platform}`,
            '--verbose',
          ],
          pkgDir,
          120_000,
        ) && existsSync(built);
      if (!ok)
        console.log('rebuild:electron — no prebuilt binary could be downloaded; compiling from source.');
    }

    if (!ok) {
      const nodeGyp = resolveBin('node-gyp/bin/node-gyp.js');
      if (!nodeGyp) fail('node-gyp is not installed. Run: npm install --save-dev node-gyp');
      const cached = existsSync(join(DEVDIR, electronVersion, 'include', 'node', 'common.gypi'));
      if (!cached && !(await reachable(`${HEADERS_URL}/v${electronVersion}/SHASUMS256.txt`))) {
        fail(
          `cannot download Electron ${electronVersion}'s headers from ${HEADERS_URL} — this computer looks offline.\n` +
            'The Electron build of better-sqlite3 was NOT made (node_modules is unchanged: npm test and the headless\n' +
            'server still work). Run `npm run rebuild:electron` again with internet access.',
        );
      }
      ok =
        run(
          nodeGyp,
          [
            'rebuild',
            '--release',
            '--runtime=electron',
            `--target=${electronVersion}`,
            `--dist-url=${HEADERS_URL}`,
            `--arch=${arch}`,
            `--devdir=${DEVDIR}`,
          ],
          pkgDir,
          30 * 60_000,
        ) && existsSync(built);
      if (!ok) {
        fail(
          'node-gyp could not compile better-sqlite3 (see its output above). It needs Python 3 and a C++ toolchain:\n' +
            'build-essential on Linux, Xcode command line tools on macOS, Visual Studio Build Tools on Windows.',
        );
      }
    }

    checkAbi(built, { arch, electronVersion });
    mkdirSync(OUT_DIR, { recursive: true });
    const partial = `${OUT_FILE}.partial`;
    cpSync(built, partial);
    renameSync(partial, OUT_FILE);
    writeFileSync(
      INFO_FILE,
      `${JSON.stringify({ ...wanted, builtAt: new Date().toISOString() }, null, 2)}\n`,
    );
    console.log(`rebuild:electron — wrote ${relative(ROOT, OUT_FILE)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The binary must NOT load in this (plain) Node: Node must refuse it with Electron's ABI number. If it
 * loads, it was built for Node — exactly the mix-up DESIGN §8 forbids.
 */
function checkAbi(file, { arch, electronVersion }) {
  if (arch !== process.arch) return; // cross-build: cannot try it here
  let expected = null;
  try {
    expected = readFileSync(join(ROOT, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  } catch {
    // older electron packages have no abi_version file
  }
  try {
    process.dlopen({ exports: {} }, file);
  } catch (e) {
    const found = /NODE_MODULE_VERSION (\d+)/.exec(String(e?.message))?.[1];
    if (expected && found && found !== expected) {
      fail(`the binary was built for ABI ${found}, but Electron ${electronVersion} needs ${expected}.`);
    }
    return;
  }
  fail(
    `the binary loads in plain Node ${process.version}: it was built for Node, not for Electron. Nothing was written.`,
  );
}

main().catch((e) => {
  if (e instanceof BuildError) console.error(`\nrebuild:electron — ${e.message}\n`);
  else console.error(e);
  process.exitCode = 1;
});
