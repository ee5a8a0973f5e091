import type { Envelope } from '../../shared/errors';
import type { CoreEvent } from '../../shared/events';

/** IPC channel names between preload and main. The renderer never sees them. */
export const IPC_INVOKE = 'recur:invoke';
export const IPC_EVENT = 'recur:event';

/**
 * What the preload exposes as `window.recur` — and nothing else (DESIGN §2). It has the shape of the
 * renderer's `Transport` (shared/client.ts); the renderer owns its own typing of `window.recur`.
 */
export interface RecurBridge {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  on(listener: (event: CoreEvent) => void): () => void;
}
