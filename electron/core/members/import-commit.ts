import { and, between, eq, sql } from 'drizzle-orm';
import type { RecurDatabase } from '../../../db/open';
import { auditLog, memberTags, members, sequences } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';
import { getSettings } from '../settings/repo';
import { auditView, insertMember, toMember, type MemberFields } from './repo';

/**
 * Writing a big import (finding 5.6). One transaction for 150k rows held every other request for
 * 15 s, so the rows are written in chunks, each its own short transaction, with the event loop free
 * between them. All or nothing as anyone sees it: the rows are written with the status `importing`,
 * which no list, search or count shows, and one last short transaction turns the whole import
 * `active` at once (an update of one indexed column; the slow parts — rows, tags, search index,
 * activity entries — are already done). If a chunk fails, the rows written so far are removed; if
 * the app stops half-way, they stay invisible and the next import or the housekeeping job removes
 * them (`discardUnfinishedImports`).
 */
/** Not in the status enum on purpose: nothing outside this file ever shows or sets it. */
export const IMPORTING = 'importing' as never;
const CHUNK = 500;

/** Imports in progress, per open database: one at a time, and leftovers are only swept when none runs. */
const running = new WeakSet<RecurDatabase>();

export async function commitImport(
  ctx: Ctx,
  rows: MemberFields[],
  onProgress: (written: number) => void,
): Promise<number[]> {
  const database = ctx.ports.database;
  if (running.has(database)) {
    throw new AppError(
      'CONFLICT',
      'Another import is running. Wait for it to finish, then import this file.',
    );
  }
  running.add(database);
  const ids: number[] = [];
  const firstNumber = peekNextNumber(ctx);
  try {
    sweep(ctx);
    const now = ctx.nowIso();
    const prefix = getSettings(ctx.db).memberNumberPrefix;
    for (let start = 0; start < rows.length; start += CHUNK) {
      ctx.write((tx) => {
        const chunk: number[] = [];
        for (const fields of rows.slice(start, start + CHUNK)) {
          const row = insertMember(tx, fields, now);
          chunk.push(row.id);
          recordAudit(tx, ctx, {
            entity: 'member',
            entityId: row.id,
            action: 'imported from CSV',
            after: auditView(toMember(row, prefix)),
          });
        }
        // Hidden until the last chunk is in: the same transaction, so never seen as active.
        tx.update(members)
          .set({ status: IMPORTING })
          .where(between(members.id, chunk[0]!, chunk.at(-1)!))
          .run();
        ids.push(...chunk);
      });
      onProgress(ids.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (ids.length) {
      ctx.write((tx) => {
        tx.update(members)
          .set({ status: 'active' })
          .where(and(eq(members.status, IMPORTING), between(members.id, ids[0]!, ids.at(-1)!)))
          .run();
      });
    }
    return ids;
  } catch (e) {
    if (ids.length) await remove(ctx, ids[0]!, ids.at(-1)!, firstNumber);
    throw e;
  } finally {
    running.delete(database);
  }
}

/** The number the next member would get (to give the numbers of a failed import back). */
function peekNextNumber(ctx: Ctx): number | null {
  return (
    ctx.db.select({ next: sequences.next }).from(sequences).where(eq(sequences.name, 'member')).get()?.next ??
    null
  );
}

/** Removes the rows of a failed import, in chunks like they were written, and returns their numbers. */
async function remove(ctx: Ctx, firstId: number, lastId: number, firstNumber: number | null): Promise<void> {
  for (let from = firstId; from <= lastId; from += CHUNK) {
    const to = Math.min(lastId, from + CHUNK - 1);
    ctx.write((tx) => removeRange(tx, from, to));
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (firstNumber === null) return;
  ctx.write((tx) => {
    // Give the numbers back unless someone was added meanwhile (numbers are never reused otherwise).
    const highest =
      tx
        .select({ n: sql<number | null>`max(${members.number})` })
        .from(members)
        .get()?.n ?? 0;
    if (highest < firstNumber) {
      tx.update(sequences).set({ next: firstNumber }).where(eq(sequences.name, 'member')).run();
    }
  });
}

function removeRange(tx: Parameters<Parameters<Ctx['write']>[0]>[0], from: number, to: number): number {
  const hidden = and(eq(members.status, IMPORTING), between(members.id, from, to));
  const inRange = sql`${members.id} IN (SELECT ${members.id} FROM ${members} WHERE ${hidden})`;
  tx.delete(memberTags)
    .where(sql`${memberTags.memberId} IN (SELECT ${members.id} FROM ${members} WHERE ${hidden})`)
    .run();
  tx.delete(auditLog)
    .where(
      and(
        eq(auditLog.entity, 'member'),
        sql`${auditLog.entityId} IN (SELECT ${members.id} FROM ${members} WHERE ${hidden})`,
      ),
    )
    .run();
  return tx.delete(members).where(inRange).run().changes;
}

/** Removes rows an import left behind when the app stopped half-way; nothing while one is running. */
function sweep(ctx: Ctx): number {
  const leftover = ctx.db
    .select({ min: sql<number | null>`min(${members.id})`, max: sql<number | null>`max(${members.id})` })
    .from(members)
    .where(eq(members.status, IMPORTING))
    .get();
  if (!leftover?.min || !leftover.max) return 0;
  return ctx.write((tx) => removeRange(tx, leftover.min!, leftover.max!));
}

/** Housekeeping (scheduler): leftovers of an import interrupted by a crash or a closed app. */
export function discardUnfinishedImports(ctx: Ctx): number {
  if (running.has(ctx.ports.database)) return 0;
  return sweep(ctx);
}
