import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { billingKeys, type PreviewInput } from './keys';

/**
 * The exact outcome of a subscription action, asked of the core as the dialog's inputs change (debounced
 * so typing a number of days does not run the action per keystroke). `null` input: nothing to preview.
 */
export function usePreview(input: PreviewInput | null) {
  const [debounced] = useDebouncedValue(input, 250);
  // Until the debounce catches up, show the previous preview dimmed rather than a wrong one as final.
  const settling = JSON.stringify(debounced) !== JSON.stringify(input);
  const query = useQuery({
    queryKey: billingKeys.preview(debounced ?? { action: 'resume', id: 0 }),
    queryFn: () => api.call('subscriptions.preview', debounced!),
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    staleTime: 0,
    gcTime: 30_000,
    retry: false,
  });
  const current = input !== null && !settling && !query.isPlaceholderData;
  return {
    preview: input === null ? undefined : query.data,
    error: current ? query.error : null,
    loading: input !== null && (settling || query.isFetching),
    /** The preview shown is the one for exactly these inputs, and it succeeded: safe to confirm. */
    ready: current && query.isSuccess && !query.isFetching,
  };
}
