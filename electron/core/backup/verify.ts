import Database from 'better-sqlite3';
import type { BackupContents } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';

const MIGRATIONS_TABLE = '__drizzle_migrations';
/** Tables every Recur database has had since the first version. */
const RECUR_TABLES = ['members', 'operators', 'business_settings'];

export const newestApplied = (db: Database.Database): number => {
  const row = db.prepare(`SELECT max(created_at) AS at FROM "${MIGRATIONS_TABLE}"`).get() as
    { at: number | null } | undefined;
  return Number(row?.at ?? 0);
};

const refuse = (message: string) => new AppError('VALIDATION', message);

/**
 * The checks before anything is switched (DESIGN §13): the file is an intact SQLite database
 * (`integrity_check`), its references hold (`foreign_key_check`), it is Recur's, and its schema is this
 * version's or older. `appSchema` is the newest migration this Recur knows. Runs on a scratch copy,
 * which it turns into a single self-contained file. Answers what the file holds.
 */
export function verifyCandidate(
  file: string,
  appSchema: number,
  options: { nativeBinding?: string; name: string; createdAt: string | null },
): BackupContents {
  let db: Database.Database;
  try {
    db = new Database(file, {
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch {
    throw refuse('This file is not a Recur backup.');
  }
  try {
    return inspect(db, appSchema, options);
  } catch (e) {
    if (e instanceof AppError) throw e;
    // SQLite reports some damage by failing the query rather than in integrity_check's rows.
    throw refuse(`This backup is damaged and cannot be restored (${(e as Error).message}).`);
  } finally {
    db.close();
  }
}

function inspect(
  db: Database.Database,
  appSchema: number,
  options: { name: string; createdAt: string | null },
): BackupContents {
  {
    try {
      db.pragma('journal_mode = DELETE');
    } catch {
      throw refuse('This file is not a Recur backup: it is not a database.');
    }
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>)
      .map((r) => r.integrity_check)
      .filter((r) => r !== 'ok');
    if (integrity.length > 0) {
      throw refuse(`This backup is damaged and cannot be restored (${integrity[0]}).`);
    }
    const tables = new Set(
      (
        db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>
      ).map((r) => r.name),
    );
    if (!tables.has(MIGRATIONS_TABLE) || RECUR_TABLES.some((t) => !tables.has(t))) {
      throw refuse('This file is a database, but not one of Recur’s.');
    }
    if (newestApplied(db) > appSchema) {
      throw refuse('This backup was made by a newer version of Recur. Update Recur, then restore it.');
    }
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) {
      throw refuse(`This backup has ${broken.length} broken references and cannot be restored safely.`);
    }
    const count = (table: string) =>
      tables.has(table) ? (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n : 0;
    let lastPayment: string | null = null;
    try {
      lastPayment = (
        db
          .prepare(
            `SELECT max(coalesce(settled_at, created_at)) AS at FROM payments WHERE status = 'succeeded'`,
          )
          .get() as { at: string | null }
      ).at;
    } catch {
      // An early version without payments: nothing to name.
    }
    const business = (
      db.prepare('SELECT name FROM business_settings LIMIT 1').get() as { name: string } | undefined
    )?.name;
    return {
      file: options.name,
      createdAt: options.createdAt,
      members: count('members'),
      invoices: count('invoices'),
      payments: count('payments'),
      lastPaymentAt: lastPayment ?? null,
      businessName: business ?? null,
      schema: newestApplied(db) === appSchema ? 'current' : 'older',
    };
  }
}
