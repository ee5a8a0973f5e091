import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import { createHttpTransport } from '../../electron/server/http';
import type { Member } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import type { CoreEvent } from '../../shared/events';
import { buildCore, OWNER, setupOwner, signInAs, type TestCore } from '../support/core';

const STATIC_FIXTURE = fileURLToPath(new URL('../support/fixtures/static', import.meta.url));
const SECRET = 'TOP-SECRET-NEXT-TO-THE-UI';
const MAX_BODY = 4096;

interface Running {
  t: TestCore;
  server: Server;
  port: number;
  base: string;
  /** Event subscriptions the transport holds on the core right now (SSE clients). */
  subscriptions(): number;
  stop(): Promise<void>;
}

let folder: string;
let staticDir: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'recur-http-'));
  staticDir = join(folder, 'www');
  cpSync(STATIC_FIXTURE, staticDir, { recursive: true });
  writeFileSync(join(folder, 'secret.txt'), SECRET);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The HTTP transport over a whole test core, on a random port of 127.0.0.1. */
async function start(): Promise<Running> {
  const t = buildCore();
  let subscriptions = 0;
  // The real core, with its event subscriptions counted so a leaked SSE listener shows.
  const core: Core = {
    ...t.core,
    events: {
      on(listener: (event: CoreEvent) => void) {
        subscriptions++;
        const off = t.core.events.on(listener);
        return () => {
          subscriptions--;
          off();
        };
      },
    },
  };
  const server = createHttpTransport(core, { staticDir, maxBodyBytes: MAX_BODY });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    t,
    server,
    port,
    base: `http://127.0.0.1:${port}`,
    subscriptions: () => subscriptions,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      t.close();
    },
  };
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request exactly as written: no URL normalization, any Host or Origin header, optional chunked body. */
function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | string[] },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    // The server may answer (413) before it has read the whole body; that is not a test failure.
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') reject(e);
    });
    if (Array.isArray(options.body)) for (const chunk of options.body) req.write(chunk);
    else if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

