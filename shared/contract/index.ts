import type { z } from 'zod';
import { mergeChannels, type Channel } from './define';
import { authChannels } from './auth';
import { operatorChannels } from './operators';
import { settingsChannels } from './settings';
import { memberChannels } from './members';
import { auditChannels, clockChannels } from './audit';
import { billingSetupChannels } from './billing';
import { subscriptionChannels } from './subscriptions';
import { invoiceChannels } from './invoices';
import { paymentChannels } from './payments';
import { notificationChannels } from './notifications';

/** Every channel of Recur. No channel exists outside this map (DESIGN §1). */
export const contract = mergeChannels(
  authChannels,
  operatorChannels,
  settingsChannels,
  memberChannels,
  auditChannels,
  clockChannels,
  billingSetupChannels,
  subscriptionChannels,
  invoiceChannels,
  paymentChannels,
  notificationChannels,
);

export type Contract = typeof contract;
export type ChannelName = keyof Contract & string;
/** What a caller sends (defaults still optional). */
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
/** What a handler receives after parsing. */
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> = Contract[C] extends Channel<z.ZodType, infer O> ? O : never;

export const channelNames = Object.keys(contract) as ChannelName[];
export const isChannelName = (name: string): name is ChannelName =>
  Object.prototype.hasOwnProperty.call(contract, name);

export * from './types';
export * from './billing-types';
export type { EmailSettings, OutboxItem } from './notifications';
export type {
  CardSetup,
  ChargeOutcome,
  GatewayIssue,
  GatewaySettings,
  PaymentMethod,
  Refund,
} from './payments';
export { IMPORT_FIELDS, type ImportField } from './members';
