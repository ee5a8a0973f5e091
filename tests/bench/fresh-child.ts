/**
 * The app-like process of `fresh-process.ts`: reads one task as JSON on stdin, opens the prepared
 * database as the app does, runs the task while sampling its own RSS, and prints the figures as one
 * JSON line on stdout.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { exportEverything } from '../../electron/core/backup/export-all';
import { copyDatabase } from '../../electron/core/backup/online';
import { createBackup } from '../../electron/core/backup/store';
import { buildBenchCore, openBenchDatabase, signIn } from './core';
import type { BackupFigures, BackupTask, ZipFigures, ZipTask } from './fresh-process';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssSampler(everyMs: number) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), everyMs);
  return {
    before,
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

async function zip(task: ZipTask): Promise<ZipFigures> {
  const bench = buildBenchCore(openBenchDatabase(task.file));
  try {
    const token = await signIn(bench);
    /** From when the keystroke was typed (`typedAt`, default now) until its answer. */
    const search = async (q: string, typedAt = performance.now()) => {
      await bench.call(token, 'members.list', { query: q, limit: 50 });
      return performance.now() - typedAt;
    };
    for (const q of task.queries) await search(q);
    const alone: number[] = [];
    for (const q of task.queries) alone.push(await search(q));

    const rss = rssSampler(50);
    const during: number[] = [];
    const inCall: number[] = [];
    let done = false;
    const started = performance.now();
    const zipping = bench
      .call<{ size: number; invoices: number }>(token, 'documents.exportZip', {
        from: task.from,
        to: task.to,
        jobId: 'bench-zip-0001',
      })
      .finally(() => (done = true));
    let k = 0;
    let typedAt = performance.now();
    while (!done) {
      // Timed from when the key was typed, not from when the event loop got round to it: a loop busy
      // with a PDF delays the timer below as it would delay the window's message.
      const start = performance.now();
      during.push(await search(task.queries[k++ % task.queries.length]!, typedAt));
      inCall.push(performance.now() - start);
      // A person types about 5 keys a second; keep a keystroke every 20 ms to sample densely.
      typedAt = performance.now() + 20;
      await tick(20);
    }
    const result = await zipping;
    const zipMs = performance.now() - started;
    const peakRss = rss.stop();
    return { alone, during, inCall, zipMs, ...result, rssBefore: rss.before, peakRss };
  } finally {
    bench.close();
  }
}

async function backup(task: BackupTask): Promise<BackupFigures> {
  const bench = buildBenchCore(openBenchDatabase(task.file), task.dataFolder);
  const ports = bench.ports;
  try {
    const token = await signIn(bench);
    const search = async (q: string) => {
      const start = performance.now();
      await bench.call(token, 'members.list', { query: q, limit: 50 });
      return performance.now() - start;
    };
    for (const q of task.queries) await search(q);
    const alone: number[] = [];
    for (const q of task.queries) alone.push(await search(q));

    // The online copy alone (the part that runs beside the app), then a whole backup (copy + check).
    let start = performance.now();
    const copy = join(task.dataFolder, 'copy-only.sqlite');
    await copyDatabase(ports.database.sqlite, copy);
    const copyMs = performance.now() - start;
    rmSync(copy, { force: true });
    start = performance.now();
    const first = await createBackup(ports, 'manual');
    const aloneMs = performance.now() - start;

    // Again while search as you type runs.
    const during: number[] = [];
    let done = false;
    start = performance.now();
    const running = createBackup(ports, 'manual').finally(() => (done = true));
    let k = 0;
    while (!done) {
      during.push(await search(task.queries[k++ % task.queries.length]!));
      // Dense sampling (a keystroke every 5 ms) so a long pause in the backup cannot hide between keys.
      await tick(5);
    }
    const second = await running;
    const duringMs = performance.now() - start;

    // Export everything: time and peak RSS of this app-like process.
    const rss = rssSampler(25);
    start = performance.now();
    const exported = await exportEverything(ports);
    const exportMs = performance.now() - start;
    const peakRss = rss.stop();
    return {
      alone,
      during,
      copyMs,
      aloneMs,
      duringMs,
      checks: [String(first.check), String(second.check)],
      exportMs,
      exportSize: exported.size,
      rssBefore: rss.before,
      peakRss,
    };
  } finally {
    for (const e of bench.errors) process.stderr.write(`core error: ${e}\n`);
    bench.close();
  }
}

async function main() {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const task = JSON.parse(input) as ZipTask | BackupTask;
  const figures = task.task === 'zip' ? await zip(task) : await backup(task);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
