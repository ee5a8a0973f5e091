// Placeholder replaced as the core is written: createCore(ports) → { dispatch, events, scheduler, close }.
import type { Envelope } from '../../shared/errors';
import type { CoreEvent } from '../../shared/events';
import type { CorePorts } from './ports';

/** Who is calling: the token the transport holds for this window or HTTP request. */
export interface SessionRef {
  token: string | null;
}

export interface Core {
  dispatch(session: SessionRef, channel: string, input: unknown): Promise<Envelope<unknown>>;
  events: { on(listener: (event: CoreEvent) => void): () => void };
  scheduler: { runDue(): Promise<void>; start(): void; stop(): void };
  close(): void;
}

export declare function createCore(ports: CorePorts): Core;
