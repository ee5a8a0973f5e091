import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuthStatus, Operator } from '../../../shared/contract';
import { roleAllows, type Access } from '../../../shared/permissions';
import { api, setUnauthenticatedHandler } from '../api';

/** Which screen the whole window shows; everything but `ready` hides the business's data. */
export type AuthPhase = 'loading' | 'unreachable' | 'setup' | 'login' | 'changePassword' | 'locked' | 'ready';

interface AuthState {
  phase: AuthPhase;
  operator: Operator | null;
  business: AuthStatus['business'];
  testClock: boolean;
  /** Why the window is locked (idle, or the session ended), shown on the lock screen. */
  lockReason: string | null;
  statusError: unknown;
  can: (access: Access) => boolean;
  /** Re-reads auth.status after setup, login or a password change. */
  refresh: () => Promise<void>;
  lock: (reason: string) => void;
  unlocked: () => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export const authStatusKey = ['auth', 'status'] as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: authStatusKey,
    queryFn: () => api.call('auth.status', {}),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: 1,
  });
  // While locked we remember who was signed in: auth.status no longer knows once the session ended.
  const [lockedAs, setLockedAs] = useState<Operator | null>(null);
  const [lockReason, setLockReason] = useState<string | null>(null);

  const operator = status.data?.operator ?? null;

  const lock = useCallback(
    (reason: string) => {
      setLockedAs((current) => current ?? operator);
      setLockReason(reason);
    },
    [operator],
  );

  useEffect(() => {
    setUnauthenticatedHandler((error) => {
      if (operator) lock(error.message);
    });
    return () => setUnauthenticatedHandler(null);
  }, [operator, lock]);

  const refresh = useCallback(async () => {
    await queryClient.refetchQueries({ queryKey: authStatusKey, exact: true });
  }, [queryClient]);

  const unlocked = useCallback(async () => {
    await refresh();
    setLockedAs(null);
    setLockReason(null);
  }, [refresh]);

  const logout = useCallback(async () => {
    try {
      await api.call('auth.logout', {});
    } catch {
      // Already signed out on the core (expired session): the screen still has to forget it.
    }
    setLockedAs(null);
    setLockReason(null);
    // Nothing of the previous operator's data may survive for the next one.
    queryClient.removeQueries({
      predicate: (q) => q.queryKey[0] !== 'auth' && q.queryKey[0] !== 'preferences',
    });
    await refresh();
  }, [queryClient, refresh]);

  const value = useMemo<AuthState>(() => {
    let phase: AuthPhase;
    const shown = lockedAs ?? operator;
    if (lockedAs) phase = 'locked';
    else if (status.isPending) phase = 'loading';
    else if (status.isError && !status.data) phase = 'unreachable';
    else if (status.data?.setupNeeded) phase = 'setup';
    else if (!operator) phase = 'login';
    else if (operator.mustChangePassword) phase = 'changePassword';
    else phase = 'ready';
    return {
      phase,
      operator: shown,
      business: status.data?.business ?? null,
      testClock: status.data?.testClock ?? false,
      lockReason,
      statusError: status.error,
      can: (access) => (shown ? roleAllows(shown.role, access) : false),
      refresh,
      lock,
      unlocked,
      logout,
    };
  }, [
    lockedAs,
    operator,
    status.isPending,
    status.isError,
    status.data,
    status.error,
    lockReason,
    refresh,
    lock,
    unlocked,
    logout,
  ]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
