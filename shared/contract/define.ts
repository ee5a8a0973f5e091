import type { z } from 'zod';
import type { Access } from '../permissions';

/**
 * One channel of the contract: its input schema, who may call it and (by type only) what it returns.
 * `testOnly` channels exist only when the core runs on the movable test clock (DESIGN §3).
 */
export interface Channel<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly access: Access;
  readonly testOnly?: boolean;
  /** Phantom: carries the output type; never set at run time. */
  readonly __output?: O;
}

/** `channel<Output>()(inputSchema, access)` — curried so the input type is inferred and the output named. */
export function channel<O>() {
  return <I extends z.ZodType>(
    input: I,
    access: Access,
    options: { testOnly?: boolean } = {},
  ): Channel<I, O> => ({ input, access, ...options });
}

export type ChannelMap = Record<string, Channel>;

/** Merges per-domain channel maps, failing loudly if two domains claim the same name. */
export function mergeChannels<T extends ChannelMap[]>(...parts: T): UnionToIntersection<T[number]> {
  const merged: ChannelMap = {};
  for (const part of parts) {
    for (const [name, def] of Object.entries(part)) {
      if (name in merged) throw new Error(`Duplicate channel in contract: ${name}`);
      if (!/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/.test(name)) {
        throw new Error(`Channel names are domain.verb: ${name}`);
      }
      merged[name] = def;
    }
  }
  return merged as UnionToIntersection<T[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void
  ? I
  : never;
