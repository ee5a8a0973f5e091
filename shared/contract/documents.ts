import { z } from 'zod';
import { channel } from './define';
import { calendarDate, id, optionalText } from './common';

/** A PDF as it crosses a transport: small (one document), so base64 in the envelope is fine. */
export interface PdfFile {
  /** e.g. INV-00042.pdf */
  filename: string;
  base64: string;
}

/** A finished accountant export, kept in the data folder's exports/ until fetched in chunks. */
export interface DocumentExport {
  exportId: string;
  filename: string;
  invoices: number;
  creditNotes: number;
  /** Size of the ZIP in bytes. */
  size: number;
}

export interface ExportChunk {
  base64: string;
  /** Where the next chunk starts, or null after the last one. */
  nextOffset: number | null;
  size: number;
}

/** Settings → Documents. */
export interface DocumentSettings {
  logoDataUrl: string | null;
  footer: string | null;
  registration: string | null;
  iban: string | null;
  bic: string | null;
  emailInvoices: boolean;
}

export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

/** The first bytes of a base64 payload, decoded (atob exists in browsers and Node). */
function leadingBytes(base64: string, count: number): number[] {
  try {
    const bin = atob(base64.slice(0, Math.ceil(count / 3) * 4));
    return Array.from(bin.slice(0, count), (c) => c.charCodeAt(0));
  } catch {
    return [];
  }
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: number[], sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** What the bytes say the image is (never the file name or the claimed type). */
export function sniffImage(dataUrl: string): 'png' | 'jpeg' | null {
  const m = /^data:image\/(png|jpeg|jpg);base64,/.exec(dataUrl);
  if (!m) return null;
  const bytes = leadingBytes(dataUrl.slice(m[0].length), 8);
  if (startsWith(bytes, PNG)) return 'png';
  if (startsWith(bytes, JPEG)) return 'jpeg';
  return null;
}

export const imageBytes = (dataUrl: string) => {
  const b64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
};

const logoDataUrl = z
  .string()
  .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 64, 'The logo is larger than 2 MB: use a smaller image')
  .refine((v) => sniffImage(v) !== null, 'The logo must be a PNG or JPEG image')
  .refine((v) => imageBytes(v) <= MAX_LOGO_BYTES, 'The logo is larger than 2 MB: use a smaller image');

/** IBAN check digits (ISO 13616 mod 97), so a typo never reaches a member's banking app. */
export function isValidIban(input: string): boolean {
  const iban = input.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  let rest = 0;
  for (const ch of iban.slice(4) + iban.slice(0, 4)) {
    const digits = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

const iban = z
  .string()
  .trim()
  .transform((v) => v.replace(/\s+/g, '').toUpperCase())
  .refine((v) => v === '' || isValidIban(v), 'That IBAN is not valid: check for a typo')
  .transform((v) => (v === '' ? null : v))
  .nullable();

const bic = z
  .string()
  .trim()
  .transform((v) => v.replace(/\s+/g, '').toUpperCase())
  .refine(
    (v) => v === '' || /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(v),
    'A BIC has 8 or 11 letters and digits, e.g. COBADEFFXXX',
  )
  .transform((v) => (v === '' ? null : v))
  .nullable();

/** Another address than the member's; blank means "the member's address". */
const recipient = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.email({ error: 'That is not a valid email address' }).optional());

/** Chosen by the caller so it can cancel before the export has answered. */
const jobId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{8,64}$/, 'Missing export id');

export const documentChannels = {
  'documents.settings': channel<DocumentSettings>()(z.object({}).strict(), 'staff'),
  'documents.saveSettings': channel<DocumentSettings>()(
    z
      .object({
        footer: optionalText(1000, 'Footer').nullable(),
        registration: optionalText(200, 'Registration line').nullable(),
        iban,
        bic,
        emailInvoices: z.boolean(),
      })
      .partial()
      .refine((v) => !v.bic || v.iban, { message: 'Enter the IBAN that goes with this BIC', path: ['iban'] }),
    'owner',
  ),
  /** A PNG or JPEG up to 2 MB (checked by its bytes); null removes it. */
  'documents.setLogo': channel<DocumentSettings>()(z.object({ dataUrl: logoDataUrl.nullable() }), 'owner'),
  'invoices.pdf': channel<PdfFile>()(z.object({ id }), 'staff'),
  'payments.receiptPdf': channel<PdfFile>()(
    z.object({ id, layout: z.enum(['a4', '80mm']).default('a4') }),
    'staff',
  ),
  'creditNotes.pdf': channel<PdfFile>()(z.object({ id }), 'staff'),

  'invoices.email': channel<{ outboxId: number }>()(z.object({ id, to: recipient }), 'staff'),
  'payments.emailReceipt': channel<{ outboxId: number }>()(z.object({ id, to: recipient }), 'staff'),
  'creditNotes.email': channel<{ outboxId: number }>()(z.object({ id, to: recipient }), 'staff'),

  /** All invoices and credit notes issued in [from, to] as PDFs in one ZIP with an index.csv. */
  'documents.exportZip': channel<DocumentExport>()(
    z
      .object({ from: calendarDate, to: calendarDate, jobId })
      .refine((v) => v.from <= v.to, { message: 'The start date is after the end date', path: ['to'] }),
    'manager',
  ),
  'documents.cancelExport': channel<{ cancelled: boolean }>()(z.object({ jobId }), 'manager'),
  /** Reads a finished export in pieces so neither side holds a large file in one message. */
  'documents.exportChunk': channel<ExportChunk>()(
    z.object({
      exportId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'Unknown export'),
      offset: z.number().int().min(0).default(0),
    }),
    'manager',
  ),
};
