import { join } from 'node:path';
import { createCore } from '../../electron/core';
import { systemClock } from '../../electron/core/clock';
import { createCtx } from '../../electron/core/context';
import { createSmtpMailer } from '../../electron/core/notifications/mailer';
import { queueMail } from '../../electron/core/notifications/outbox';
import type { CorePorts } from '../../electron/core/ports';
import { startSmtpCapture } from '../support/smtp-capture';
import { BENCH_OWNER, openBenchDatabase } from './core';
import type { Row } from './report';

/**
 * Mail throughput (issue 8): N queued mails go through a local SMTP server on the outbox's pooled
 * connection, each marked `sending` and then `sent` in the database as the app does. Target ≥ 200/s.
 */
export async function benchMail(options: { workDir: string; mails?: number }): Promise<{ rows: Row[] }> {
  const mails = options.mails ?? (Number(process.env.RECUR_BENCH_MAILS) || 10_000);
  const smtp = await startSmtpCapture();
  const database = openBenchDatabase(join(options.workDir, 'recur-bench-mail.sqlite'));
  const secrets = new Map<string, string>();
  const ports: CorePorts = {
    database,
    clock: systemClock,
    logger: { info: () => {}, warn: () => {}, error: (m, d) => console.error(m, d) },
    preferences: { get: () => ({ theme: 'auto' }), set: () => {} },
    secrets: {
      get: (n) => secrets.get(n) ?? null,
      set: (n, v) => void secrets.set(n, v),
      delete: (n) => void secrets.delete(n),
    },
    mailer: createSmtpMailer,
    dataFolder: null,
    version: '0.0.0-bench',
  };
  const core = createCore(ports);
  try {
    const setup = await core.dispatch({ token: null }, 'auth.setup', BENCH_OWNER);
    if (!setup.ok) throw new Error(JSON.stringify(setup.error));
    const token = (setup.value as { token: string }).token;
    const saved = await core.dispatch({ token }, 'email.saveSettings', {
      host: '127.0.0.1',
      port: smtp.port,
      from: 'desk@bench.test',
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
    const ctx = createCtx({ ports, channel: 'bench', caller: null, token: null, pending: [] });
    const queuedAt = performance.now();
    ctx.write((tx) => {
      for (let i = 0; i < mails; i++) {
        queueMail(tx, ctx, {
          to: `member${i}@bench.test`,
          subject: `Receipt ${i}`,
          body: `Hello member ${i},\n\nThank you for your payment.\n\nBench Fitness`,
          topic: 'payment_received',
          dedupeKey: `bench:${i}`,
        });
      }
    });
    const queueMs = performance.now() - queuedAt;
    const started = performance.now();
    await core.scheduler.runDue();
    const sendMs = performance.now() - started;
    const sent = smtp.received.length;
    if (sent !== mails) throw new Error(`Only ${sent} of ${mails} mails arrived`);
    const perSecond = Math.round((sent / sendMs) * 1000);
    return {
      rows: [
        { metric: `mail: queue ${mails} (one transaction)`, value: Math.round(queueMs), unit: 'ms' },
        { metric: `mail: send ${mails} through SMTP (pooled)`, value: Math.round(sendMs), unit: 'ms' },
        {
          metric: 'mail: throughput (higher is better; target ≥ 200/s)',
          value: perSecond,
          unit: 'mails/s',
          note: perSecond >= 200 ? 'meets ≥ 200/s' : 'BELOW 200/s',
        },
      ],
    };
  } finally {
    core.close();
    await smtp.close();
  }
}
