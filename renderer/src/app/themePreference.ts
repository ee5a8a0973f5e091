import { useCallback, useEffect } from 'react';
import { useMantineColorScheme } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Preferences } from '../../../shared/contract';
import { api } from '../api';

const key = ['preferences'] as const;

/**
 * The theme is a preference of this computer kept by the core (so Electron and a reinstall remember it);
 * Mantine's color scheme follows it.
 */
export function useThemePreference() {
  const { setColorScheme } = useMantineColorScheme();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: key,
    queryFn: () => api.call('preferences.get', {}),
    staleTime: Infinity,
    retry: false,
  });
  const theme = query.data?.theme;

  useEffect(() => {
    if (theme) setColorScheme(theme);
  }, [theme, setColorScheme]);

  const setTheme = useCallback(
    async (next: Preferences['theme']) => {
      setColorScheme(next); // answer the click at once; the core only remembers it
      const saved = await api.call('preferences.set', { theme: next });
      queryClient.setQueryData(key, saved);
    },
    [queryClient, setColorScheme],
  );

  return { theme: theme ?? 'light', setTheme };
}
