import qrcode from 'qrcode-generator';

export { isValidIban } from '../../../shared/contract/documents';

export const isValidBic = (bic: string) => /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic);

export const compactIban = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();
/** Groups of four, as banks print it. */
export const printableIban = (iban: string) =>
  compactIban(iban)
    .replace(/(.{4})/g, '$1 ')
    .trim();

/**
 * The EPC069-12 "GiroCode" payload (version 002, UTF-8, SEPA credit transfer): one field per line.
 * Only for euros; the reference is unstructured (the invoice number), at most 140 characters.
 */
export function epcPayload(p: {
  name: string;
  iban: string;
  bic: string | null;
  amountMinor: number;
  reference: string;
}): string {
  const euros = `${Math.trunc(p.amountMinor / 100)}.${String(p.amountMinor % 100).padStart(2, '0')}`;
  return [
    'BCD',
    '002',
    '1',
    'SCT',
    p.bic ?? '',
    p.name.slice(0, 70),
    compactIban(p.iban),
    `EUR${euros}`,
    '',
    '',
    p.reference.slice(0, 140),
  ].join('\n');
}

/** The QR matrix (error correction M, as EPC069-12 asks) of a UTF-8 payload. */
export function qrMatrix(payload: string): boolean[][] {
  const qr = qrcode(0, 'M');
  // qrcode-generator's Byte mode takes one char per byte: hand it the UTF-8 bytes as Latin-1 chars.
  qr.addData(Buffer.from(payload, 'utf8').toString('latin1'), 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}
