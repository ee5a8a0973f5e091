/**
 * The one Content-Security-Policy of Recur's pages (DESIGN §8, finding 5.12). The Electron protocol
 * handler and the headless server send it as a header; the build writes it into index.html's
 * `<meta>` (electron.vite.config.ts → `withCspMeta`), so the three can never drift apart again.
 *
 * Scripts only from the app itself; no eval, no inline script. Mantine writes `<style>` elements and
 * `style=""` attributes at run time, hence 'unsafe-inline' for styles only. Images may be data:/blob:
 * (the business logo is a data: URL; QR codes and previews are blobs). The renderer talks to the
 * core through IPC or same-origin fetch/EventSource, so connect-src needs nothing beyond 'self'.
 * No plugins, no forms posted anywhere, never framed; the only frames are PDF documents (blob:).
 */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  // Documents (invoices, receipts) are shown as PDFs the renderer made into blob: URLs.
  'frame-src blob:',
  "child-src 'none'",
  "worker-src 'none'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');

/** Browsers ignore these in a `<meta>` policy (and warn), so the meta copy leaves them out. */
const HEADER_ONLY = ['frame-ancestors', 'report-uri', 'report-to', 'sandbox'];

export const META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.filter(
  (d) => !HEADER_ONLY.includes(d.split(' ')[0]!),
).join('; ');

/** The placeholder renderer/index.html carries where the build puts the policy. */
export const CSP_PLACEHOLDER = '%RECUR_CSP%';

/** index.html with the placeholder replaced; throws if it is missing, so a build cannot lose the policy. */
export function withCspMeta(html: string): string {
  if (!html.includes(CSP_PLACEHOLDER)) {
    throw new Error(`index.html has no ${CSP_PLACEHOLDER} placeholder for the Content-Security-Policy`);
  }
  return html.replaceAll(CSP_PLACEHOLDER, META_CONTENT_SECURITY_POLICY);
}
