import { useSyncExternalStore } from 'react';
import type { Sale } from '../../../../shared/contract';

/** Who the sale is for when it is started from a member's page (otherwise the wizard asks). */
export interface SaleMember {
  id: number;
  firstName: string;
  lastName: string;
}

interface SaleWizardState {
  opened: boolean;
  member: SaleMember | null;
  /** An unpaid sale reopened at its payment step ("Take payment"); null for a new sale. */
  resume: Sale | null;
  /** A new wizard each opening: its request key, steps and answers start afresh. */
  session: number;
}

let state: SaleWizardState = { opened: false, member: null, resume: null, session: 0 };
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/**
 * The "Sell membership" wizard is one dialog for the whole app, opened from the header, Ctrl+K and a
 * member's page; this tiny store is how those places reach it without threading props through.
 */
export function openSaleWizard(member?: SaleMember): void {
  state = { opened: true, member: member ?? null, resume: null, session: state.session + 1 };
  emit();
}

/** Reopens an unpaid sale at its payment step, after the wizard that made it was closed. */
export function resumeSale(sale: Sale): void {
  state = { opened: true, member: null, resume: sale, session: state.session + 1 };
  emit();
}

export function closeSaleWizard(): void {
  state = { ...state, opened: false };
  emit();
}

export function useSaleWizard(): SaleWizardState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
