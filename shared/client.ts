import { AppError, type Envelope } from './errors';
import type { ChannelName, InputOf, OutputOf } from './contract';
import type { CoreEvent } from './events';

/** What a transport gives the renderer: Electron's preload (`window.recur`) or the HTTP client. */
export interface Transport {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  on(listener: (event: CoreEvent) => void): () => void;
}

export interface RecurClient {
  call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
  on(listener: (event: CoreEvent) => void): () => void;
}

/** The typed client derived from the contract: resolves with the value or throws the AppError. */
export function createClient(transport: Transport): RecurClient {
  return {
    async call(channel, input) {
      const envelope = await transport.invoke(channel, input);
      if (envelope.ok) return envelope.value as never;
      throw new AppError(envelope.error.code, envelope.error.message, envelope.error.fields);
    },
    on: (listener) => transport.on(listener),
  };
}
