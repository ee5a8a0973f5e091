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
import { messageChannels } from './messages';
import { dunningChannels } from './dunning';
import { documentChannels } from './documents';
import { reportChannels } from './reports';
import { backupChannels } from './backups';
import { saleChannels } from './sales';
import { countChannels } from './counts';

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
  messageChannels,
  dunningChannels,
  documentChannels,
  backupChannels,
  saleChannels,
  countChannels,
  reportChannels,
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
export type { EmailSettings } from './notifications';
export type * from './messages';
export type {
  CardSetup,
  ChargeOutcome,
  GatewayIssue,
  GatewaySettings,
  PaymentMethod,
  Refund,
} from './payments';
export { IMPORT_FIELDS, type ImportField, type MemberExport } from './members';
export type { DocumentExport, DocumentSettings, ExportChunk, PdfFile } from './documents';
export type { BackupContents, BackupItem, BackupList, BackupReason, ExportEverything } from './backups';
export type {
  BulkOutcome,
  Debtor,
  DunningPolicy,
  DunningStage,
  MemberAccess,
  SchedulerRun,
  SchedulerStatus,
} from './dunning';
export type { Sale, SalePayResult } from './sales';
export type { InvoiceCounts, MembershipCounts, PaymentCounts, SubscriptionCounts } from './counts';
