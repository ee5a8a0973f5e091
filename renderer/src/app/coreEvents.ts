import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

/** Which query-key roots a changed domain makes stale (settings also feed the auth status: name, locale). */
function rootsFor(domain: string): string[] {
  const roots = [domain];
  if (domain === 'settings') roots.push('auth');
  if (domain === 'members') roots.push('dashboard');
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
