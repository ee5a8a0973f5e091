/**
 * Why is something over target? Re-runs the slow member queries as raw SQL on a separate connection:
 * the handler's own SQL (built by drizzle from `memberWhere`, exactly as `members.list` builds it),
 * its EXPLAIN QUERY PLAN, and candidate query shapes over the same keystrokes and pages, checked to
 * return the same first page. Nothing is written to the database: experiments that need another
 * index build it in an attached in-memory scratch database.
 */
import Database from 'better-sqlite3';
import { asc, count } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../db/schema';
import { members } from '../../db/schema';
import { buildSearchQuery, memberWhere, type MemberFilter } from '../../electron/core/members/search';
import { round, summarize, type Stats } from './measure';
import type { PageRequest } from './scenarios';

export interface Diagnosis {
  text: string;
  data: unknown;
}

export interface DiagnoseInput {
  /** The business's member-number prefix, as the handler passes it to `memberWhere`. */
  numberPrefix: string;
  /** Every keystroke of one round of typed searches, in order. */
  keystrokes: string[];
  pages: PageRequest[];
  /** Slowest keystrokes and pages as measured through dispatch (median ms), slowest first. */
  slowestQueries: Array<{ query: string; ms: number }>;
  slowestPages: Array<{ label: string; offset: number; ms: number }>;
}

interface Result {
  ids: number[];
  total: number;
  /** The total is a lower bound ("5,000+"). */
  capped?: boolean;
}

/** A way of answering `members.list`: raw SQL, same filter, same order. */
type Shape = (filter: MemberFilter, limit: number, offset: number) => Result;

const RUNS = 3;

/** Median wall time of `RUNS` runs after one warm-up, and the result of the last. */
function timeShape(shape: Shape, filter: MemberFilter, limit: number, offset: number) {
  let result = shape(filter, limit, offset);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = shape(filter, limit, offset);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)]!, result };
}

const statsRow = (s: Stats) => ({
  p50: round(s.p50),
  p95: round(s.p95),
  p99: round(s.p99),
  max: round(s.max),
});

export function diagnose(file: string, input: DiagnoseInput): Diagnosis {
  const sqlite = new Database(file);
  try {
    return run(sqlite, input);
  } finally {
    sqlite.close();
  }
}

