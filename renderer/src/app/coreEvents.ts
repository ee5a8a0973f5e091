import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

/** Everything a subscription, invoice, payment or member change can move: lists, balances, the dashboard. */
const MONEY_ROOTS = ['subscriptions', 'invoices', 'payments', 'creditNotes', 'billing', 'usage', 'dashboard'];

/** Which query-key roots a changed domain makes stale (settings also feed the auth status: name, locale). */
function rootsFor(domain: string): string[] {
  const roots = [domain];
  if (domain === 'settings') roots.push('auth');
  if (domain === 'members') roots.push('dashboard');
  // A member's balance, a subscription's invoices and an invoice's payments are read from each other.
  if (['subscriptions', 'invoices', 'payments', 'members'].includes(domain)) roots.push(...MONEY_ROOTS);
  // Plans show their live subscriptions, subscriptions their plan's name; plans show their tax.
  if (domain === 'plans') roots.push('subscriptions');
  // Members show their membership, which their subscriptions decide (db triggers): list badges, tab counts.
  if (domain === 'subscriptions') roots.push('plans', 'members');
  if (domain === 'taxRates') roots.push('plans');
  return roots;
}

/**
 * The core tells every window what changed (DESIGN §3); we drop the matching cached queries so a
 * second window, or the server's scheduler, never leaves a stale screen.
 */
export function useCoreEvents() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      api.on((event) => {
        if (event.type === 'changed') {
          const roots = rootsFor(event.domain);
          void queryClient.invalidateQueries({
            predicate: (q) => typeof q.queryKey[0] === 'string' && roots.includes(q.queryKey[0]),
          });
        }
      }),
    [queryClient],
  );
}
