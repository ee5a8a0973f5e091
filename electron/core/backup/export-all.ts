import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { ExportChunk, ExportEverything } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { CorePorts } from '../ports';
import { csvRow } from './csv';
import { describeFileError } from './io';
import { checkCopyOffThread, copyDatabase } from './online';
import { pathsOf } from './store';

/** The things a user cares about, one CSV each, in this order. Columns are the database's own. */
export const EXPORTED_TABLES = [
  'members',
  'plans',
  'subscriptions',
  'invoices',
  'invoice_lines',
  'payments',
  'refunds',
  'credit_notes',
] as const;

const ROWS_PER_SLICE = 2000;
const EXPORT_ID = /^recur-export-[0-9TZ-]+-[a-f0-9]{8}$/;

/**
 * Everything in one ZIP (DESIGN §13): a CSV per table and a copy of the database. All of it is read
 * from one online copy, so the files agree with each other even while the app keeps writing; rows
 * stream from that copy through the compressor to the file, so memory stays flat at any size.
 */
export async function exportEverything(
  ports: CorePorts,
  onProgress?: (done: number, total: number) => void,
): Promise<ExportEverything> {
  const paths = pathsOf(ports);
  const stamp = ports.clock
    .now()
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
  const exportId = `recur-export-${stamp}-${randomBytes(4).toString('hex')}`;
  const filename = `${exportId}.zip`;
  try {
    mkdirSync(paths.exports, { recursive: true });
    mkdirSync(paths.work, { recursive: true });
  } catch (e) {
    throw describeFileError(e, 'the data folder', paths.dataFolder);
  }
  removeOldExports(paths.exports);
  const copy = join(paths.work, `${exportId}.sqlite`);
  const target = join(paths.exports, filename);
  try {
    await copyDatabase(ports.database.sqlite, copy);
    const check = await checkCopyOffThread(copy, ports.database.nativeBinding);
    if (!check.ok) throw new AppError('INTERNAL', check.message ?? 'The copy of the database is damaged.');
    await writeZip(copy, target, ports.database.nativeBinding, onProgress);
  } catch (e) {
    rmSync(target, { force: true });
    throw describeFileError(e, 'the exports folder', paths.exports);
  } finally {
    rmSync(copy, { force: true });
  }
  return { exportId, filename, size: statSync(target).size };
}

async function writeZip(
  copy: string,
  target: string,
  nativeBinding: string | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const out = createWriteStream(target, { mode: 0o600 });
  let failure: Error | null = null;
  out.on('error', (e) => (failure = e));
  let full = false;
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else if (!out.write(chunk)) full = true;
    if (final) out.end();
  });
  // Backpressure: the compressor never runs ahead of the disk by more than one slice.
  const breathe = async () => {
    if (failure) throw failure;
    if (full) {
      full = false;
      await once(out, 'drain');
    } else await new Promise((r) => setImmediate(r));
  };

  const db = new Database(copy, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    const present = EXPORTED_TABLES.filter((t) =>
      db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(t),
    );
    const total = present.reduce(
      (n, t) => n + (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n,
      0,
    );
    let done = 0;
    for (const table of present) {
      const file = new ZipDeflate(`${table}.csv`, { level: 6 });
      zip.add(file);
      const columns = (db.pragma(`table_info("${table}")`) as Array<{ name: string }>).map((c) => c.name);
      file.push(Buffer.from(`\uFEFF${csvRow(columns)}`), false);
      let slice: string[] = [];
      for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().iterate() as Iterable<
        unknown[]
      >) {
        slice.push(csvRow(row));
        if (slice.length === ROWS_PER_SLICE) {
          file.push(Buffer.from(slice.join('')), false);
          done += slice.length;
          slice = [];
          onProgress?.(done, total);
          await breathe();
        }
      }
      file.push(Buffer.from(slice.join('')), true);
      done += slice.length;
      onProgress?.(done, total);
      await breathe();
    }
  } finally {
    db.close();
  }

  // The database itself, already compact; stored as it is (compressing it would cost minutes).
  const dbFile = new ZipPassThrough('recur.sqlite');
  zip.add(dbFile);
  for await (const chunk of createReadStream(copy, { highWaterMark: 1 << 20 })) {
    dbFile.push(chunk as Buffer, false);
    await breathe();
  }
  dbFile.push(new Uint8Array(0), true);
  zip.end();
  if (!out.writableFinished) await once(out, 'finish');
  if (failure) throw failure;
}

function removeOldExports(folder: string): void {
  // An export is fetched right after it is made; older ones are leftovers of interrupted downloads.
  for (const name of readdirSync(folder)) {
    if (name.startsWith('recur-export-') && name.endsWith('.zip'))
      rmSync(join(folder, name), { force: true });
  }
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/** Reads a finished export in pieces (as documents.exportChunk does). */
export function readExportChunk(
  ports: CorePorts,
  exportId: string,
  offset: number,
): { base64: string; nextOffset: number | null; size: number } {
  if (!EXPORT_ID.test(exportId))
    throw new AppError('NOT_FOUND', 'That export is no longer there. Export again.');
  return readFileChunk(join(pathsOf(ports).exports, `${exportId}.zip`), offset);
}

/**
 * One piece of a finished export file, base64, so a transport message stays small whatever the
 * file's size (the members CSV export reads its file the same way).
 */
export function readFileChunk(file: string, offset: number): ExportChunk {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new AppError('NOT_FOUND', 'That export is no longer there. Export again.');
  }
  const fd = openSync(file, 'r');
  try {
    const length = Math.max(0, Math.min(CHUNK_BYTES, size - offset));
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, offset);
    const next = offset + length;
    return { base64: buffer.toString('base64'), nextOffset: next < size ? next : null, size };
  } finally {
    closeSync(fd);
  }
}
