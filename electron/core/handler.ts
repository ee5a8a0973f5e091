import type { ChannelName, OutputOf, ParsedInputOf } from '../../shared/contract';
import type { Ctx } from './context';

export type Handler<C extends ChannelName> = (
  ctx: Ctx,
  input: ParsedInputOf<C>,
) => OutputOf<C> | Promise<OutputOf<C>>;

export type Handlers = { [C in ChannelName]: Handler<C> };

/** The handlers of one domain: every channel whose name starts with `<prefix>.`. */
export type DomainHandlers<P extends string> = {
  [C in ChannelName as C extends `${P}.${string}` ? C : never]: Handler<C>;
};
