import { api } from '../../api';

/** Raw bytes per piece: 3 MB becomes 4 MB of base64, under the contract's limit for one message. */
const PIECE_BYTES = 3 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Sends a chosen file to the core in pieces (the same in Electron and headless); answers its name. */
export async function uploadBackup(
  file: File,
  onProgress: (sent: number, total: number) => void,
): Promise<string> {
  let uploadId: string | null = null;
  let offset = 0;
  for (;;) {
    const end = Math.min(file.size, offset + PIECE_BYTES);
    const piece = new Uint8Array(await file.slice(offset, end).arrayBuffer());
    const done = end >= file.size;
    const result: { uploadId: string; file: string | null } = await api.call('backups.upload', {
      uploadId,
      base64: toBase64(piece),
      done,
    });
    uploadId = result.uploadId;
    offset = end;
    onProgress(offset, file.size);
    if (done) return result.file!;
  }
}

/** Where a finished export is read from, and what it is: export everything, or the members CSV. */
const EXPORTS = {
  everything: { channel: 'backups.exportChunk', type: 'application/zip' },
  members: { channel: 'members.exportChunk', type: 'text/csv;charset=utf-8' },
} as const;

/** Fetches a finished export in pieces and hands it to the browser's download. */
export async function downloadExport(
  exportId: string,
  filename: string,
  onProgress: (received: number, total: number) => void,
  kind: keyof typeof EXPORTS = 'everything',
): Promise<void> {
  const parts: BlobPart[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const chunk: { base64: string; nextOffset: number | null; size: number } = await api.call(
      EXPORTS[kind].channel,
      {
        exportId,
        offset,
      },
    );
    const binary = atob(chunk.base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    parts.push(bytes);
    offset = chunk.nextOffset;
    onProgress(offset ?? chunk.size, chunk.size);
  }
  const url = URL.createObjectURL(new Blob(parts, { type: EXPORTS[kind].type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function formatBytes(n: number, locale: string): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
