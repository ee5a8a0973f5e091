import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { InputOf } from '../../../../shared/contract';
import { api } from '../../api';

export type SalePreviewInput = InputOf<'sales.preview'>;

/**
 * The exact lines and totals of the sale, asked of the core (which runs the sale and rolls it back)
 * as the inputs change, debounced. `null`: nothing to preview yet.
 */
export function useSalePreview(input: SalePreviewInput | null) {
  const [debounced] = useDebouncedValue(input, 250);
  const settling = JSON.stringify(debounced) !== JSON.stringify(input);
  const query = useQuery({
    queryKey: ['sales', 'preview', debounced],
    queryFn: () => api.call('sales.preview', debounced!),
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
    /** The preview shown is for exactly these inputs, and it succeeded: safe to continue. */
    ready: current && query.isSuccess && !query.isFetching,
  };
}
