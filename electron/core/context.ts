import type { Db, Tx } from '../../db/open';
import type { Operator } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CoreEvent } from '../../shared/events';
import type { CorePorts } from './ports';

/** The signed-in operator as the core sees it (plus the session it came through). */
export interface Caller {
  operator: Operator;
  sessionId: number;
}

/** Everything a handler (or a scheduler job) may use. Built fresh for each call. */
export interface Ctx {
  readonly db: Db;
  readonly ports: CorePorts;
  /** The channel being served, or `scheduler` for due work done by Recur itself. */
  readonly channel: string;
  readonly caller: Caller | null;
  /** The session token the call came with (auth.logout needs it). */
  readonly token: string | null;
  now(): Date;
  nowIso(): string;
  /** The caller, or UNAUTHENTICATED (dispatch already guarantees one for non-public channels). */
  me(): Caller;
  /**
   * Runs `fn` as one synchronous transaction (DESIGN §3). Events queued with `changed` inside it are
   * dropped if it rolls back.
   */
  write<T>(fn: (tx: Tx) => T): T;
  /** Queues a `changed` event, emitted once the call has finished. */
  changed(domain: string, ids: number[]): void;
  /** Reports progress of long work at once (between transactions, never inside one). */
  progress(job: string, done: number, total: number): void;
}

export function requireCaller(caller: Caller | null): Caller {
  if (!caller) throw new AppError('UNAUTHENTICATED', 'Please sign in first.');
  return caller;
}

export function createCtx(options: {
  ports: CorePorts;
  channel: string;
  caller: Caller | null;
  token: string | null;
  pending: CoreEvent[];
  /** Immediate delivery, for progress; absent where nobody listens (previews). */
  emit?: (event: CoreEvent) => void;
}): Ctx {
  const { ports, channel, caller, token, pending, emit } = options;
  const db = ports.database.db;
  return {
    db,
    ports,
    channel,
    caller,
    token,
    now: () => ports.clock.now(),
    nowIso: () => ports.clock.now().toISOString(),
    me: () => requireCaller(caller),
    write(fn) {
      const before = pending.length;
      try {
        return db.transaction((tx) => fn(tx));
      } catch (e) {
        // Events queued by a rolled-back write describe nothing that happened.
        pending.splice(before);
        throw e;
      }
    },
    changed(domain, ids) {
      pending.push({ type: 'changed', domain, ids });
    },
    progress(job, done, total) {
      emit?.({ type: 'progress', job, done, total });
    },
  };
}
