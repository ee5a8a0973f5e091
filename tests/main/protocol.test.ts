import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  contentTypeOf,
  createProtocolHandler,
  resolveRequestPath,
} from '../../electron/main/protocol';

// Nothing here may need Electron: an empty module makes any use of it fail.
vi.mock('electron', () => ({}));

const root = resolve('/srv/recur/out/renderer');

describe('resolveRequestPath', () => {
  it('serves index.html for the root', () => {
    expect(resolveRequestPath(root, 'app://recur/')).toEqual({
      kind: 'file',
      file: join(root, 'index.html'),
      fallback: false,
    });
  });

  it('maps assets inside the renderer folder', () => {
    expect(resolveRequestPath(root, 'app://recur/assets/index-abc.js')).toEqual({
      kind: 'file',
      file: join(root, 'assets', 'index-abc.js'),
      fallback: false,
    });
  });

  it('falls back to index.html for client-side routes (no extension)', () => {
    expect(resolveRequestPath(root, 'app://recur/members/12')).toMatchObject({
      kind: 'file',
      fallback: true,
    });
  });

  it.each([
    'app://recur/..%2F..%2Fetc%2Fpasswd',
    'app://recur/assets/..%2f..%2f..%2fsecret.txt',
    'app://recur/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://recur/assets/%2E%2E/%2E%2E/%2E%2E/secret.txt',
  ])('refuses path traversal: %s', (url) => {
    const r = resolveRequestPath(root, url);
    expect(r.kind === 'error' || (r.kind === 'file' && r.file.startsWith(root + sep))).toBe(true);
    if (r.kind === 'file') expect(r.file).not.toContain('..');
  });

  it('refuses encoded parent segments with 403', () => {
    expect(resolveRequestPath(root, 'app://recur/..%2F..%2Fetc%2Fpasswd')).toEqual({
      kind: 'error',
      status: 403,
    });
  });

  it('refuses backslashes, NUL bytes and malformed escapes', () => {
    expect(resolveRequestPath(root, 'app://recur/..%5C..%5Csecret.txt')).toEqual({
      kind: 'error',
      status: 400,
    });
    expect(resolveRequestPath(root, 'app://recur/index.html%00.js')).toEqual({ kind: 'error', status: 400 });
    expect(resolveRequestPath(root, 'app://recur/%E0%A4%A')).toEqual({ kind: 'error', status: 400 });
  });

  it('refuses drive letters and NTFS streams (Windows)', () => {
    expect(resolveRequestPath(root, 'app://recur/C:/Windows/win.ini')).toEqual({
      kind: 'error',
      status: 400,
    });
    expect(resolveRequestPath(root, 'app://recur/index.html::$DATA')).toEqual({ kind: 'error', status: 400 });
  });

  it('refuses other hosts, schemes and methods', () => {
    expect(resolveRequestPath(root, 'app://evil/index.html')).toEqual({ kind: 'error', status: 404 });
    expect(resolveRequestPath(root, 'file:///etc/passwd')).toEqual({ kind: 'error', status: 404 });
    expect(resolveRequestPath(root, 'app://recur/index.html', 'POST')).toEqual({
      kind: 'error',
      status: 405,
    });
    expect(resolveRequestPath(root, 'not a url')).toEqual({ kind: 'error', status: 400 });
  });
});

describe('the app scheme handler', () => {
  let dir: string;
  let base: string;
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'recur-protocol-'));
    dir = join(base, 'renderer');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Recur</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(base, 'secret.txt'), 'the owner’s secrets');
  });

  const handler = () => createProtocolHandler({ rootDir: dir, readFile: (f) => readFile(f) });
  const get = (url: string, method = 'GET') => handler()(new Request(url, { method }));

  it('serves a file with its type and the CSP', async () => {
    const res = await get('app://recur/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('serves index.html for / and for client-side routes', async () => {
    for (const url of ['app://recur/', 'app://recur/members/12']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('<title>Recur</title>');
    }
  });

  it('answers 404 for an unknown file (no index fallback for assets)', async () => {
    const res = await get('app://recur/assets/missing.js');
    expect(res.status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    const res = await get('app://recur/..%2Fsecret.txt');
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('secrets');
  });

  it('answers HEAD without a body', async () => {
    const res = await get('app://recur/index.html', 'HEAD');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('reports unexpected read errors as 500 and tells the caller', async () => {
    const onError = vi.fn();
    const h = createProtocolHandler({
      rootDir: dir,
      readFile: () => Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })),
      onError,
    });
    const res = await h(new Request('app://recur/index.html'));
    expect(res.status).toBe(500);
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('Content-Security-Policy', () => {
  const directives = Object.fromEntries(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );

  it("allows scripts only from 'self' — no inline script, no eval", () => {
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(directives['default-src']).toEqual(["'none'"]);
  });

  it('permits inline styles (Mantine) but nothing remote', () => {
    expect(directives['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it('forbids plugins, frames (but the PDF documents the renderer makes), base and form targets', () => {
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-src']).toEqual(['blob:']);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'none'"]);
  });
});

it('registers the scheme as standard, secure and fetchable, without bypassing CSP', () => {
  expect(APP_SCHEME_PRIVILEGES).toEqual({
    scheme: 'app',
    privileges: { standard: true, secure: true, supportFetchAPI: true },
  });
});

it('knows the content types the renderer build produces', () => {
  expect(contentTypeOf('a/b.CSS')).toBe('text/css; charset=utf-8');
  expect(contentTypeOf('font.woff2')).toBe('font/woff2');
  expect(contentTypeOf('x.unknown')).toBe('application/octet-stream');
});
