import type { documentChannels } from '../../../shared/contract/documents';
import { recordAudit } from '../audit/record';
import type { Handler } from '../handler';
import { queueDocumentMail } from './emails';
import { cancelExport, exportDocumentsZip, readExportChunk } from './exportZip';
import { renderDocumentRef, type DocumentRef } from './refs';
import { getDocumentSettings, saveDocumentSettings } from './settings';

/** The channels this folder serves (some live under invoices./payments./creditNotes. names). */
export type DocumentChannelName = keyof typeof documentChannels;

type Ctx = Parameters<Handler<'invoices.email'>>[0];

const pdf = (ctx: Ctx, ref: DocumentRef) => {
  const doc = renderDocumentRef(ctx.db, ref);
  return { filename: doc.filename, base64: Buffer.from(doc.bytes).toString('base64') };
};

const email = (ctx: Ctx, kind: DocumentRef['kind'], id: number, to: string | undefined) =>
  ctx.write((tx) => ({ outboxId: queueDocumentMail(tx, ctx, { kind, id }, to) }));

export const documentHandlers: { [C in DocumentChannelName]: Handler<C> } = {
  'documents.settings': (ctx) => getDocumentSettings(ctx.db),
  'documents.saveSettings': (ctx, change) =>
    ctx.write((tx) => {
      const before = getDocumentSettings(tx);
      const after = saveDocumentSettings(tx, change, ctx.nowIso());
      const { logoDataUrl: _b, ...b } = before;
      const { logoDataUrl: _a, ...a } = after;
      recordAudit(tx, ctx, {
        entity: 'settings',
        entityId: 1,
        action: 'document settings changed',
        before: b,
        after: a,
      });
      return after;
    }),
  'documents.setLogo': (ctx, { dataUrl }) =>
    ctx.write((tx) => {
      const after = saveDocumentSettings(tx, { logoDataUrl: dataUrl }, ctx.nowIso());
      recordAudit(tx, ctx, {
        entity: 'settings',
        entityId: 1,
        action: dataUrl ? 'document logo changed' : 'document logo removed',
      });
      return after;
    }),

  'invoices.pdf': (ctx, { id }) => pdf(ctx, { kind: 'invoice', id }),
  'payments.receiptPdf': (ctx, { id, layout }) =>
    pdf(ctx, { kind: layout === '80mm' ? 'receipt80' : 'receipt', id }),
  'creditNotes.pdf': (ctx, { id }) => pdf(ctx, { kind: 'creditNote', id }),

  'invoices.email': (ctx, { id, to }) => email(ctx, 'invoice', id, to),
  'payments.emailReceipt': (ctx, { id, to }) => email(ctx, 'receipt', id, to),
  'creditNotes.email': (ctx, { id, to }) => email(ctx, 'creditNote', id, to),

  'documents.exportZip': (ctx, input) => exportDocumentsZip(ctx, input),
  'documents.cancelExport': (_ctx, { jobId }) => ({ cancelled: cancelExport(jobId) }),
  'documents.exportChunk': (ctx, { exportId, offset }) => readExportChunk(ctx, exportId, offset),
};
