import type { PdfFile } from '../../../../shared/contract';
import { api } from '../../api';

export type DocKind = 'invoice' | 'receipt' | 'receipt80' | 'creditNote';

/** Fetches a document's PDF from the core (same channel in Electron and headless). */
export async function fetchPdf(kind: DocKind, id: number): Promise<PdfFile> {
  switch (kind) {
    case 'invoice':
      return api.call('invoices.pdf', { id });
    case 'receipt':
      return api.call('payments.receiptPdf', { id });
    case 'receipt80':
      return api.call('payments.receiptPdf', { id, layout: '80mm' });
    case 'creditNote':
      return api.call('creditNotes.pdf', { id });
  }
}

export function pdfBlob(file: PdfFile): Blob {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: 'application/pdf' });
}

/** Saves a blob through the browser's download path (Electron asks where to save it). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the download a moment to start before releasing the memory.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** True in the desktop app (the preload bridge exists); false in the headless UI in a browser. */
export const isDesktop = () => typeof window !== 'undefined' && !!window.recur;

/**
 * Prints a document. Desktop: the PDF goes into a hidden frame whose print() opens the system print
 * dialog. Headless: the PDF opens in a new browser tab, to print from there (a tab opened before the
 * PDF arrives, so popup blockers let it through).
 */
export async function printDocument(kind: DocKind, id: number): Promise<void> {
  if (!isDesktop()) {
    const tab = window.open('', '_blank');
    try {
      const url = URL.createObjectURL(pdfBlob(await fetchPdf(kind, id)));
      if (tab) tab.location.href = url;
      else window.location.assign(url);
    } catch (e) {
      tab?.close();
      throw e;
    }
    return;
  }
  const url = URL.createObjectURL(pdfBlob(await fetchPdf(kind, id)));
  const frame = document.createElement('iframe');
  frame.style.position = 'fixed';
  frame.style.width = '1px';
  frame.style.height = '1px';
  frame.style.opacity = '0';
  frame.style.border = '0';
  frame.src = url;
  frame.onload = () => {
    // The PDF viewer needs a moment after load before it can print.
    setTimeout(() => {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
      setTimeout(() => {
        frame.remove();
        URL.revokeObjectURL(url);
      }, 60_000);
    }, 500);
  };
  document.body.appendChild(frame);
}
