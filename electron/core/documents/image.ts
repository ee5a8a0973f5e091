import { sniffImage } from '../../../shared/contract/documents';
import type { Logo } from './snapshot';

let last: { dataUrl: string; logo: Logo | null } | null = null;

/** A logo for jsPDF: its format and pixel size read from the bytes. Null when it cannot be read. */
export function logoOf(dataUrl: string | null): Logo | null {
  if (!dataUrl) return null;
  if (last?.dataUrl === dataUrl) return last.logo;
  const kind = sniffImage(dataUrl);
  let logo: Logo | null = null;
  if (kind) {
    const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    const size = kind === 'png' ? pngSize(bytes) : jpegSize(bytes);
    if (size) logo = { dataUrl, format: kind === 'png' ? 'PNG' : 'JPEG', ...size };
  }
  last = { dataUrl, logo };
  return logo;
}

function pngSize(b: Buffer) {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Walks the JPEG markers to the first start-of-frame, which holds the size. */
function jpegSize(b: Buffer) {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    const length = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return null;
}
