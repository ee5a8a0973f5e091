import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { smsSegments } from '../../shared/sms-segments';

/**
 * A Twilio stand-in on 127.0.0.1 speaking the part of the Messages API Recur uses (REFERENCES
 * "Twilio Messages API"): form-encoded POST with Basic auth, 201 with a message resource, Twilio's
 * error body and codes, the message list, and the account read that checks credentials. Tests
 * capture what was sent and inject faults. Another process reads the capture at GET /_standin/messages.
 */
export interface CapturedSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  segments: number;
  at: Date;
}

export type Fault = { status: number; code?: number; message?: string };

export const STANDIN_SID = `AC${'0'.repeat(31)}1`;
export const STANDIN_TOKEN = 'standin-auth-token';

export async function startTwilioStandin(options: { accountSid?: string; authToken?: string } = {}) {
  const accountSid = options.accountSid ?? STANDIN_SID;
  const authToken = options.authToken ?? STANDIN_TOKEN;
  const messages: CapturedSms[] = [];
  const queuedFaults: Fault[] = [];
  const numberFaults = new Map<string, Fault>();
  let requests = 0;
  let seq = 0;

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, f: Fault) =>
    reply(res, f.status, {
      code: f.code ?? null,
      message: f.message ?? `Error ${f.code ?? f.status}`,
      more_info: f.code ? `https://www.twilio.com/docs/errors/${f.code}` : null,
      status: f.status,
    });

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => resolve(data));
    });

  const authorized = (req: IncomingMessage) => {
    const header = req.headers.authorization ?? '';
    const [user, pass] = Buffer.from(header.replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    return user === accountSid && pass === authToken;
  };

  const resource = (m: CapturedSms) => ({
    sid: m.sid,
    account_sid: accountSid,
    to: m.to,
    from: m.from,
    body: m.body,
    status: 'queued',
    num_segments: String(m.segments),
    direction: 'outbound-api',
    api_version: '2010-04-01',
    error_code: null,
    error_message: null,
    price: null,
    date_created: m.at.toUTCString(),
    date_sent: m.at.toUTCString(),
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}.json`,
  });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      if (url.pathname === '/_standin/messages') return reply(res, 200, messages);
      requests++;
      const body = await readBody(req);
      if (!authorized(req)) return error(res, { status: 401, code: 20003, message: 'Authenticate' });
      if (req.method === 'GET' && url.pathname === `/2010-04-01/Accounts/${accountSid}.json`) {
        return reply(res, 200, { sid: accountSid, status: 'active', type: 'Full' });
      }
      const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
      if (url.pathname !== messagesPath)
        return error(res, { status: 404, code: 20404, message: 'Not found' });
      if (req.method === 'GET') {
        const to = url.searchParams.get('To');
        return reply(res, 200, { messages: messages.filter((m) => !to || m.to === to).map(resource) });
      }
      if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
        return error(res, { status: 400, code: 21604, message: 'A form-encoded body is required' });
      }
      const fault = queuedFaults.shift();
      if (fault) return error(res, fault);
      const form = new URLSearchParams(body);
      const to = form.get('To');
      const from = form.get('From') ?? form.get('MessagingServiceSid');
      const text = form.get('Body');
      if (!to) return error(res, { status: 400, code: 21604, message: "A 'To' phone number is required." });
      if (!from)
        return error(res, { status: 400, code: 21603, message: "A 'From' phone number is required." });
      if (!text) return error(res, { status: 400, code: 21602, message: 'Message body is required.' });
      if (!/^\+[1-9]\d{6,14}$/.test(to)) {
        return error(res, {
          status: 400,
          code: 21211,
          message: `The 'To' number ${to} is not a valid phone number.`,
        });
      }
      const numberFault = numberFaults.get(to);
      if (numberFault) return error(res, numberFault);
      const m: CapturedSms = {
        sid: `SM${String(++seq).padStart(32, '0')}`,
        to,
        from,
        body: text,
        segments: smsSegments(text).segments,
        at: new Date(),
      };
      messages.push(m);
      return reply(res, 201, resource(m));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    /** Requests that reached the API (the capture endpoint not counted). */
    requests: () => requests,
    /** The next N sends fail with this answer (5xx, 20429, …). */
    failNext(fault: Fault, times = 1) {
      for (let i = 0; i < times; i++) queuedFaults.push(fault);
    },
    /** Every send to this number fails with this answer (21610 STOP, 21608 unverified, …). */
    failNumber(to: string, fault: Fault) {
      numberFaults.set(to, fault);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TwilioStandin = Awaited<ReturnType<typeof startTwilioStandin>>;
