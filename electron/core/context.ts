import type { Db, Tx } from '../../db/open';
import type { Operator } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ChannelName } from '../../shared/contract';
import type { CorePorts } from './ports';

/** The signed-in operator as the core sees it (plus the session it came through). */
export interface Caller {
  operator: Operator;
  sessionId: number;
}

/** Everything a handler may use. Built fresh for each dispatch. */
export interface Ctx {
  readonly db: Db;
  readonly ports: CorePorts;
  readonly channel: ChannelName;
  readonly caller: Caller | null;
  /** The session token the call came with (auth.logout needs it). */
  readonly token: string | null;
  now(): Date;
  nowIso(): string;
  /** The caller, or UNAUTHENTICATED (dispatch already guarantees one for non-public channels). */
  me(): Caller;
  /**
   * Runs `fn` as one synchronous transaction (DESIGN §3). Events queued with `changed` inside it are
   * emitted only once it has committed.
   */
  write<T>(fn: (tx: Tx) => T): T;
  /** Queues a `changed` event for after the commit. */
  changed(domain: string, ids: number[]): void;
}

export function requireCaller(caller: Caller | null): Caller {
  if (!caller) throw new AppError('UNAUTHENTICATED', 'Please sign in first.');
  return caller;
}
