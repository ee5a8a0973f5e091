import type { Role } from '../permissions';
import type { MemberAccess } from './dunning';

/** Output shapes of the contract. Dates are ISO strings; money is integer minor units. */

export interface Page<T> {
  items: T[];
  /** -1 when the caller asked not to count (`withTotal: false`). */
  total: number;
  /** A search matched so many that `total` is a lower bound and `items` is any page of them. */
  capped?: boolean;
}

export interface Operator {
  id: number;
  name: string;
  email: string;
  role: Role;
  status: 'active' | 'deactivated';
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Address {
  line1?: string | undefined;
  line2?: string | undefined;
  city?: string | undefined;
  region?: string | undefined;
  postalCode?: string | undefined;
  country?: string | undefined;
}

export interface BusinessSettings {
  name: string;
  address: Address;
  taxId: string | null;
  logoDataUrl: string | null;
  currency: string;
  timeZone: string;
  locale: string;
  email: string | null;
  phone: string | null;
  /** Minutes without activity after which the session ends and the window locks. */
  lockAfterMinutes: number;
  memberNumberPrefix: string;
  /** Invoice numbers are `<prefix><00001>`, gapless, given at finalization. */
  invoicePrefix: string;
  creditNotePrefix: string;
  /** Days from issue to due date for invoices paid at the desk. */
  invoiceDueDays: number;
  /** The desk may sell a membership as "invoice, pay later" (active at once, invoice open). */
  deskPayLater: boolean;
}

export interface AuthResult {
  token: string;
  operator: Operator;
}

export interface AuthStatus {
  setupNeeded: boolean;
  operator: Operator | null;
  business: Pick<BusinessSettings, 'name' | 'currency' | 'locale' | 'timeZone'> | null;
  testClock: boolean;
}

export interface Member {
  id: number;
  number: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  dateOfBirth: string | null;
  address: Address;
  /** VAT or tax number, printed on their invoices; null when none. */
  taxId: string | null;
  tags: string[];
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  /** Membership at a glance; `planName` is filled by members.list and members.get, else null. */
  membership: Membership;
  /** Payment standing: past due within the plan's grace days, or blocked after it (issue 8). */
  access: MemberAccess;
}

export type MembershipStatus = 'active' | 'trial' | 'past_due' | 'paused' | 'expired' | 'none';

export interface Membership {
  status: MembershipStatus;
  /** The subscription the status describes, and its plan. */
  subscriptionId: number | null;
  planName: string | null;
}

export interface MemberNote {
  id: number;
  memberId: number;
  body: string;
  authorName: string;
  createdAt: string;
}

export interface ImportRowError {
  /** 1-based data row number as a spreadsheet shows it (header is row 1, first data row is row 2). */
  row: number;
  field: string;
  message: string;
}

export interface ImportPreview {
  columns: string[];
  mapping: Record<string, string | null>;
  totalRows: number;
  validRows: number;
  errors: ImportRowError[];
  sample: Array<Record<string, string>>;
}

export interface AuditEntry {
  id: number;
  at: string;
  operatorName: string | null;
  channel: string;
  entity: string;
  entityId: number | null;
  action: string;
  summary: string;
}

export interface SystemInfo {
  version: string;
  dataFolder: string | null;
  databaseFile: string | null;
  databaseBytes: number | null;
  testClock: boolean;
}

export interface Preferences {
  theme: 'light' | 'dark' | 'auto';
}

export interface ClockState {
  now: string;
  today: string;
}
