import type { RecurDatabase } from '../../db/open';
import type { Preferences } from '../../shared/contract';
import type { CardGateway } from './payments/gateways/gateway';
import type { MailerFactory } from './notifications/mailer';
import type { SmsGatewayFactory } from './notifications/sms';

/** Where the core gets the time. Never `Date.now()` in the core (DESIGN §5). */
export interface Clock {
  now(): Date;
}

/** A clock that only moves when told to (RECUR_TEST_CLOCK=1, tests, demos, staff training). */
export interface TestClock extends Clock {
  set(to: Date): void;
  advance(ms: number): void;
}

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** App preferences of this machine (theme, window bounds): electron-store in the app, a JSON file headless. */
export interface PreferenceStore {
  get(): Preferences;
  set(preferences: Preferences): void;
}

/**
 * Secrets (Stripe keys, SMTP password): encrypted with Electron's safeStorage in the app, read from the
 * environment or a key file headless (DESIGN §7). Never returned to the renderer.
 */
export interface SecretStore {
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
}

/**
 * Builds the card gateway for a secret key (Stripe in the app; pointed at a stand-in in tests).
 * Absent where cards are not offered.
 */
export type CardGatewayFactory = (secretKey: string) => CardGateway;

/** Fault injection for crash tests: called at each step of the charge protocol (DESIGN §6). */
export interface FaultPoints {
  reached(
    step:
      | 'charge:pending-written'
      | 'charge:gateway-answered'
      | 'charge:recorded'
      | 'refund:pending-written'
      | 'refund:gateway-answered'
      | 'message:sending-written'
      | 'message:provider-answered',
  ): void;
}

/** The core's whole outside world, passed in so tests can build it with fakes (DESIGN §1). */
export interface CorePorts {
  database: RecurDatabase;
  clock: Clock;
  logger: Logger;
  preferences: PreferenceStore;
  secrets: SecretStore;
  cardGateway?: CardGatewayFactory;
  /** Builds a mail sender for the SMTP settings (nodemailer in the app; a local test server in tests). */
  mailer?: MailerFactory;
  /** Builds an SMS sender for the Twilio credentials (Twilio's REST API; the stand-in in tests). */
  smsGateway?: SmsGatewayFactory;
  faults?: FaultPoints;
  /** Set when the core runs on a movable clock: enables the `clock.*` channels. */
  testClock?: TestClock;
  /** The folder holding the database and backups, shown in Settings. Null for in-memory databases. */
  dataFolder?: string | null;
  version?: string;
  /** Where the document fonts are (the packaged app's resources/fonts); found from the code's folder otherwise. */
  fontsFolder?: string;
  /**
   * Opens (and upgrades) the database file again after a restore switched it; the host knows how
   * (migrations folder, native build). Absent where restoring is not offered (in-memory tests).
   */
  reopenDatabase?: (file: string) => RecurDatabase;
}
