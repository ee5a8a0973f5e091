import { asc, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { memberNotes, memberTags, members, operators } from '../../../db/schema';
import type { Member, MemberNote } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { getSettings } from '../settings/repo';
import { exportMembersCsv, readMembersExportChunk } from './csv-export';
import {
  parseCsv,
  parseCsvInChunks,
  suggestMapping,
  validateRows,
  validateRowsInChunks,
  type Mapping,
} from './csv-import';
import { commitImport, IMPORTING } from './import-commit';
import {
  auditView,
  getMemberRow,
  insertMember,
  memberColumns,
  replaceTags,
  toMember,
  type MemberRow,
} from './repo';
import { withStanding } from '../dunning/access';
import { saveMessageChoices } from '../messages/choices';
import { buildSearchQuery, memberWhere, searchMemberIds, tagWhere, type MemberFilter } from './search';

const prefixOf = (ctx: Ctx) => getSettings(ctx.db).memberNumberPrefix;

/** Writing (in chunks, import-commit.ts) is as much work as checking: half of the bar each. */
const writingShare = (rows: number) => rows;

/** Errors shown in the import preview; more than this and the person needs to fix the file anyway. */
const MAX_LISTED_ERRORS = 500;

const orderOf = (filter: MemberFilter) =>
  filter.sort === 'newest' ? [desc(members.id)] : [asc(members.sortName), asc(members.id)];

/**
 * A page of the list: ids from an index alone — (status, sort_name, id), or the tag's own (tag,
 * status, sort_name, member_id) — then only that page's rows.
 */
function listMembers(ctx: Ctx, filter: MemberFilter, limit: number, offset: number) {
  const prefix = prefixOf(ctx);
  const where = memberWhere({ ...filter, numberPrefix: prefix });
  const order = orderOf(filter);
  // A tag pages through its own index; with a membership too, the members index does the sorting.
  const page =
    filter.tag && !filter.query && !filter.membership
      ? ctx.db
          .select({ id: memberTags.memberId })
          .from(memberTags)
          .where(tagWhere(filter))
          .orderBy(
            ...(filter.sort === 'newest'
              ? [desc(memberTags.memberId)]
              : [asc(memberTags.sortName), asc(memberTags.memberId)]),
          )
          .limit(limit)
          .offset(offset)
      : ctx.db
          .select({ id: members.id })
          .from(members)
          .where(where)
          .orderBy(...order)
          .limit(limit)
          .offset(offset);
  const rows = ctx.db
    .select()
    .from(members)
    .where(inArray(members.id, page))
    .orderBy(...order)
    .all();
  return { rows, prefix, where };
}

function setStatus(ctx: Ctx, id: number, status: MemberRow['status']): Member {
  return ctx.write((tx) => {
    const beforeRow = getMemberRow(tx, id);
    if (beforeRow.status === status) return toMember(beforeRow, prefixOf(ctx));
    const now = ctx.nowIso();
    const row = tx
      .update(members)
      .set({ status, archivedAt: status === 'archived' ? now : null, updatedAt: now })
      .where(eq(members.id, id))
      .returning()
      .get()!;
    const prefix = prefixOf(ctx);
    recordAudit(tx, ctx, {
      entity: 'member',
      entityId: id,
      action: status === 'archived' ? 'archived' : 'restored',
      before: { status: beforeRow.status },
      after: { status: row.status },
    });
    ctx.changed('members', [id]);
    return toMember(row, prefix);
  });
}

export const memberHandlers: DomainHandlers<'members'> = {
  'members.list': (ctx, { limit, offset, withTotal, ...filter }) => {
    const prefix = prefixOf(ctx);
    const fts = filter.query ? buildSearchQuery(filter.query, prefix) : null;
    if (fts) {
      const { ids, total, capped } = searchMemberIds(ctx.db, fts, filter, limit, offset);
      const rows = ids.length
        ? ctx.db
            .select()
            .from(members)
            .where(inArray(members.id, ids))
            .orderBy(...orderOf(filter))
            .all()
        : [];
      return {
        items: withStanding(
          ctx,
          ctx.db,
          rows.map((r) => toMember(r, prefix)),
        ),
        total,
        ...(capped ? { capped } : {}),
      };
    }
    const { rows, where } = listMembers(ctx, filter, limit, offset);
    // Counting 100k rows costs more than the page: later pages of a scrolling list may skip it.
    const total = !withTotal
      ? -1
      : ((filter.tag && !filter.membership
          ? ctx.db.select({ n: count() }).from(memberTags).where(tagWhere(filter)).get()?.n
          : ctx.db.select({ n: count() }).from(members).where(where).get()?.n) ?? 0);
    return {
      items: withStanding(
        ctx,
        ctx.db,
        rows.map((r) => toMember(r, prefix)),
      ),
      total,
    };
  },

  /** One grouped count over the (membership, status, …) index; the search and tag narrow it first. */
  'members.counts': (ctx, filter) => {
    const where = memberWhere({ ...filter, numberPrefix: prefixOf(ctx) });
    const rows = ctx.db
      .select({ membership: members.membership, n: count() })
      .from(members)
      .where(where)
      .groupBy(members.membership)
      .all();
    const counts = { all: 0, active: 0, trial: 0, past_due: 0, paused: 0, expired: 0, none: 0 };
    for (const r of rows) {
      counts[r.membership] = r.n;
      counts.all += r.n;
    }
    return counts;
  },

  'members.get': (ctx, { id }) =>
    withStanding(ctx, ctx.db, [toMember(getMemberRow(ctx.db, id), prefixOf(ctx))])[0]!,

  'members.create': (ctx, { messages, ...input }) =>
    ctx.write((tx) => {
      const row = insertMember(tx, input, ctx.nowIso());
      const member = toMember(row, prefixOf(ctx));
      recordAudit(tx, ctx, {
        entity: 'member',
        entityId: row.id,
        action: 'created',
        after: auditView(member),
      });
      if (messages) saveMessageChoices(tx, ctx, row, messages, 'messages.');
      ctx.changed('members', [row.id]);
      return member;
    }),

  'members.update': (ctx, { id, messages, ...fields }) =>
    ctx.write((tx) => {
      const beforeRow = getMemberRow(tx, id);
      const prefix = prefixOf(ctx);
      const row = tx
        .update(members)
        .set({ ...memberColumns(fields, beforeRow), updatedAt: ctx.nowIso() })
        .where(eq(members.id, id))
        .returning()
        .get()!;
      if (fields.tags !== undefined) replaceTags(tx, id, row.tags);
      const member = toMember(row, prefix);
      recordAudit(tx, ctx, {
        entity: 'member',
        entityId: id,
        action: 'updated',
        before: auditView(toMember(beforeRow, prefix)),
        after: auditView(member),
      });
      // Checked against the member as saved just now: an email typed in the same form counts.
      if (messages) saveMessageChoices(tx, ctx, row, messages, 'messages.');
      ctx.changed('members', [id]);
      return member;
    }),

  'members.archive': (ctx, { id }) => setStatus(ctx, id, 'archived'),
  'members.restore': (ctx, { id }) => setStatus(ctx, id, 'active'),

  'members.duplicates': (ctx, { email, excludeId }) => {
    if (!email) return [];
    const prefix = prefixOf(ctx);
    return ctx.db
      .select()
      .from(members)
      .where(
        excludeId
          ? sql`${members.email} = ${email} AND ${members.id} <> ${excludeId}`
          : eq(members.email, email),
      )
      .limit(5)
      .all()
      .map((r) => toMember(r, prefix));
  },

  'members.tags': (ctx) =>
    ctx.db
      .selectDistinct({ tag: memberTags.tag })
      .from(memberTags)
      .where(ne(memberTags.status, IMPORTING))
      .orderBy(asc(memberTags.tag))
      .all()
      .map((r) => r.tag),

  'members.notes': (ctx, { memberId }) => {
    getMemberRow(ctx.db, memberId);
    return ctx.db
      .select({ note: memberNotes, authorName: operators.name })
      .from(memberNotes)
      .leftJoin(operators, eq(operators.id, memberNotes.operatorId))
      .where(eq(memberNotes.memberId, memberId))
      .orderBy(desc(memberNotes.id))
      .all()
      .map(({ note, authorName }): MemberNote => ({
        id: note.id,
        memberId: note.memberId,
        body: note.body,
        authorName: authorName ?? 'Recur',
        createdAt: note.createdAt,
      }));
  },

  'members.addNote': (ctx, { memberId, body }) =>
    ctx.write((tx) => {
      getMemberRow(tx, memberId);
      const me = ctx.me();
      const note = tx
        .insert(memberNotes)
        .values({ memberId, body, operatorId: me.operator.id, createdAt: ctx.nowIso() })
        .returning()
        .get();
      recordAudit(tx, ctx, {
        entity: 'member',
        entityId: memberId,
        action: 'note added',
        after: { note: body },
      });
      ctx.changed('members', [memberId]);
      return { id: note.id, memberId, body, authorName: me.operator.name, createdAt: note.createdAt };
    }),

  'members.importPreview': (ctx, { csv, mapping }) => {
    const parsed = parseCsv(csv);
    const effective = { ...suggestMapping(parsed.columns), ...(mapping ?? {}) };
    const { members: valid, errors } = validateRows(parsed, effective);
    return {
      columns: parsed.columns,
      mapping: effective,
      totalRows: parsed.rows.length,
      validRows: valid.length,
      errors: errors.slice(0, MAX_LISTED_ERRORS),
      sample: parsed.rows.slice(0, 10),
    };
  },

  'members.importCommit': async (ctx, { csv, mapping }) => {
    const parsed = await parseCsvInChunks(csv);
    if (parsed.rows.length === 0) {
      throw new AppError('VALIDATION', 'The file has no rows to import under its header line.');
    }
    // Checking is most of the work on a big file: done in chunks, with progress for the window.
    const { members: valid, errors } = await validateRowsInChunks(parsed, mapping as Mapping, (done, total) =>
      ctx.progress('members.import', done, total + writingShare(total)),
    );
    if (errors.length) {
      const rows = new Set(errors.map((e) => e.row)).size;
      const fields: Record<string, string> = {};
      for (const e of errors.slice(0, 50)) fields[`rows.${e.row}.${e.field}`] ??= e.message;
      throw new AppError(
        'VALIDATION',
        `${rows} row${rows === 1 ? ' has' : 's have'} problems, so nothing was imported. Fix ${rows === 1 ? 'it' : 'them'} in the file and import it again.`,
        fields,
      );
    }
    // All or nothing as anyone sees it, without holding other requests: chunks, then one flip.
    const total = parsed.rows.length;
    const ids = await commitImport(ctx, valid, (written) =>
      ctx.progress('members.import', total + written, total + writingShare(total)),
    );
    ctx.changed('members', ids);
    const imported = ids.length;
    ctx.progress('members.import', 1, 1);
    return { imported };
  },

  'members.exportCsv': (ctx, filter) => {
    const prefix = prefixOf(ctx);
    // Every match in list order, ids only (a search is not capped here); the rows follow in pages.
    const ids = ctx.db
      .select({ id: members.id })
      .from(members)
      .where(memberWhere({ ...filter, numberPrefix: prefix }))
      .orderBy(...orderOf(filter))
      .all()
      .map((r) => r.id);
    return exportMembersCsv(ctx, { ids, prefix, timeZone: getSettings(ctx.db).timeZone });
  },
  'members.exportChunk': (ctx, { exportId, offset }) => readMembersExportChunk(ctx, exportId, offset),
};
