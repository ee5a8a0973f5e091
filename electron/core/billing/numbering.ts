import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { sequences } from '../../../db/schema';
import { prepared } from '../prepared';

export type DocumentSequence = 'invoice' | 'credit_note';

/**
 * The next number of a gapless sequence. It is taken inside the caller's transaction, so a rollback
 * gives it back and no number is ever skipped or used twice.
 */
export function nextDocumentNumber(tx: DbOrTx, sequence: DocumentSequence, prefix: string): string {
  const row = prepared(tx, `sequences.next`, (d) =>
    d
      .update(sequences)
      .set({ next: sql`${sequences.next} + 1` })
      .where(eq(sequences.name, sql.placeholder('name')))
      .returning({ next: sequences.next })
      .prepare(),
  ).get({ name: sequence });
  let n: number;
  if (row) n = row.next - 1;
  else {
    tx.insert(sequences).values({ name: sequence, next: 2 }).run();
    n = 1;
  }
  return `${prefix}${String(n).padStart(5, '0')}`;
}
