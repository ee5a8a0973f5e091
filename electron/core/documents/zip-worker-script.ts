import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

/** How to start the documents worker: what to pass to `new Worker(filename, options)`. */
export interface ZipWorkerScript {
  filename: string | URL;
  options: WorkerOptions;
}

/** The built worker's file name: a rollup input of electron.vite.config.ts, next to index.js and server.js. */
export const BUILT_WORKER = 'documentsWorker.js';

/*
 * Node 20 cannot hand a TypeScript loader to a worker through `execArgv: ['--import', 'tsx']` (the
 * loader hooks are not registered in the worker and `.ts` is refused), so from source a small script
 * registers tsx's hooks inside the worker first, then imports the worker module.
 */
const TSX_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((e) => { process.nextTick(() => { throw e; }); });
`;

/**
 * Built (out/main, the packaged app.asar, `node out/main/server.js`): the bundled worker beside the
 * entry files, whether this code sits in an entry or in a shared chunk below them. From source
 * (vitest, tsx for the bench): zip-worker.ts through tsx. Null when it cannot be found.
 */
export function zipWorkerScript(here: string = import.meta.url): ZipWorkerScript | null {
  if (here.endsWith('.ts')) {
    return {
      filename: TSX_BOOTSTRAP,
      options: {
        eval: true,
        execArgv: [],
        workerData: {
          tsxApi: import.meta.resolve('tsx/esm/api'),
          entry: new URL('./zip-worker.ts', here).href,
        },
      },
    };
  }
  for (const relative of [`./${BUILT_WORKER}`, `../${BUILT_WORKER}`]) {
    const url = new URL(relative, here);
    if (existsSync(fileURLToPath(url))) return { filename: url, options: {} };
  }
  return null;
}