function run(sqlite: Database.Database, input: DiagnoseInput): Diagnosis {
  const db = drizzle(sqlite, { schema });
  const lines: string[] = [];
  const data: Record<string, unknown> = {};
  const out = (s = '') => lines.push(s);
  const cache = new Map<string, Database.Statement>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
  const plan = (sql: string, params: unknown[]) =>
    (stmt(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);

  /** The SQL `members.list` runs (electron/core/members/handlers.ts), page then count. */
  const handlerSql = (filter: MemberFilter, limit: number, offset: number) => {
    const where = memberWhere({ ...filter, numberPrefix: input.numberPrefix });
    const page = db
      .select({ id: members.id, row: members })
      .from(members)
      .where(where)
      .orderBy(asc(members.sortName), asc(members.id))
      .limit(limit)
      .offset(offset)
      .toSQL();
    const total = db.select({ n: count() }).from(members).where(where).toSQL();
    return { page, total };
  };

  const current: Shape = (filter, limit, offset) => {
    const { page, total } = handlerSql(filter, limit, offset);
    const rows = stmt(page.sql)
      .raw()
      .all(...page.params) as unknown[][];
    const n = (
      stmt(total.sql)
        .raw()
        .get(...total.params) as [number]
    )[0];
    return { ids: rows.map((r) => r[0] as number), total: n };
  };
  const currentPageOnly: Shape = (filter, limit, offset) => {
    const { page } = handlerSql(filter, limit, offset);
    const rows = stmt(page.sql)
      .raw()
      .all(...page.params) as unknown[][];
    return { ids: rows.map((r) => r[0] as number), total: -1 };
  };

  // ── Search: candidate shapes ───────────────────────────────────────────────────────────────────
  /** `AND m.status = ?` unless every status is asked for (the Ctrl+K search asks for all). */
  type Status = MemberFilter['status'];
  const byStatus = (status: Status) => (status === 'all' ? '' : 'AND m.status = ?');
  const statusParam = (status: Status) => (status === 'all' ? [] : [status]);
  /** FTS first, then the members it found, sorted; the total in the same pass (window count). */
  const ftsFirstSql = (status: Status) =>
    `SELECT m.*, count(*) OVER () AS total FROM members_fts f JOIN members m ON m.id = f.rowid
     WHERE members_fts MATCH ? ${byStatus(status)} ORDER BY m.sort_name, m.id LIMIT ? OFFSET ?`;
  /**
   * Rejected: walk the list in name order and ask FTS about each row (stops after `limit` hits).
   * Each probe re-expands a prefix longer than the `prefix='1 2 3'` index over every matching term.
   */
  const ORDERED_PROBE = `SELECT m.id FROM members m WHERE m.status = ?
     AND EXISTS (SELECT 1 FROM members_fts f WHERE members_fts MATCH ? AND f.rowid = m.id)
     ORDER BY m.sort_name, m.id LIMIT ? OFFSET ?`;
  /** How many FTS hits, counting no further than the cap. */
  const PROBE_COUNT = `SELECT count(*) FROM (SELECT 1 FROM members_fts WHERE members_fts MATCH ? LIMIT ?)`;
  /** Sparse: the ids of one page in name order, and the exact total in the same pass. */
  const sparseIdsSql = (status: Status) =>
    `SELECT m.id, count(*) OVER () FROM members_fts f JOIN members m ON m.id = f.rowid
     WHERE members_fts MATCH ? ${byStatus(status)} ORDER BY m.sort_name, m.id LIMIT ? OFFSET ?`;
  /** Dense: the first hits in FTS (rowid) order; no sort, stops after `limit` rows. */
  const denseIdsSql = (status: Status) =>
    `SELECT m.id FROM members_fts f JOIN members m ON m.id = f.rowid
     WHERE members_fts MATCH ? ${byStatus(status)} LIMIT ? OFFSET ?`;
  /** Then the page's rows by primary key, in name order (what drizzle's `inArray` would run). */
  const rowsById = (ids: number[]) =>
    ids.length
      ? (
          stmt(`SELECT * FROM members WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY sort_name, id`)
            .raw()
            .all(...ids) as unknown[][]
        ).map((r) => r[0] as number)
      : [];

  const withFts =
    (inner: (fts: string, status: Status, limit: number, offset: number) => Result): Shape =>
    (filter, limit, offset) => {
      const fts = buildSearchQuery(filter.query ?? '', input.numberPrefix);
      if (!fts || filter.tag) return current(filter, limit, offset);
      return inner(fts, filter.status, limit, offset);
    };
  const ftsFirst = (fts: string, status: Status, limit: number, offset: number): Result => {
    const rows = stmt(ftsFirstSql(status)).all(fts, ...statusParam(status), limit, offset) as Array<{
      id: number;
      total: number;
    }>;
    return { ids: rows.map((r) => r.id), total: rows[0]?.total ?? 0 };
  };
  /**
   * The suggested `members.list` for a query. Under `cap` FTS hits: exact (name order, exact total).
   * From `cap` hits on the query says little ("c", "555"): any `limit` matches, shown in name order,
   * total reported as "cap+" (keep typing).
   */
  const capped = (cap: number) =>
    withFts((fts, status, limit, offset) => {
      const hits = (stmt(PROBE_COUNT).raw().get(fts, cap) as [number])[0];
      if (hits < cap) {
        const page = stmt(sparseIdsSql(status))
          .raw()
          .all(fts, ...statusParam(status), limit, offset) as Array<[number, number]>;
        return { ids: rowsById(page.map((r) => r[0])), total: page[0]?.[1] ?? 0 };
      }
      const ids = (
        stmt(denseIdsSql(status))
          .raw()
          .all(fts, ...statusParam(status), limit, offset) as Array<[number]>
      ).map((r) => r[0]);
      return { ids: rowsById(ids), total: cap, capped: true };
    });

  const searchShapes: Array<{ name: string; shape: Shape }> = [
    { name: 'current: id IN (FTS) + count(*)', shape: current },
    { name: 'FTS-first join, count(*) OVER ()', shape: withFts(ftsFirst) },
    ...[1000, 2000, 5000].map((cap) => ({
      name: `suggested: capped at ${cap.toLocaleString('en-US')} hits`,
      shape: capped(cap),
    })),
  ];

  // ── Search: the slowest keystrokes, explained ──────────────────────────────────────────────────
  out('Diagnostics (raw SQL on a second connection; medians of 3 runs)');
  out('');
  out('Slowest search keystrokes through dispatch, and the handler SQL split into page and count:');
  const explained: unknown[] = [];
  for (const { query, ms } of input.slowestQueries.slice(0, 8)) {
    const filter: MemberFilter = { query, status: 'active' };
    const { page, total } = handlerSql(filter, 50, 0);
    const pageT = timeShape(currentPageOnly, filter, 50, 0);
    const countT = timeShape(
      () => ({
        ids: [],
        total: (
          stmt(total.sql)
            .raw()
            .get(...total.params) as [number]
        )[0],
      }),
      filter,
      50,
      0,
    );
    const totalMs = countT.ms;
    const n = countT.result.total;
    out(
      `  ${JSON.stringify(query).padEnd(18)} dispatch ${ms.toFixed(1).padStart(6)} ms | page ${pageT.ms.toFixed(1).padStart(5)} ms, count ${totalMs.toFixed(1).padStart(5)} ms | ${n.toLocaleString('en-US')} matches | FTS ${buildSearchQuery(query, input.numberPrefix)}`,
    );
    explained.push({
      query,
      fts: buildSearchQuery(query, input.numberPrefix),
      dispatchMs: round(ms),
      pageMs: round(pageT.ms),
      countMs: round(totalMs),
      matches: n,
      pagePlan: plan(page.sql, page.params),
      countPlan: plan(total.sql, total.params),
    });
  }
  const worst = input.slowestQueries[0];
  if (worst) {
    const { page, total } = handlerSql({ query: worst.query, status: 'active' }, 50, 0);
    out(`  plan of the page query for ${JSON.stringify(worst.query)}:`);
    for (const d of plan(page.sql, page.params)) out(`    ${d}`);
    out('  plan of its count:');
    for (const d of plan(total.sql, total.params)) out(`    ${d}`);
  }
  const sparse = input.slowestQueries.find(
    (q) => current({ query: q.query, status: 'active' }, 50, 0).total < 100,
  );
  if (sparse) {
    const { page } = handlerSql({ query: sparse.query, status: 'active' }, 50, 0);
    const n = current({ query: sparse.query, status: 'active' }, 50, 0).total;
    out(`  plan for a selective query, ${JSON.stringify(sparse.query)} (${n} matches), same shape:`);
    for (const d of plan(page.sql, page.params)) out(`    ${d}`);
  }
  data.slowSearches = explained;

  // Why one letter matches everybody: the email domain is indexed too.
  const density = ['c', 'e', 'co', 'ex', '5', '555'].map((q) => {
    const fts = buildSearchQuery(q)!;
    const all = (
      stmt('SELECT count(*) FROM members_fts WHERE members_fts MATCH ?').raw().get(fts) as [number]
    )[0];
    const byColumn = Object.fromEntries(
      ['name', 'email', 'phone', 'number'].map((c) => [
        c,
        (
          stmt('SELECT count(*) FROM members_fts WHERE members_fts MATCH ?').raw().get(`${c} : ${fts}`) as [
            number,
          ]
        )[0],
      ]),
    );
    return { query: q, matches: all, byColumn };
  });
  out('');
  out('Matches per column for short prefixes (email domain "example.com" and the shared area code 555):');
  for (const d of density) {
    out(
      `  ${JSON.stringify(d.query).padEnd(6)} ${d.matches.toLocaleString('en-US').padStart(8)} matches; ${Object.entries(
        d.byColumn,
      )
        .map(([c, n]) => `${c} ${n.toLocaleString('en-US')}`)
        .join(', ')}`,
    );
  }
  data.density = density;

  // ── Search: every keystroke, every shape ───────────────────────────────────────────────────────
  const searchData: unknown[] = [];
  const compare = (
    title: string,
    status: Status,
    limit: number,
    shapes: Array<{ name: string; shape: Shape }>,
  ) => {
    out('');
    out(
      `${title}: all ${input.keystrokes.length} keystrokes, raw SQL per shape (page of ${limit} + total), ms:`,
    );
    const reference = new Map<string, Result>();
    for (const q of new Set(input.keystrokes)) reference.set(q, current({ query: q, status }, limit, 0));
    out(
      `  ${'shape'.padEnd(36)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}  same page  capped`,
    );
    for (const { name, shape } of shapes) {
      const times: number[] = [];
      let mismatches = 0;
      let capped = 0;
      const perQuery = new Map<string, { ms: number; result: Result }>();
      for (const q of input.keystrokes) {
        let t = perQuery.get(q);
        if (!t) perQuery.set(q, (t = timeShape(shape, { query: q, status }, limit, 0)));
        times.push(t.ms);
      }
      for (const [q, t] of perQuery) {
        const ref = reference.get(q)!;
        // A capped answer is a different page by design (any `limit` matches); the others must agree.
        if (t.result.capped) capped++;
        else if (t.result.ids.join() !== ref.ids.join() || t.result.total !== ref.total) mismatches++;
      }
      const st = summarize(times);
      out(
        `  ${name.padEnd(36)} ${[st.p50, st.p95, st.p99, st.max].map((v) => v.toFixed(2).padStart(7)).join(' ')}  ${
          mismatches ? `${mismatches} differ` : 'yes'
        }${' '.repeat(mismatches ? 2 : 8)} ${capped} of ${perQuery.size} queries`,
      );
      searchData.push({
        search: title,
        shape: name,
        ...statsRow(st),
        differingQueries: mismatches,
        cappedQueries: capped,
      });
    }
  };
  compare('Members page search (active, 50)', 'active', 50, searchShapes);
  compare('Ctrl+K search (all statuses, 8)', 'all', 8, [searchShapes[0]!, searchShapes[2]!]);
  data.searchShapes = searchData;

  // The shape that looks right for dense matches and is not: one run each, it can take seconds.
  const rejected = ['c', 'john', '555 5'].map((q) => {
    const fts = buildSearchQuery(q)!;
    const start = performance.now();
    stmt(ORDERED_PROBE).all('active', fts, 50, 0);
    return { query: q, fts, ms: round(performance.now() - start, 1) };
  });
  out(
    `  rejected: name-ordered scan + per-row FTS probe (EXISTS … rowid = m.id): ${rejected
      .map((r) => `${JSON.stringify(r.query)} ${r.ms} ms`)
      .join(', ')}`,
  );
  data.rejectedOrderedProbe = rejected;

  // ── List pages ─────────────────────────────────────────────────────────────────────────────────
  sqlite.exec(`ATTACH ':memory:' AS scratch`);
  sqlite.exec(`CREATE TABLE scratch.tags_covering (tag TEXT NOT NULL, member_id INTEGER NOT NULL,
      PRIMARY KEY (tag, member_id)) WITHOUT ROWID;
    INSERT INTO scratch.tags_covering SELECT tag, member_id FROM main.member_tags;
    CREATE TABLE scratch.tag_order (tag TEXT NOT NULL, status TEXT NOT NULL, sort_name TEXT NOT NULL,
      member_id INTEGER NOT NULL, PRIMARY KEY (tag, status, sort_name, member_id)) WITHOUT ROWID;
    INSERT INTO scratch.tag_order SELECT t.tag, m.status, m.sort_name, m.id
      FROM main.member_tags t JOIN main.members m ON m.id = t.member_id;`);

  const pageOf = (sql: string, params: unknown[]): Result => ({
    ids: (
      stmt(sql)
        .raw()
        .all(...params) as unknown[][]
    ).map((r) => r[0] as number),
    total: -1,
  });
  /** Only the 100 ids are looked up in the (status, sort_name, id) index; rows fetched after. */
  const deferredJoin: Shape = (filter, limit, offset) =>
    filter.tag
      ? pageOf(
          `SELECT * FROM members WHERE id IN (SELECT id FROM members WHERE status = ? AND id IN
             (SELECT member_id FROM scratch.tags_covering WHERE tag = ?) ORDER BY sort_name, id LIMIT ? OFFSET ?)
           ORDER BY sort_name, id`,
          [filter.status, filter.tag, limit, offset],
        )
      : pageOf(
          `SELECT * FROM members WHERE id IN (SELECT id FROM members WHERE status = ? ORDER BY sort_name, id
             LIMIT ? OFFSET ?) ORDER BY sort_name, id`,
          [filter.status, limit, offset],
        );
  /** Tag pages from a (tag, status, sort_name, member_id) index kept in step with members. */
  const tagOrder: Shape = (filter, limit, offset) =>
    filter.tag
      ? {
          ...pageOf(
            `SELECT m.* FROM members m WHERE m.id IN (SELECT member_id FROM scratch.tag_order
               WHERE tag = ? AND status = ? ORDER BY sort_name, member_id LIMIT ? OFFSET ?) ORDER BY m.sort_name, m.id`,
            [filter.tag, filter.status, limit, offset],
          ),
          total: (
            stmt('SELECT count(*) FROM scratch.tag_order WHERE tag = ? AND status = ?')
              .raw()
              .get(filter.tag, filter.status) as [number]
          )[0],
        }
      : { ...deferredJoin(filter, limit, offset), total: countOnly(filter) };
  const countOnly = (filter: MemberFilter) => {
    const { total } = handlerSql(filter, 1, 0);
    return (
      stmt(total.sql)
        .raw()
        .get(...total.params) as [number]
    )[0];
  };

  const pageShapes: Array<{ name: string; shape: Shape; comparesTotal: boolean }> = [
    { name: 'current: page + count(*)', shape: current, comparesTotal: true },
    { name: 'current page, no count', shape: currentPageOnly, comparesTotal: false },
    { name: 'deferred join (ids first), no count', shape: deferredJoin, comparesTotal: false },
    { name: 'tag_order index, page + count', shape: tagOrder, comparesTotal: true },
  ];
  out('');
  out(`List pages (${input.pages.length} requests of 100 rows), raw SQL, ms:`);
  out(
    `  ${'shape'.padEnd(38)} ${'untagged p50/p95'.padStart(16)}   ${'tag p50/p95'.padStart(14)}  same page`,
  );
  const pageData: unknown[] = [];
  for (const { name, shape, comparesTotal } of pageShapes) {
    const plain: number[] = [];
    const tagged: number[] = [];
    let mismatches = 0;
    for (const p of input.pages) {
      const filter: MemberFilter = { status: p.input.status, tag: p.input.tag };
      const t = timeShape(shape, filter, p.input.limit, p.input.offset);
      (p.input.tag ? tagged : plain).push(t.ms);
      const ref = current(filter, p.input.limit, p.input.offset);
      if (t.result.ids.join() !== ref.ids.join() || (comparesTotal && t.result.total !== ref.total))
        mismatches++;
    }
    const a = summarize(plain);
    const b = summarize(tagged);
    out(
      `  ${name.padEnd(38)} ${`${a.p50.toFixed(2)} / ${a.p95.toFixed(2)}`.padStart(16)}   ${`${b.p50.toFixed(2)} / ${b.p95.toFixed(2)}`.padStart(14)}  ${mismatches ? `${mismatches} differ` : 'yes'}`,
    );
    pageData.push({ shape: name, untagged: statsRow(a), tagged: statsRow(b), differingPages: mismatches });
  }
  const countFilters: MemberFilter[] = [
    { status: 'active' },
    { status: 'active', tag: 'Morning' },
    { status: 'active', tag: 'VIP' },
  ];
  const countCosts = countFilters.map((filter) => {
    const t = timeShape(() => ({ ids: [], total: countOnly(filter) }), filter, 1, 0);
    return { filter, ms: round(t.ms), total: t.result.total };
  });
  out(
    `  count(*) alone: ${countCosts.map((c) => `${c.filter.tag ?? 'all active'} ${c.ms} ms (${c.total.toLocaleString('en-US')})`).join(', ')}`,
  );
  data.pageShapes = pageData;
  data.countCosts = countCosts;

  const slowPage = input.slowestPages[0];
  if (slowPage) {
    const p = input.pages.find((x) => x.label === slowPage.label && x.input.offset === slowPage.offset);
    if (p) {
      const { page, total } = handlerSql(
        { status: p.input.status, tag: p.input.tag },
        p.input.limit,
        p.input.offset,
      );
      out(
        `  slowest page through dispatch: ${slowPage.label} offset ${slowPage.offset}, ${slowPage.ms.toFixed(1)} ms; plan:`,
      );
      for (const d of plan(page.sql, page.params)) out(`    ${d}`);
      out('  its count:');
      for (const d of plan(total.sql, total.params)) out(`    ${d}`);
      data.slowestPage = {
        ...slowPage,
        pagePlan: plan(page.sql, page.params),
        countPlan: plan(total.sql, total.params),
      };
    }
  }
  sqlite.exec('DETACH scratch');
  return { text: lines.join('\n'), data };
}
