/**
 * `npm run bench` — performance of the member features against DESIGN §9 on a synthetic business.
 *
 *   npm run bench -- [--members N] [--renewals N] [--out FILE] [--keep DIR] [--rounds R] [--no-diagnose]
 *
 * Generates N members into a temporary database file (or reuses one in --keep DIR), then measures
 * through the real core's dispatch — what the UI calls: search as you type, list pages, core
 * start-up, RSS, CSV export and import. Prints a table and writes JSON. Exits 0 even when a target
 * is missed: the table says FAIL, and the diagnostics say why.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { and, eq } from 'drizzle-orm';
import type { RecurDatabase } from '../../db/open';
import { members } from '../../db/schema';
import { memberWhere } from '../../electron/core/members/search';
import { buildBenchCore, openBenchDatabase, setupOwner, signIn } from './core';
import { diagnose, type Diagnosis } from './diagnose';
import { GENERATOR_VERSION, insertMembers, membersCsv, type GenerationResult } from './generate';
import { mb, median, round, settle, summarize, timeAsync, type Stats } from './measure';
import { formatTable, passOf, writeJson, type Row } from './report';
import { pageRequests, typedSequences, type TypedSequence } from './scenarios';
import { benchRenewals, type RenewalResult } from './renewals';
import { benchDunning } from './dunning';
import { benchReports } from './reports';
import { benchMembership } from './membership';
import { benchDocuments } from './documents';
import { benchMail } from './mail';
import { benchBackup } from './backup';

const SEED = 20260301;
const IMPORT_ROWS = 10_000;
const STARTUP_RUNS = 7;

interface Page {
  items: Array<{ id: number }>;
  total: number;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      members: { type: 'string', default: '100000' },
      out: { type: 'string', default: 'bench-results/bench.json' },
      keep: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      'no-diagnose': { type: 'boolean', default: false },
      renewals: { type: 'string' },
      only: { type: 'string' },
      /** With --only dunning: automatic renewals on the card-heavy day (each 1/20 s at the test rate). */
      'card-renewals': { type: 'string', default: '1000' },
    },
    allowPositionals: false,
  });
  const members = Number(values.members);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(members) || members < 100) throw new Error('--members must be an integer ≥ 100');
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  const renewals = values.renewals === undefined ? members : Number(values.renewals);
  if (!Number.isInteger(renewals) || renewals < 0) throw new Error('--renewals must be an integer ≥ 0');
  return {
    members,
    renewals,
    rounds,
    out: resolve(values.out),
    keep: values.keep ? resolve(values.keep) : null,
    diagnose: !values['no-diagnose'],
    only: values.only ?? null,
    cardRenewals: Number(values['card-renewals']),
  };
}

const removeDb = (file: string) => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  rmSync(`${file}.backups`, { recursive: true, force: true });
};

