import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { zipWorkerScript } from '../../../electron/core/documents/zip-worker-script';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A build's out/main as electron-vite lays it out: entries on top, shared code in chunks/. */
function builtApp(withWorker: boolean): string {
  dir = mkdtempSync(join(tmpdir(), 'recur-worker-script-'));
  mkdirSync(join(dir, 'out', 'main', 'chunks'), { recursive: true });
  writeFileSync(join(dir, 'out', 'main', 'server.js'), '');
  writeFileSync(join(dir, 'out', 'main', 'chunks', 'twilio-abc123.js'), '');
  if (withWorker) writeFileSync(join(dir, 'out', 'main', 'documentsWorker.js'), '');
  return join(dir, 'out', 'main');
}

describe('finding the documents worker', () => {
  it('built: the bundled worker beside the entries, from a shared chunk or from an entry', () => {
    const main = builtApp(true);
    const worker = pathToFileURL(join(main, 'documentsWorker.js')).href;
    const fromChunk = zipWorkerScript(pathToFileURL(join(main, 'chunks', 'twilio-abc123.js')).href);
    expect(String(fromChunk?.filename)).toBe(worker);
    expect(fromChunk?.options).toEqual({});
    const fromEntry = zipWorkerScript(pathToFileURL(join(main, 'server.js')).href);
    expect(String(fromEntry?.filename)).toBe(worker);
  });

  it('built without the worker file: none, so the export renders on the main thread', () => {
    const main = builtApp(false);
    expect(zipWorkerScript(pathToFileURL(join(main, 'chunks', 'twilio-abc123.js')).href)).toBeNull();
  });

  it('from source: zip-worker.ts through tsx, registered inside the worker', () => {
    const script = zipWorkerScript();
    expect(script?.options.eval).toBe(true);
    expect(script?.options.execArgv).toEqual([]);
    const data = script?.options.workerData as { tsxApi: string; entry: string };
    expect(data.entry).toMatch(/^file:\/\/.*\/electron\/core\/documents\/zip-worker\.ts$/);
    expect(data.tsxApi).toMatch(/^file:\/\/.*\/node_modules\/tsx\/.*\.mjs$/);
  });
});
