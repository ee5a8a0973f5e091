import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ServeArgs {
  dataFolder: string;
  port: number;
  host: string;
  /** `--restore FILE`: restore this backup before starting (the way out of a damaged database). */
  restore: string | null;
}

/** Where Electron's `app.getPath('userData')` puts Recur, so both modes share one database. */
export function defaultDataFolder(platform = process.platform, env = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Recur');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Recur');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Recur');
}

/** `--data DIR --port N --host H` (DESIGN §3). Throws a sentence a person can act on. */
export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = {
    dataFolder: defaultDataFolder(),
    port: 5177,
    host: '127.0.0.1',
    restore: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag === '--data') args.dataFolder = need();
    else if (flag === '--port') {
      const text = need();
      const port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) throw new Error('--port must be 0–65535');
      args.port = port;
    } else if (flag === '--host') args.host = need();
    else if (flag === '--restore') args.restore = need();
    else throw new Error(`Unknown option ${flag}. Use --data DIR, --port N, --host H, --restore FILE.`);
  }
  return args;
}