/** A kept database is reused when it holds exactly what this generator would write. */
function reusable(file: string, members: number): boolean {
  if (!existsSync(file)) return false;
  try {
    const database = openBenchDatabase(file);
    try {
      const n = (database.sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
      const ops = (database.sqlite.prepare('SELECT count(*) AS n FROM operators').get() as { n: number }).n;
      if (n === members && ops === 1) return true;
      log(`The kept database holds ${n} members and ${ops} operators: generating it again.`);
      return false;
    } finally {
      database.close();
      // A kept database is migrated when the app gains migrations; its pre-upgrade copy is not needed.
      rmSync(`${file}.backups`, { recursive: true, force: true });
    }
  } catch (e) {
    log(`The kept database cannot be used (${(e as Error).message}): generating it again.`);
    return false;
  }
}

async function generate(file: string, members: number): Promise<GenerationResult & { setupMs: number }> {
  removeDb(file);
  const database = openBenchDatabase(file);
  const bench = buildBenchCore(database);
  try {
    const setup = await timeAsync(() => setupOwner(bench));
    const result = insertMembers(database.sqlite, members, {
      seed: SEED,
      onProgress: (done) =>
        log(`  generated ${done.toLocaleString('en-US')} / ${members.toLocaleString('en-US')}`),
    });
    return { ...result, setupMs: setup.ms };
  } finally {
    bench.close();
  }
}

const fileSize = (file: string) =>
  [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);

type Options = ReturnType<typeof parseOptions> & { workDir: string };

/** The sections that `--only NAME` runs on their own, each with its own data (DESIGN §9 by issue). */
const SECTIONS: Record<string, (o: Options) => Promise<{ rows: Row[] }>> = {
  // Invoice PDFs, the accountant's ZIP and search while it runs.
  documents: (o) => benchDocuments({ members: o.members, workDir: o.workDir }),
  // A backup while search runs, its speed, and export everything's peak RSS.
  backup: (o) => benchBackup({ members: o.members, workDir: o.workDir, log }),
  // Outbox throughput through a local SMTP server on a pooled connection.
  mail: (o) => benchMail({ workDir: o.workDir }),
  // The rate-limited card day against the Stripe stand-in, and the quiet 15-minute run.
  dunning: (o) => benchDunning({ members: o.members, cardRenewals: o.cardRenewals, workDir: o.workDir, log }),
  // Every report and the dashboard over a three-year history of its own.
  reports: (o) => benchReports({ members: o.members, workDir: o.workDir, rounds: Math.max(20, o.rounds) }),
};

async function main() {
  const opts = parseOptions();
  const workDir = opts.keep ?? mkdtempSync(join(tmpdir(), 'recur-bench-'));
  mkdirSync(workDir, { recursive: true });
  if (opts.only) {
    const section = SECTIONS[opts.only];
    if (!section) throw new Error(`--only takes one of: ${Object.keys(SECTIONS).join(', ')}`);
    const result = await section({ ...opts, workDir });
    process.stdout.write(`${formatTable(result.rows)}\n`);
    writeJson(opts.out, result);
    if (!opts.keep) rmSync(workDir, { recursive: true, force: true });
    return;
  }
  const file = join(workDir, `recur-bench-${opts.members}-g${GENERATOR_VERSION}.sqlite`);
  const rows: Row[] = [];
  const started = performance.now();
  const loadBefore = loadavg();
  log(`Recur bench: ${opts.members.toLocaleString('en-US')} members, database ${file}`);

  try {
    // ── Generation ──────────────────────────────────────────────────────────────────────────────
    let generation: (GenerationResult & { setupMs: number }) | null = null;
    if (opts.keep && reusable(file, opts.members)) {
      log('Reusing the kept database (generation skipped).');
    } else {
      log('Generating the synthetic business…');
      generation = await generate(file, opts.members);
      rows.push({
        metric: 'generate members (raw inserts + FTS triggers)',
        value: generation.members / (generation.ms / 1000),
        unit: 'rows/s',
        note: `${generation.members.toLocaleString('en-US')} members + ${generation.tagRows.toLocaleString('en-US')} tag rows in ${(generation.ms / 1000).toFixed(1)} s`,
      });
    }
    const dbBytes = fileSize(file);

    // ── c. Core start-up on the big database ─────────────────────────────────────────────────────
    log('Measuring core start-up…');
    let token: string;
    {
      const bench = buildBenchCore(openBenchDatabase(file));
      token = await signIn(bench);
      bench.close();
    }
    const startup: Array<{ openMs: number; coreMs: number; totalMs: number; firstPageMs: number }> = [];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      const start = performance.now();
      const database = openBenchDatabase(file);
      const opened = performance.now();
      const bench = buildBenchCore(database);
      const built = performance.now();
      const first = await timeAsync(() =>
        bench.call<Page>(token, 'members.list', { status: 'active', limit: 100, offset: 0 }),
      );
      bench.close();
      startup.push({
        openMs: opened - start,
        coreMs: built - opened,
        totalMs: built - start,
        firstPageMs: first.ms,
      });
      await settle();
    }

    // ── Main measurement core ────────────────────────────────────────────────────────────────────
    const bench = buildBenchCore(openBenchDatabase(file));
    const sqlite = bench.database.sqlite;
    const prefix = (
      sqlite.prepare('SELECT member_number_prefix AS p FROM business_settings').get() as { p: string }
    ).p;
    const list = (input: unknown) => bench.call<Page>(token, 'members.list', input);

    // ── a. Search as you type ────────────────────────────────────────────────────────────────────
    log('Measuring search as you type…');
    const sequences = typedSequences(sqlite, opts.members, prefix);
    for (const s of sequences) for (const q of s.keystrokes) await list({ query: q, limit: 50 }); // warm-up
    const searchSamples: number[] = [];
    const searchCpu: number[] = [];
    const perQuery = new Map<string, number[]>();
    const finals: Array<{
      kind: string;
      query: string;
      total: number;
      found: boolean;
      onFirstPage: boolean;
    }> = [];
    for (let round = 0; round < opts.rounds; round++) {
      for (const s of sequences) {
        for (const [i, q] of s.keystrokes.entries()) {
          const { ms, cpuMs, value } = await timeAsync(() => list({ query: q, limit: 50 }));
          searchSamples.push(ms);
          searchCpu.push(cpuMs);
          perQuery.set(q, [...(perQuery.get(q) ?? []), ms]);
          if (round === 0 && i === s.keystrokes.length - 1)
            finals.push(checkFound(bench.database, prefix, s, q, value));
        }
      }
    }
    const search = summarize(searchSamples);
    const missed = finals.filter((f) => !f.found);
    rows.push(
      { metric: 'search as you type p50', value: search.p50, unit: 'ms' },
      {
        metric: 'search as you type p95',
        value: search.p95,
        unit: 'ms',
        target: 10,
        targetSource: 'DESIGN §9',
        note: `${sequences.length} typed searches, ${search.n} keystrokes`,
      },
      { metric: 'search as you type p99', value: search.p99, unit: 'ms' },
      { metric: 'search as you type max', value: search.max, unit: 'ms' },
      {
        metric: 'search as you type p95, CPU time',
        value: summarize(searchCpu).p95,
        unit: 'ms',
        note: 'the work itself, without waiting for a core',
      },
      {
        metric: 'search finds the member typed for',
        value: finals.length - missed.length,
        unit: `of ${finals.length}`,
        note: missed.length ? `not found: ${missed.map((m) => `"${m.query}"`).join(', ')}` : '',
      },
    );

    // The Ctrl+K search (renderer/src/app/GlobalSearch.tsx): every status, 8 results.
    const globalInput = (q: string) => ({ query: q, status: 'all', limit: 8 });
    for (const s of sequences) for (const q of s.keystrokes) await list(globalInput(q)); // warm-up
    const globalSamples: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      for (const s of sequences) {
        for (const q of s.keystrokes) globalSamples.push((await timeAsync(() => list(globalInput(q)))).ms);
      }
    }
    const globalSearch = summarize(globalSamples);
    rows.push(
      { metric: 'Ctrl+K search (all statuses, 8 rows) p50', value: globalSearch.p50, unit: 'ms' },
      {
        metric: 'Ctrl+K search (all statuses, 8 rows) p95',
        value: globalSearch.p95,
        unit: 'ms',
        target: 10,
        targetSource: 'DESIGN §9',
        note: 'same keystrokes',
      },
    );

    // ── b. List pages ────────────────────────────────────────────────────────────────────────────
    log('Measuring list pages…');
    const activeTotal = (await list({ status: 'active', limit: 1 })).total;
    const tagTotals: Record<string, number> = {};
    for (const tag of ['VIP', 'Student', 'Morning']) {
      tagTotals[tag] = (await list({ status: 'active', tag, limit: 1 })).total;
    }
    const pages = pageRequests(activeTotal, tagTotals);
    for (const p of pages) await list(p.input); // warm-up
    const pageSamples: number[] = [];
    const tagSamples: number[] = [];
    const pageCpu: number[] = [];
    const tagCpu: number[] = [];
    const perPage: Array<{ label: string; offset: number; ms: number[] }> = pages.map((p) => ({
      label: p.label,
      offset: p.input.offset,
      ms: [],
    }));
    for (let round = 0; round < opts.rounds; round++) {
      for (const [i, p] of pages.entries()) {
        const { ms, cpuMs } = await timeAsync(() => list(p.input));
        (p.input.tag ? tagSamples : pageSamples).push(ms);
        (p.input.tag ? tagCpu : pageCpu).push(cpuMs);
        perPage[i]!.ms.push(ms);
      }
    }
    const page = summarize(pageSamples);
    const tagPage = summarize(tagSamples);
    rows.push(
      { metric: 'list page (active, 100 rows) p50', value: page.p50, unit: 'ms' },
      {
        metric: 'list page (active, 100 rows) p95',
        value: page.p95,
        unit: 'ms',
        target: 10,
        targetSource: 'our bar',
        note: `offsets 0…${pages.filter((p) => !p.input.tag).at(-1)?.input.offset ?? 0}, ${page.n} pages`,
      },
      { metric: 'list page (active) p95, CPU time', value: summarize(pageCpu).p95, unit: 'ms' },
      { metric: 'list page, tag filter p50', value: tagPage.p50, unit: 'ms' },
      {
        metric: 'list page, tag filter p95',
        value: tagPage.p95,
        unit: 'ms',
        target: 10,
        targetSource: 'our bar',
        note: Object.entries(tagTotals)
          .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
          .join(', '),
      },
      { metric: 'list page, tag filter p95, CPU time', value: summarize(tagCpu).p95, unit: 'ms' },
    );
    log('Measuring the members list by membership…');
    rows.push(...(await benchMembership(bench, token, { rounds: opts.rounds, seed: SEED })));

    const startupTotal = median(startup.map((s) => s.totalMs));
    rows.push(
      {
        metric: 'core start-up (openDatabase + createCore), median',
        value: startupTotal,
        unit: 'ms',
        target: 500,
        targetSource: 'DESIGN §9',
        note: `${STARTUP_RUNS} runs, max ${Math.max(...startup.map((s) => s.totalMs)).toFixed(1)} ms; open ${median(startup.map((s) => s.openMs)).toFixed(1)} + core ${median(startup.map((s) => s.coreMs)).toFixed(1)}`,
      },
      {
        metric: 'first list page after start-up, median',
        value: median(startup.map((s) => s.firstPageMs)),
        unit: 'ms',
        note: 'fresh connection: SQLite page cache empty, OS file cache warm',
      },
    );

    // ── d. RSS ───────────────────────────────────────────────────────────────────────────────────
    const memory: Record<string, { rssMB: number; heapUsedMB: number; externalMB: number }> = {};
    const snapshot = (label: string) => {
      const m = process.memoryUsage();
      memory[label] = {
        rssMB: round(mb(m.rss)),
        heapUsedMB: round(mb(m.heapUsed)),
        externalMB: round(mb(m.external)),
      };
      return m.rss;
    };
    await settle();
    const rssAfterQueries = snapshot('afterQueries');
    rows.push({
      metric: 'RSS after search + list measurements',
      value: mb(rssAfterQueries),
      unit: 'MB',
      target: 300,
      targetSource: 'DESIGN §9',
    });

    // ── e. CSV export and import (informational) ─────────────────────────────────────────────────
    log('Measuring CSV export…');
    // Written in pages to a file by the core, then fetched in pieces as the window does (and discarded).
    const exported = await timeAsync(async () => {
      const made = await bench.call<{ exportId: string; size: number; count: number }>(
        token,
        'members.exportCsv',
        { status: 'all' },
      );
      let offset: number | null = 0;
      while (offset !== null) {
        const chunk: { nextOffset: number | null } = await bench.call(token, 'members.exportChunk', {
          exportId: made.exportId,
          offset,
        });
        offset = chunk.nextOffset;
      }
      return made;
    });
    const exportBytes = exported.value.size;
    rows.push({
      metric: 'CSV export, all members',
      value: exported.ms,
      unit: 'ms',
      note: `${exported.value.count.toLocaleString('en-US')} rows, ${mb(exportBytes).toFixed(1)} MB`,
    });
    await settle();
    const rssAfterExport = snapshot('afterExport');

    log('Measuring CSV import (on a copy of the database)…');
    const copy = join(workDir, `import-copy-${process.pid}.sqlite`);
    removeDb(copy);
    await sqlite.backup(copy);
    const csv = membersCsv(IMPORT_ROWS, SEED + 1);
    const importer = buildBenchCore(openBenchDatabase(copy));
    let rssAfterImport = 0;
    try {
      const importToken = await signIn(importer);
      const preview = await timeAsync(() =>
        importer.call<{ mapping: Record<string, string | null>; validRows: number; errors: unknown[] }>(
          importToken,
          'members.importPreview',
          { csv },
        ),
      );
      if (preview.value.validRows !== IMPORT_ROWS) {
        throw new Error(`Import preview: ${preview.value.validRows} valid rows of ${IMPORT_ROWS}`);
      }
      const commit = await timeAsync(() =>
        importer.call<{ imported: number }>(importToken, 'members.importCommit', {
          csv,
          mapping: preview.value.mapping,
        }),
      );
      rssAfterImport = snapshot('afterImport');
      rows.push(
        {
          metric: `CSV import preview, ${IMPORT_ROWS.toLocaleString('en-US')} rows`,
          value: preview.ms,
          unit: 'ms',
          note: `${mb(Buffer.byteLength(csv)).toFixed(1)} MB file`,
        },
        {
          metric: `CSV import commit, ${IMPORT_ROWS.toLocaleString('en-US')} rows`,
          value: commit.ms,
          unit: 'ms',
          note: `${Math.round(commit.value.imported / (commit.ms / 1000)).toLocaleString('en-US')} rows/s into the big database`,
        },
      );
    } finally {
      importer.close();
      removeDb(copy);
    }
    rows.push({
      metric: 'RSS peak after export + import',
      value: mb(Math.max(rssAfterExport, rssAfterImport, process.memoryUsage().rss)),
      unit: 'MB',
      note: 'informational: this process also holds the generator; the export is written in pages of 1,000, and the app-like RSS figures are in --only documents / backup',
    });

    // ── Renewals: runDue over N manual subscriptions against raw SQLite (DESIGN §9) ──────────────
    let renewals: RenewalResult | null = null;
    if (opts.renewals > 0) {
      log(
        `Renewing ${opts.renewals.toLocaleString('en-US')} subscriptions through runDue, then the same rows by raw SQLite…`,
      );
      renewals = await benchRenewals(opts.renewals, workDir);
      rows.push({
        metric: `renewal run, ${opts.renewals.toLocaleString('en-US')} manual subscriptions: runDue ÷ raw SQLite`,
        value: renewals.ratio,
        unit: '×',
        target: 3,
        targetSource: 'DESIGN §9',
        note: `runDue ${(renewals.coreMs / 1000).toFixed(1)} s (${Math.round(renewals.corePerSecond)}/s), raw ${(renewals.rawMs / 1000).toFixed(1)} s, one transaction per renewal on both sides; ${renewals.invoicesCreated.toLocaleString('en-US')} invoices`,
      });
    }

    // ── Diagnostics for whatever is over target ──────────────────────────────────────────────────
    let diagnosis: Diagnosis | null = null;
    if (opts.diagnose) {
      log('Diagnosing the slowest queries…');
      const slowest = [...perQuery.entries()]
        .map(([q, ms]) => ({ query: q, ms: median(ms) }))
        .sort((a, b) => b.ms - a.ms);
      const slowPages = perPage
        .map((p) => ({ label: p.label, offset: p.offset, ms: median(p.ms) }))
        .sort((a, b) => b.ms - a.ms);
      diagnosis = diagnose(file, {
        numberPrefix: prefix,
        keystrokes: sequences.flatMap((s) => s.keystrokes),
        pages,
        slowestQueries: slowest,
        slowestPages: slowPages,
      });
    }
    if (bench.errors.length) log(`Core logged errors:\n${bench.errors.join('\n')}`);
    bench.close();

    // ── Report ───────────────────────────────────────────────────────────────────────────────────
    console.log(
      `\nRecur bench — ${opts.members.toLocaleString('en-US')} members (${mb(dbBytes).toFixed(0)} MB database)\n`,
    );
    console.log(formatTable(rows));
    const loadAfter = loadavg();
    if (Math.max(loadBefore[0]!, loadAfter[0]!) > 1.5) {
      console.log(
        `\nNote: the machine was busy (load average ${loadBefore[0]!.toFixed(1)} at start, ${loadAfter[0]!.toFixed(1)} at end, ${availableParallelism()} cores): timings are inflated.`,
      );
    }
    if (diagnosis) console.log(`\n${diagnosis.text}`);
    const failed = rows.filter((r) => passOf(r) === false).map((r) => r.metric);
    console.log(failed.length ? `\nOver target: ${failed.join('; ')}` : '\nAll targets met.');

    writeJson(opts.out, {
      members: opts.members,
      generatorVersion: GENERATOR_VERSION,
      seed: SEED,
      node: process.version,
      loadAverage: { start: loadBefore.map((v) => round(v)), end: loadavg().map((v) => round(v)) },
      sqlite: (sqliteVersion(file) as { v: string }).v,
      databaseBytes: dbBytes,
      reusedDatabase: generation === null,
      generation,
      totalSeconds: round((performance.now() - started) / 1000, 1),
      results: rows.map((r) => ({ ...r, value: round(r.value, 3), pass: passOf(r) })),
      search: { stats: roundStats(search), globalStats: roundStats(globalSearch), finals },
      pages: { active: roundStats(page), tag: roundStats(tagPage), tagTotals, activeTotal },
      startup: startup.map((s) => ({
        openMs: round(s.openMs),
        coreMs: round(s.coreMs),
        totalMs: round(s.totalMs),
        firstPageMs: round(s.firstPageMs),
      })),
      memory,
      renewals,
      diagnosis: diagnosis?.data ?? null,
    });
    log(`\nWrote ${opts.out}`);
  } finally {
    if (!opts.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

function roundStats(s: Stats) {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v, 3)]));
}

function sqliteVersion(file: string) {
  const database = openBenchDatabase(file);
  try {
    return database.sqlite.prepare('SELECT sqlite_version() AS v').get();
  } finally {
    database.close();
  }
}

/** Is the member the person typed for among the results (on the first page, or further down)? */
function checkFound(database: RecurDatabase, prefix: string, s: TypedSequence, query: string, page: Page) {
  const onFirstPage = page.items.some((m) => m.id === s.target.id);
  const found =
    onFirstPage ||
    database.db
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.id, s.target.id), memberWhere({ query, status: 'active', numberPrefix: prefix })))
      .get() !== undefined;
  return { kind: s.kind, query, total: page.total, found, onFirstPage };
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
