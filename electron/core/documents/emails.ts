import { eq } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { creditNotes, invoices, payments } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';
import { queueMail } from '../notifications/outbox';
import { docFormat } from './format';
import { creditNoteSnapshot, invoiceSnapshot, receiptSnapshot } from './loader';
import type { DocumentRef } from './refs';

interface Letter {
  subject: string;
  lines: string[];
  memberId: number;
  memberEmail: string | null;
  memberName: string;
  businessName: string;
  /** What the member's activity says was sent, e.g. "Invoice INV-00042". */
  label: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text and an HTML alternative with the same words (DESIGN §10). */
function bodies(l: Letter): { body: string; html: string } {
  const greeting = `Hello ${l.memberName},`;
  const closing = ['Kind regards,', l.businessName];
  const body = [greeting, '', ...l.lines, '', ...closing].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#1a1a1e">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...l.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p>${closing.map(escapeHtml).join('<br>')}</p>`,
    '</body></html>',
  ].join('');
  return { body, html };
}

function letterFor(tx: Tx, ref: DocumentRef): Letter & { memberId: number } {
  if (ref.kind === 'invoice') {
    const s = invoiceSnapshot(tx, ref.id);
    if (!s.number)
      throw new AppError('CONFLICT', 'Finalize this invoice before emailing it: a draft has no number yet.');
    const f = docFormat(s.locale, s.currency, s.timeZone);
    const lines = [
      `Please find attached invoice ${s.number} of ${f.date(s.issueDate)} for ${f.money(s.totals.total)}.`,
    ];
    if (s.mark === 'VOID') lines.push('This invoice has been voided: nothing is owed on it.');
    else if (s.totals.due > 0) {
      lines.push(`Amount due: ${f.money(s.totals.due)}${s.dueDate ? `, by ${f.date(s.dueDate)}` : ''}.`);
      if (s.bankTransfer)
        lines.push(
          `To pay by bank transfer, use the reference ${s.number} (the QR code on the invoice fills it in).`,
        );
    } else lines.push('It is paid in full. Thank you!');
    return {
      subject: `Invoice ${s.number} from ${s.business.name}`,
      lines,
      ...memberOf(tx, ref),
      memberName: s.customer.name,
      memberEmail: s.customer.email ?? null,
      businessName: s.business.name,
      label: `Invoice ${s.number}`,
    };
  }
  if (ref.kind === 'creditNote') {
    const s = creditNoteSnapshot(tx, ref.id);
    const f = docFormat(s.locale, s.currency, s.timeZone);
    return {
      subject: `Credit note ${s.number} from ${s.business.name}`,
      lines: [
        `Please find attached credit note ${s.number} for ${f.money(s.amount)}, which corrects invoice ${s.invoice.number ?? ''}.`,
        s.destination === 'refund'
          ? 'The amount is being paid back to you.'
          : 'The amount has been added to your credit balance.',
      ],
      ...memberOf(tx, ref),
      memberName: s.customer.name,
      memberEmail: s.customer.email ?? null,
      businessName: s.business.name,
      label: `Credit note ${s.number}`,
    };
  }
  const s = receiptSnapshot(tx, ref.id, ref.kind === 'receipt80' ? 'roll80' : 'page');
  const f = docFormat(s.locale, s.currency, s.timeZone);
  return {
    subject: `Your receipt from ${s.business.name}`,
    lines: [
      `Thank you for your payment of ${f.money(s.payment.amount)} on ${f.dateTime(s.payment.at)}${s.invoice?.number ? ` for invoice ${s.invoice.number}` : ''}.`,
      'Your receipt is attached.',
    ],
    ...memberOf(tx, ref),
    memberName: s.customer.name,
    memberEmail: s.customer.email ?? null,
    businessName: s.business.name,
    label: `Receipt ${s.number}`,
  };
}

/** The member a document belongs to (for the outbox row and the member's activity). */
function memberOf(tx: Tx, ref: DocumentRef): { memberId: number } {
  const table = ref.kind === 'invoice' ? invoices : ref.kind === 'creditNote' ? creditNotes : payments;
  const row = tx.select({ m: table.memberId }).from(table).where(eq(table.id, ref.id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'That document does not exist.');
  return { memberId: row.m };
}

const NOUN: Record<DocumentRef['kind'], string> = {
  invoice: 'invoice',
  creditNote: 'credit note',
  receipt: 'receipt',
  receipt80: 'receipt',
};

const TOPIC: Record<DocumentRef['kind'], string> = {
  invoice: 'document_invoice',
  creditNote: 'document_credit_note',
  receipt: 'document_receipt',
  receipt80: 'document_receipt',
};

/**
 * Queues the document as an email attachment (rendered when sent) in the caller's transaction, and
 * notes it in the member's activity. No address, or a bad one: VALIDATION and nothing queued.
 */
export function queueDocumentMail(
  tx: Tx,
  ctx: Ctx,
  ref: DocumentRef,
  to: string | undefined,
  options: { dedupeKey?: string; automatic?: boolean } = {},
): number {
  const letter = letterFor(tx, ref);
  const address = to ?? letter.memberEmail ?? null;
  if (!address) {
    throw new AppError('VALIDATION', 'This member has no email address. Enter the address to send it to.', {
      to: 'Enter an email address',
    });
  }
  const { body, html } = bodies(letter);
  const outboxId = queueMail(tx, ctx, {
    to: address,
    subject: letter.subject,
    body,
    html,
    attachments: [ref],
    topic: TOPIC[ref.kind],
    memberId: letter.memberId,
    dedupeKey: options.dedupeKey,
  });
  recordAudit(tx, ctx, {
    entity: 'member',
    entityId: letter.memberId,
    action: `${NOUN[ref.kind]} emailed${options.automatic ? ' automatically' : ''}`,
    after: { document: letter.label, to: address },
  });
  return outboxId;
}
