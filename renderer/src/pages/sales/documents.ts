import type { PdfFile } from '../../../../shared/contract';

function pdfUrl(file: PdfFile): string {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

/** Saves the PDF under its own name (INV-00042.pdf). */
export function downloadPdf(file: PdfFile): void {
  const url = pdfUrl(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Prints the PDF: the desktop shell shows the system print dialog for it; in a browser (headless mode)
 * the PDF opens in a new tab, to print from there.
 */
export function printPdf(file: PdfFile): void {
  const bridge = (window as unknown as { recur?: { printPdf?: (f: PdfFile) => Promise<void> } }).recur;
  if (bridge?.printPdf) {
    void bridge.printPdf(file);
    return;
  }
  const url = pdfUrl(file);
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A key for one sale request: the same key twice is the same sale (a double click sells once). */
export function newRequestKey(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return `desk-${random ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`}`;
}
