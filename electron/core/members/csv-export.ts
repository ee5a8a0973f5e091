import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { members } from '../../../db/schema';
import type { ExportChunk, Member, MemberExport } from '../../../shared/contract';
import { dateInZone } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { csvRow } from '../backup/csv';
import { readFileChunk } from '../backup/export-all';
import { describeFileError } from '../backup/io';
import { backupPaths } from '../backup/names';
import type { Ctx } from '../context';
import { toMember, type MemberRow } from './repo';

/** Headers match the importer's aliases, so an export can be imported again unchanged. */
export const MEMBER_CSV_HEADER = [
  'Number',
  'First name',
  'Last name',
  'Email',
  'Phone',
  'Date of birth',
  'Address line 1',
  'Address line 2',
  'City',
  'Region',
  'Postal code',
  'Country',
  'Tax ID',
  'Tags',
  'Status',
  'Joined',
] as const;

/** One member as a CSV line; csvRow puts an apostrophe before a cell that starts like a formula. */
export function memberCsvRow(m: Member, timeZone: string): string {
  return csvRow([
    m.number,
    m.firstName,
    m.lastName,
    m.email,
    m.phone,
    m.dateOfBirth,
    m.address.line1,
    m.address.line2,
    m.address.city,
    m.address.region,
    m.address.postalCode,
    m.address.country,
    m.taxId,
    m.tags.join('; '),
    m.status,
    dateInZone(new Date(m.createdAt), timeZone),
  ]);
}

/** Rows read, turned into CSV and written per page: memory holds one page, whatever the list's size. */
export const EXPORT_PAGE_ROWS = 1000;
const EXPORT_ID = /^members-\d{4}-\d{2}-\d{2}-[a-f0-9]{16}$/;
/** A download that never came back for its file: forgotten a day later. */
const KEEP_MS = 24 * 3600_000;

/** The data folder's exports/ (as export-everything uses); a temporary folder for in-memory cores. */
function exportsFolder(ctx: Ctx): string {
  const { dataFolder, database } = ctx.ports;
  return dataFolder && database.file !== ':memory:'
    ? backupPaths(dataFolder).exports
    : join(tmpdir(), 'recur-exports');
}

/**
 * The members of a list, in pages of rows in list order. Only the ids are gathered first (a few bytes
 * each, from the index); each page's rows are read when it is its turn, then let go.
 */
export function* memberPages(ctx: Ctx, ids: readonly number[], pageRows = EXPORT_PAGE_ROWS) {
  for (let start = 0; start < ids.length; start += pageRows) {
    const slice = ids.slice(start, start + pageRows);
    const rows = new Map<number, MemberRow>(
      ctx.db
        .select()
        .from(members)
        .where(inArray(members.id, slice))
        .all()
        .map((r) => [r.id, r]),
    );
    // A member deleted since the ids were read is simply left out.
    yield slice.map((id) => rows.get(id)).filter((r): r is MemberRow => r !== undefined);
  }
}

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the members CSV to a file in the exports folder, a page at a time with a breath of the event
 * loop between pages, so neither memory nor other requests suffer at 100k members (issue #10). The
 * renderer then reads the file in pieces (members.exportChunk), as with export everything.
 */
export async function exportMembersCsv(
  ctx: Ctx,
  options: { ids: readonly number[]; prefix: string; timeZone: string; pageRows?: number },
): Promise<MemberExport> {
  const today = dateInZone(ctx.now(), options.timeZone);
  const exportId = `members-${today}-${randomBytes(8).toString('hex')}`;
  const folder = exportsFolder(ctx);
  const file = join(folder, `${exportId}.csv`);
  let fd: number;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    fd = openSync(file, 'w', 0o600);
  } catch (e) {
    throw describeFileError(e, 'the exports folder', folder);
  }
  let count = 0;
  try {
    // The BOM makes spreadsheet programs read UTF-8 names correctly; the importer skips it.
    writeSync(fd, `\uFEFF${csvRow([...MEMBER_CSV_HEADER])}`);
    for (const page of memberPages(ctx, options.ids, options.pageRows)) {
      writeSync(fd, page.map((r) => memberCsvRow(toMember(r, options.prefix), options.timeZone)).join(''));
      count += page.length;
      await breathe();
    }
  } catch (e) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw describeFileError(e, 'the exports folder', folder);
  }
  closeSync(fd);
  sweepLeftovers(folder, file);
  return { exportId, filename: `members-${today}.csv`, size: statSync(file).size, count };
}

/**
 * Members exports whose download never finished. Their age is measured against the new file's own
 * time on the same disk, so a moved business clock (tests, the test-clock mode) cannot sweep a fresh one.
 */
function sweepLeftovers(folder: string, fresh: string): void {
  const now = statSync(fresh).mtimeMs;
  for (const name of readdirSync(folder)) {
    if (!name.startsWith('members-') || !name.endsWith('.csv')) continue;
    const path = join(folder, name);
    try {
      if (now - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { force: true });
    } catch {
      // Already gone (its download just finished): nothing to do.
    }
  }
}

/** One piece of a finished members export; the file is removed once its last piece is read. */
export function readMembersExportChunk(ctx: Ctx, exportId: string, offset: number): ExportChunk {
  if (!EXPORT_ID.test(exportId))
    throw new AppError('NOT_FOUND', 'That export is no longer there. Export again.');
  const file = join(exportsFolder(ctx), `${exportId}.csv`);
  const chunk = readFileChunk(file, offset);
  if (chunk.nextOffset === null) rmSync(file, { force: true });
  return chunk;
}
