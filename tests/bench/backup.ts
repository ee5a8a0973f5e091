/**
 * `npm run bench -- --only backup`: DESIGN §9/§13 — a backup of the 100k-member database while member
 * search as you type runs (search p95 < 10 ms), the backup's own speed (≥ 50 MB/s, shown as ms per MB
 * < 20), and export everything's time and peak RSS (< 300 MB).
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildBenchCore, openBenchDatabase, setupOwner } from './core';
import { runFresh } from './fresh-process';
import { insertMembers } from './generate';
import { mb, summarize } from './measure';
import type { Row } from './report';
import { typedSequences } from './scenarios';

const SEED = 20260301;

export async function benchBackup(options: {
  members: number;
  workDir: string;
  log: (s: string) => void;
}): Promise<{ rows: Row[] }> {
  const data = join(options.workDir, 'backup-bench');
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const file = join(data, 'recur.sqlite');
  const bench = buildBenchCore(openBenchDatabase(file), data);
  const database = bench.database;
  let closed = false;
  const rows: Row[] = [];
  try {
    await setupOwner(bench);
    options.log(`backup bench: generating ${options.members.toLocaleString('en-US')} members`);
    insertMembers(database.sqlite, options.members, { seed: SEED });
    database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const dbBytes = statSync(file).size;
    const queries = typedSequences(database.sqlite, options.members, 'M').flatMap((s) => s.keystrokes);
    bench.close();
    closed = true;

    // Search, backups and the export run in a fresh process that opened this database as the app
    // does, so the memory and pauses measured are the app's, not the generator's (fresh-process.ts).
    options.log('backup bench: measuring in a fresh app-like process');
    const f = await runFresh({ task: 'backup', file, dataFolder: data, queries });
    const { alone, during, copyMs, aloneMs, duringMs, exportMs, rssBefore, peakRss } = f;
    const first = { check: f.checks[0] };
    const second = { check: f.checks[1] };
    const exported = { size: f.exportSize };

    const mbs = mb(dbBytes) / (aloneMs / 1000);
    rows.push(
      {
        metric: 'backup: online copy, ms per MB',
        value: copyMs / mb(dbBytes),
        unit: 'ms',
        target: 20,
        targetSource: 'issue 10: ≥ 50 MB/s',
        note: `${mb(dbBytes).toFixed(0)} MB in ${(copyMs / 1000).toFixed(2)} s = ${(mb(dbBytes) / (copyMs / 1000)).toFixed(0)} MB/s`,
      },
      {
        metric: 'backup: copy + integrity_check, ms per MB',
        value: aloneMs / mb(dbBytes),
        unit: 'ms',
        target: 20,
        targetSource: 'issue 10: ≥ 50 MB/s',
        note: `${mb(dbBytes).toFixed(0)} MB in ${(aloneMs / 1000).toFixed(2)} s = ${mbs.toFixed(0)} MB/s; check ${first.check}`,
      },
      {
        metric: 'search as you type p95 while a backup runs',
        value: summarize(during).p95,
        unit: 'ms',
        target: 10,
        targetSource: 'DESIGN §9',
        note: `${during.length} keystrokes over ${(duringMs / 1000).toFixed(2)} s; alone p95 ${summarize(alone).p95.toFixed(2)} ms; check ${second.check}`,
      },
      {
        metric: 'export everything (ZIP: 8 CSVs + database)',
        value: exportMs / 1000,
        unit: 's',
        note: `${mb(exported.size).toFixed(0)} MB ZIP`,
      },
      {
        metric: 'RSS while exporting everything (peak)',
        value: mb(peakRss),
        unit: 'MB',
        target: 300,
        targetSource: 'DESIGN §9',
        note: `a fresh process on this database, as the app runs: ${mb(rssBefore).toFixed(0)} MB before, the export adds ${mb(peakRss - rssBefore).toFixed(0)} MB`,
      },
    );
    return { rows };
  } finally {
    if (!closed) bench.close();
    rmSync(data, { recursive: true, force: true });
  }
}
