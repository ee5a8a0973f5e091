import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AppError, HTTP_STATUS, type Envelope, type ErrorBody } from '../../shared/errors';
import type { Core } from '../core';
import { serveStatic } from './static';

export interface HttpOptions {
  /** The built renderer (`out/renderer`); without it only the API is served. */
  staticDir: string | null;
  /** Largest accepted request body. CSV imports are the big ones (20 MB in the contract). */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY = 25 * 1024 * 1024;
/** Channels after which some session may have ended (sign-out, password change, operator changes). */
const SESSION_ENDING = /^(auth|operators)\./;
const SSE_HEARTBEAT_MS = 25_000;

/**
 * The headless transport (DESIGN §3): `POST /api/<channel>` → core.dispatch, `GET /api/events` → SSE,
 * everything else → the built UI. It holds no business logic: only HTTP concerns live here.
 */
export function createHttpTransport(core: Core, options: HttpOptions): Server {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  /** Open event streams and the session each was opened with (closed when that session ends). */
  const streams = new Map<ServerResponse, { token: string; close(): void }>();
  const closeEndedStreams = () => {
    for (const stream of [...streams.values()]) if (!core.sessionIsLive(stream.token)) stream.close();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, new AppError('INTERNAL', 'The request could not be handled.'));
      else res.end();
      console.error(e);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // Parsed against a fixed origin: a path like `//x` must stay a path, never become a host.
    const url = parsePath(req.url);
    if (!url) return sendError(res, new AppError('VALIDATION', 'That address is not valid.'));
    if (!isLocalHost(req.headers.host, server)) {
      // A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) gets nothing.
      return sendError(res, new AppError('FORBIDDEN', 'Recur only answers on this computer.'));
    }
    if (url.pathname === '/api/events') return openEvents(req, res, url);
    if (url.pathname.startsWith('/api/')) return callChannel(req, res, url.pathname.slice(5));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    return serveStatic(options.staticDir, url.pathname, req, res);
  }

  async function callChannel(req: IncomingMessage, res: ServerResponse, channel: string) {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendError(res, new AppError('NOT_FOUND', 'Use POST to call Recur actions.'), 405);
    }
    const origin = req.headers.origin;
    if (origin && !isSameOrigin(origin, req.headers.host)) {
      return sendError(res, new AppError('FORBIDDEN', 'Requests from other websites are refused.'));
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      // JSON only: a cross-site form post cannot send it without a CORS preflight, which we never allow.
      return sendError(
        res,
        new AppError('VALIDATION', 'Send the input as JSON (Content-Type: application/json).'),
        415,
      );
    }
    let body: string;
    try {
      body = await readBody(req, maxBody);
    } catch (e) {
      if (e instanceof AppError) return sendError(res, e, 413);
      throw e;
    }
    let input: unknown;
    try {
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      return sendError(res, new AppError('VALIDATION', 'The request body is not valid JSON.'));
    }
    const envelope = await core.dispatch({ token: bearer(req) }, channel, input);
    // Sign-out, a password change or a deactivation ends sessions: their event streams stop at once.
    if (envelope.ok && SESSION_ENDING.test(channel)) closeEndedStreams();
    send(res, envelope.ok ? 200 : HTTP_STATUS[envelope.error.code], envelope);
  }

  async function openEvents(req: IncomingMessage, res: ServerResponse, url: URL) {
    // EventSource cannot set headers, so the token may come as a query parameter here (and only here).
    const token = bearer(req) ?? url.searchParams.get('token');
    const status = token ? await core.dispatch({ token }, 'auth.status', {}) : null;
    if (!token || !status?.ok || !(status.value as { operator: unknown }).operator) {
      return sendError(res, new AppError('UNAUTHENTICATED', 'Please sign in first.'));
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write(': connected\n\n');
    // Nothing flows once the session has ended (sign-out, deactivation, idle or 12-hour limit): the
    // session is checked before each event and each heartbeat, without counting as activity.
    const heartbeat = setInterval(() => {
      if (core.sessionIsLive(token)) res.write(': ping\n\n');
      else close();
    }, SSE_HEARTBEAT_MS);
    const off = core.events.on((event) => {
      if (core.sessionIsLive(token)) res.write(`data: ${JSON.stringify(event)}\n\n`);
      else close();
    });
    function close() {
      if (!streams.delete(res)) return;
      clearInterval(heartbeat);
      off();
      res.end();
    }
    streams.set(res, { token, close });
    req.on('close', close);
  }

  server.on('close', () => {
    for (const stream of [...streams.values()]) stream.close();
  });
  return server;
}

function parsePath(raw: string | undefined): URL | null {
  try {
    return new URL(`http://localhost${raw?.startsWith('/') ? raw : '/'}`);
  } catch {
    return null;
  }
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1] ?? null;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return reject(tooLarge(limit));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const tooLarge = (limit: number) =>
  new AppError(
    'VALIDATION',
    `The request is too large: Recur accepts up to ${Math.round(limit / 1024 / 1024)} MB.`,
  );

function isLocalHost(host: string | undefined, server: Server): boolean {
  if (!host) return false;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : null;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!m) return false;
  const name = m[1]!.toLowerCase();
  const local = name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
  return local && (port === null || m[2] === undefined || Number(m[2]) === port);
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, envelope: Envelope<unknown>) {
  const body = JSON.stringify(envelope);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

function sendError(res: ServerResponse, error: AppError, status?: number) {
  const body: ErrorBody = error.toBody();
  send(res, status ?? HTTP_STATUS[error.code], { ok: false, error: body });
}
