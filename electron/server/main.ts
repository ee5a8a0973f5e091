import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DataFolderBusyError,
  lockDataFolder,
  makeDatabasePrivate,
  makeDataFolderPrivate,
} from '../../db/data-folder';
import { openDatabase } from '../../db/open';
import { createCore } from '../core';
import { createTestClock, systemClock } from '../core/clock';
import { createStripeGateway } from '../core/payments/gateways/stripe';
import { createSmtpMailer } from '../core/notifications/mailer';
import { createTwilioGateway } from '../core/notifications/twilio';
import { parseServeArgs } from './args';
import { checkDataBeforeServing, markDataFolder } from './data-check';
import { createHttpTransport } from './http';
import { fileLogger, filePreferences, fileSecrets } from './ports';

/**
 * `npm run serve -- --data DIR --port N`: the whole app without a display, the same contract over
 * HTTP + SSE. Runs both from the build (out/main/server.js) and from source; both sit two folders
 * below the repository root.
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

async function main() {
  let args;
  try {
    args = parseServeArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  // Private to this user (700/600), and one process at a time: a second server on the same folder
  // stops here with a plain sentence instead of answering "database is locked" later.
  makeDataFolderPrivate(args.dataFolder);
  try {
    lockDataFolder(args.dataFolder);
  } catch (e) {
    if (!(e instanceof DataFolderBusyError)) throw e;
    console.error(e.message);
    process.exit(1);
  }

  const testClock =
    process.env.RECUR_TEST_CLOCK === '1'
      ? createTestClock(
          process.env.RECUR_TEST_CLOCK_START ? new Date(process.env.RECUR_TEST_CLOCK_START) : new Date(),
        )
      : undefined;
  const clock = testClock ?? systemClock;
  const logger = fileLogger(args.dataFolder, () => clock.now());
  const databaseFile = join(args.dataFolder, 'recur.sqlite');
  const migrationsFolder = join(root, 'db', 'migrations');
  // Damaged, emptied or newer data stops here with a way out, before anything could write to it.
  await checkDataBeforeServing({
    dataFolder: args.dataFolder,
    databaseFile,
    migrationsFolder,
    restore: args.restore,
    now: clock.now(),
  });
  const open = (file: string) => openDatabase({ file, migrationsFolder, now: () => clock.now() });
  const database = open(databaseFile);
  markDataFolder(args.dataFolder, clock.now());
  makeDatabasePrivate(database.file);
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
    // RECUR_TWILIO_URL points texts at a stand-in (tests, demos); Twilio itself otherwise.
    smsGateway: createTwilioGateway(process.env.RECUR_TWILIO_URL),
    dataFolder: args.dataFolder,
    reopenDatabase: open,
    fontsFolder: join(root, 'resources', 'fonts'),
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

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
