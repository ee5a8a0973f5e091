import type { CoreEvent } from '../../shared/events';

export interface EventBus {
  on(listener: (event: CoreEvent) => void): () => void;
  emit(event: CoreEvent): void;
}

/** Fan-out to the transports. A failing listener never breaks the core or the other listeners. */
export function createEventBus(onListenerError: (e: unknown) => void): EventBus {
  const listeners = new Set<(event: CoreEvent) => void>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (e) {
          onListenerError(e);
        }
      }
    },
  };
}
