import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/open';
import { createCore } from '../core';
import { createTestClock, systemClock } from '../core/clock';
import { createStripeGateway } from '../core/payments/gateways/stripe';
import { createSmtpMailer } from '../core/notifications/mailer';
import { parseServeArgs } from './args';
import { createHttpTransport } from './http';
import { fileLogger, filePreferences, fileSecrets } from './ports';

/**
 * `npm run serve -- --data DIR --port N`: the whole app without a display, the same contract over
 * HTTP + SSE. Runs both from the build (out/main/server.js) and from source; both sit two folders
 * below the repository root.
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

function main() {
  let args;
  try {
    args = parseServeArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  mkdirSync(args.dataFolder, { recursive: true });

  const testClock =
    process.env.RECUR_TEST_CLOCK === '1'
      ? createTestClock(
          process.env.RECUR_TEST_CLOCK_START ? new Date(process.env.RECUR_TEST_CLOCK_START) : new Date(),
        )
      : undefined;
  const clock = testClock ?? systemClock;
  const logger = fileLogger(args.dataFolder, () => clock.now());
  const database = openDatabase({
    file: join(args.dataFolder, 'recur.sqlite'),
    migrationsFolder: join(root, 'db', 'migrations'),
    now: () => clock.now(),
  });
  if (database.backupFile)
    logger.info('Backed up before upgrading the database', { file: database.backupFile });

  const core = createCore({
    database,
    clock,
    logger,
    preferences: filePreferences(args.dataFolder),
    secrets: fileSecrets(args.dataFolder),
    // STRIPE_SECRET_KEY (or the key saved in Settings); RECUR_STRIPE_URL for a Stripe-compatible server.
    cardGateway: (secretKey) =>
      createStripeGateway({ secretKey, apiUrl: process.env.RECUR_STRIPE_URL ?? null }),
    mailer: createSmtpMailer,
    dataFolder: args.dataFolder,
    version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    ...(testClock ? { testClock } : {}),
  });

  const staticDir = [join(root, 'out', 'renderer')].find((d) => existsSync(join(d, 'index.html'))) ?? null;
  if (!staticDir) logger.warn('The UI is not built; serving the API only. Run `npm run build`.');
  const server = createHttpTransport(core, { staticDir });

  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(
      e.code === 'EADDRINUSE'
        ? `Port ${args.port} is in use. Start with --port N to choose another.`
        : e.message,
    );
    process.exit(1);
  });
  server.listen(args.port, args.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : args.port;
    console.log(`Recur listening on http://${args.host}:${port}`);
    if (testClock) console.log('Test clock on: clock.get and clock.advance are available.');
    core.scheduler.start();
  });

  const stop = () => {
    server.close();
    server.closeAllConnections();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main();