async function post(
  r: Running,
  channel: string,
  input: unknown,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; envelope: Envelope<unknown> }> {
  const res = await fetch(`${r.base}/api/${channel}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: typeof input === 'string' ? input : JSON.stringify(input),
  });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, envelope: (await res.json()) as Envelope<unknown> };
}

function errorOf(envelope: Envelope<unknown>) {
  if (envelope.ok) throw new Error(`expected an error, got ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

/** Reads a fetch body stream until `done(text so far)` or the timeout. */
async function readUntil(
  body: ReadableStream<Uint8Array>,
  done: (text: string) => boolean,
  timeoutMs = 3000,
): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (!done(text)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
  return text;
}

const eventsIn = (text: string): CoreEvent[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice('data: '.length)) as CoreEvent);

const waitFor = async (check: () => boolean, timeoutMs = 2000) => {
  const until = performance.now() + timeoutMs;
  while (!check() && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
  return check();
};

describe('POST /api/<channel>', () => {
  let r: Running;
  let owner: string;
  let staff: string;

  beforeAll(async () => {
    r = await start();
    owner = await setupOwner(r.t);
    staff = await signInAs(r.t, owner, 'staff');
  });

  afterAll(() => r.stop());

  it('answers 200 with the envelope on success', async () => {
    const { status, envelope } = await post(r, 'auth.status', {}, { token: owner });
    expect(status).toBe(200);
    expect(envelope).toMatchObject({
      ok: true,
      value: {
        setupNeeded: false,
        operator: { email: OWNER.email, role: 'owner' },
        business: { currency: 'USD' },
      },
    });
  });

  it('treats an empty JSON body as {}', async () => {
    const res = await rawRequest(r.port, {
      method: 'POST',
      path: '/api/auth.status',
      headers: { Host: `127.0.0.1:${r.port}`, 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { setupNeeded: false } });
  });

  it('answers 400 VALIDATION for a body that is not JSON', async () => {
    const { status, envelope } = await post(r, 'auth.status', '{"broken": ');
    expect(status).toBe(400);
    expect(errorOf(envelope)).toEqual({ code: 'VALIDATION', message: 'The request body is not valid JSON.' });
  });

  it('answers 404 NOT_FOUND for a channel that does not exist', async () => {
    const { status, envelope } = await post(r, 'members.teleport', {}, { token: owner });
    expect(status).toBe(404);
    expect(errorOf(envelope).code).toBe('NOT_FOUND');
  });

  it('answers 400 with a message per field for invalid input', async () => {
    const { status, envelope } = await post(r, 'auth.setup', {
      ...OWNER,
      email: 'not-an-email',
      currency: 'XYZ',
    });
    expect(status).toBe(400);
    const error = errorOf(envelope);
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual({
      email: 'That is not a valid email address',
      currency: 'Choose a currency from the list (an ISO code such as USD or EUR)',
    });
  });

  it('answers 401 without a token', async () => {
    const { status, envelope } = await post(r, 'members.list', {});
    expect(status).toBe(401);
    expect(errorOf(envelope)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Please sign in first.' });
  });

  it('answers 401 for a token that is not a session', async () => {
    const { status, envelope } = await post(r, 'members.list', {}, { token: 'not-a-real-token' });
    expect(status).toBe(401);
    expect(errorOf(envelope).code).toBe('UNAUTHENTICATED');
  });

  it('answers 403 when the role is not enough (front desk listing operators)', async () => {
    const { status, envelope } = await post(r, 'operators.list', {}, { token: staff });
    expect(status).toBe(403);
    expect(errorOf(envelope)).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('Front desk'),
    });
    expect((await post(r, 'operators.list', {}, { token: owner })).status).toBe(200);
  });

  it('answers 413 VALIDATION for a body over the limit, declared or streamed', async () => {
    const big = JSON.stringify({ query: 'x'.repeat(MAX_BODY) });
    const declared = await post(r, 'members.list', big, { token: owner });
    expect(declared.status).toBe(413);
    expect(errorOf(declared.envelope)).toMatchObject({ code: 'VALIDATION', message: /too large/ });

    const chunked = await rawRequest(r.port, {
      method: 'POST',
      path: '/api/members.list',
      headers: {
        Host: `127.0.0.1:${r.port}`,
        'Content-Type': 'application/json',
        Authorization: `Bearer ${owner}`,
        'Transfer-Encoding': 'chunked',
      },
      body: ['{"query":"', 'y'.repeat(MAX_BODY / 2), 'y'.repeat(MAX_BODY / 2), '"}'],
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers 415 for anything but JSON', async () => {
    const { status, envelope } = await post(r, 'auth.status', '{}', {
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(status).toBe(415);
    expect(errorOf(envelope).code).toBe('VALIDATION');
    const form = await post(r, 'auth.status', 'a=1', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('refuses another website (Origin) with 403 and accepts its own origin', async () => {
    const headers = (origin: string) => ({
      Host: `127.0.0.1:${r.port}`,
      Origin: origin,
      'Content-Type': 'application/json',
    });
    const foreign = await rawRequest(r.port, {
      method: 'POST',
      path: '/api/auth.status',
      headers: headers('http://evil.example'),
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const same = await rawRequest(r.port, {
      method: 'POST',
      path: '/api/auth.status',
      headers: headers(`http://127.0.0.1:${r.port}`),
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('refuses a Host that is not this computer or not this port (DNS rebinding) with 403', async () => {
    const call = (host: string) =>
      rawRequest(r.port, {
        method: 'POST',
        path: '/api/auth.status',
        headers: { Host: host, 'Content-Type': 'application/json' },
        body: '{}',
      });
    for (const host of [
      'evil.example',
      `evil.example:${r.port}`,
      `localhost:${r.port + 1}`,
      `127.0.0.1.evil.example`,
    ]) {
      const res = await call(host);
      expect(res.status, host).toBe(403);
      expect(JSON.parse(res.body), host).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    for (const host of [`localhost:${r.port}`, `127.0.0.1:${r.port}`, `[::1]:${r.port}`, 'localhost']) {
      expect((await call(host)).status, host).toBe(200);
    }
    // The UI is guarded too.
    expect((await rawRequest(r.port, { path: '/', headers: { Host: 'evil.example' } })).status).toBe(403);
  });

  it('answers 405 with Allow: POST to GET /api/<channel>', async () => {
    const res = await fetch(`${r.base}/api/members.list`, { headers: { Authorization: `Bearer ${owner}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    await res.body?.cancel();
  });

  it('answers 405 to a write method outside /api', async () => {
    const res = await fetch(`${r.base}/members`, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('never sends a stack or INTERNAL details for a handled error', async () => {
    const { envelope } = await post(r, 'members.get', { id: 999_999 }, { token: owner });
    const error = errorOf(envelope);
    expect(error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(error)).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('sessions over HTTP', () => {
  it('answers 401 with the idle message once the session has been idle past lockAfterMinutes', async () => {
    const r = await start();
    try {
      const owner = await setupOwner(r.t);
      r.t.clock.advance(14 * 60_000);
      expect((await post(r, 'members.list', {}, { token: owner })).status).toBe(200); // still alive, touched
      r.t.clock.advance(16 * 60_000);
      const { status, envelope } = await post(r, 'members.list', {}, { token: owner });
      expect(status).toBe(401);
      expect(errorOf(envelope)).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/15 minutes without activity/),
      });
      // Ended for good: the next call no longer says "idle", only that the session has ended.
      expect((await post(r, 'members.list', {}, { token: owner })).status).toBe(401);
    } finally {
      await r.stop();
    }
  });
});

describe('GET /api/events (SSE)', () => {
  let r: Running;
  let owner: string;

  beforeAll(async () => {
    r = await start();
    owner = await setupOwner(r.t);
  });

  afterAll(() => r.stop());

  it('forwards a changed event after a member is created', async () => {
    const controller = new AbortController();
    const res = await fetch(`${r.base}/api/events?token=${encodeURIComponent(owner)}`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const body = res.body!;
    expect(await readUntil(body, (s) => s.includes(': connected'))).toContain(': connected');

    const created = await post(
      r,
      'members.create',
      { firstName: 'Sse', lastName: 'Member' },
      { token: owner },
    );
    expect(created.status).toBe(200);
    const member = (created.envelope as { ok: true; value: Member }).value;

    const text = await readUntil(body, (s) =>
      eventsIn(s).some((e) => e.type === 'changed' && e.domain === 'members'),
    );
    expect(eventsIn(text)).toContainEqual({ type: 'changed', domain: 'members', ids: [member.id] });
    controller.abort();
  });

  it('accepts the token as a bearer header too', async () => {
    const controller = new AbortController();
    const res = await fetch(`${r.base}/api/events`, {
      headers: { Authorization: `Bearer ${owner}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(await readUntil(res.body!, (s) => s.includes(': connected'))).toContain(': connected');
    controller.abort();
  });

  it('answers 401 without a token or with a bad one', async () => {
    const none = await fetch(`${r.base}/api/events`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const bad = await fetch(`${r.base}/api/events?token=nope`);
    expect(bad.status).toBe(401);
    await bad.body?.cancel();
  });

  it('lets go of the core subscription when the client disconnects', async () => {
    // Earlier tests' streams are closed by now; start from none.
    expect(await waitFor(() => r.subscriptions() === 0)).toBe(true);
    const controller = new AbortController();
    const res = await fetch(`${r.base}/api/events?token=${encodeURIComponent(owner)}`, {
      signal: controller.signal,
    });
    await readUntil(res.body!, (s) => s.includes(': connected'));
    expect(r.subscriptions()).toBe(1);
    controller.abort();
    expect(await waitFor(() => r.subscriptions() === 0)).toBe(true);
  });
});

describe('static files', () => {
  let r: Running;

  beforeAll(async () => {
    r = await start();
  });

  afterAll(() => r.stop());

  it('serves index.html at / with the Content-Security-Policy', async () => {
    const res = await fetch(`${r.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('RECUR-FIXTURE-INDEX');
  });

  it('serves index.html for a client-side route such as /members/12', async () => {
    const res = await fetch(`${r.base}/members/12`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('RECUR-FIXTURE-INDEX');
  });

  it('serves an asset with its type and a long cache', async () => {
    const res = await fetch(`${r.base}/assets/app.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain('RECUR-FIXTURE-APP');
  });

  it('answers 404 for a missing asset instead of the page', async () => {
    const res = await fetch(`${r.base}/assets/missing.js`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('RECUR-FIXTURE-INDEX');
  });

  it.each([
    '/..%2fsecret.txt',
    '/..%2f..%2fpackage.json',
    '/%2e%2e/secret.txt',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/../secret.txt',
    '/..%5csecret.txt',
    '/%00secret.txt',
  ])('never serves a file outside the UI folder for %s', async (path) => {
    const res = await rawRequest(r.port, { path, headers: { Host: `127.0.0.1:${r.port}` } });
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toMatch(/root:.*:0:0:/);
    expect(res.body).not.toContain('"name": "recur"');
    if (res.status === 200) expect(res.body).toContain('RECUR-FIXTURE-INDEX');
    else expect([400, 403, 404]).toContain(res.status);
  });

  it.each(['//', '//..%2fsecret.txt', '//%2e%2e/secret.txt'])(
    'answers %s, a path that begins with //, without a server error',
    async (path) => {
      const res = await rawRequest(r.port, { path, headers: { Host: `127.0.0.1:${r.port}` } });
      expect(res.body).not.toContain(SECRET);
      expect(res.status).toBeLessThan(500);
    },
  );

  it('answers 400 for a path that is not valid percent-encoding', async () => {
    const res = await rawRequest(r.port, { path: '/%E0%A4%A', headers: { Host: `127.0.0.1:${r.port}` } });
    expect(res.status).toBe(400);
  });
});
