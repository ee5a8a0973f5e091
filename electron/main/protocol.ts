import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

/** The renderer is served from `app://recur/` — a privileged custom scheme, never `file://`. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'recur';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** For `protocol.registerSchemesAsPrivileged`, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  // standard: relative URLs, an origin, localStorage. secure: treated like https (secure context).
  // supportFetchAPI: fetch() of own assets. No bypassCSP, no corsEnabled, no service workers.
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/**
 * The Content-Security-Policy of every page and asset served from `app://recur/` (DESIGN §8): one
 * policy for the window, the headless server and index.html's `<meta>`, kept in shared/csp.ts.
 */
export { CONTENT_SECURITY_POLICY };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export const contentTypeOf = (file: string): string =>
  CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

export type ResolvedRequest =
  { kind: 'file'; file: string; fallback: boolean } | { kind: 'error'; status: 400 | 403 | 404 | 405 };

/**
 * Maps a request URL to a file inside `rootDir`, refusing anything that would leave it.
 * `/` and extension-less paths (client-side routes such as `/members/12`) fall back to `index.html`;
 * a path with an extension must exist (checked by the caller) or it is a 404.
 */
export function resolveRequestPath(rootDir: string, requestUrl: string, method = 'GET'): ResolvedRequest {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'error', status: 405 };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'error', status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { kind: 'error', status: 404 };
  if (url.username || url.password || url.port) return { kind: 'error', status: 400 };

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'error', status: 400 };
  }
  // NUL and backslashes have no business in an asset path (a backslash is a separator on Windows).
  if (pathname.includes('\0') || pathname.includes('\\')) return { kind: 'error', status: 400 };

  const root = resolve(rootDir);
  const index = resolve(root, 'index.html');
  const segments = pathname.split('/').filter((s) => s.length > 0);
  if (segments.length === 0) return { kind: 'file', file: index, fallback: false };
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'error', status: 403 };
  // A colon would be a drive letter or an NTFS stream on Windows (`C:`, `index.html::$DATA`).
  if (segments.some((s) => s.includes(':'))) return { kind: 'error', status: 400 };

  const file = resolve(root, ...segments);
  // Belt and braces: whatever the platform's path rules, the file must be inside the root.
  const rel = relative(root, file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    return { kind: 'error', status: 403 };
  }
  const last = segments[segments.length - 1] ?? '';
  if (extname(last) === '') return { kind: 'file', file, fallback: true };
  return { kind: 'file', file, fallback: false };
}

/** Headers on every response from the app scheme. */
export function responseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

const isMissing = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
};

function errorResponse(status: number): Response {
  const text = status === 404 ? 'Not found' : status === 405 ? 'Method not allowed' : 'Bad request';
  return new Response(text, { status, headers: responseHeaders('text/plain; charset=utf-8') });
}

/**
 * The `protocol.handle(APP_SCHEME, …)` handler: serves the built renderer (`out/renderer`, inside
 * app.asar when packaged — Electron's fs reads asar archives transparently).
 */
export function createProtocolHandler(options: {
  rootDir: string;
  readFile: ReadFile;
  onError?: (error: unknown, url: string) => void;
}): (request: Request) => Promise<Response> {
  return async (request) => {
    const resolved = resolveRequestPath(options.rootDir, request.url, request.method);
    if (resolved.kind === 'error') return errorResponse(resolved.status);

    const candidates = [resolved.file];
    if (resolved.fallback) candidates.push(resolve(options.rootDir, 'index.html'));
    for (const file of candidates) {
      try {
        const body = await options.readFile(file);
        const headers = responseHeaders(contentTypeOf(file));
        return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
          status: 200,
          headers,
        });
      } catch (e) {
        if (isMissing(e)) continue;
        options.onError?.(e, request.url);
        return new Response('Internal error', {
          status: 500,
          headers: responseHeaders('text/plain; charset=utf-8'),
        });
      }
    }
    return errorResponse(404);
  };
}
