import { useState } from 'react';
import { Badge, Group, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import { IconSearch, IconShoppingCartPlus, IconUser } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { openSaleWizard } from '../pages/sales/saleStore';
import { AccessBadge } from '../pages/debtors/AccessBadge';

/** Typing part of "sell membership" (or nothing yet) offers the sale among the results. */
const offersSale = (q: string) => !q || 'sell membership'.startsWith(q.toLowerCase());

/** Ctrl/⌘+K: find a member by name, number, email or phone from anywhere. */
export function GlobalSearch() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 150);
  const results = useQuery({
    queryKey: ['members', 'spotlight', debounced],
    queryFn: () => api.call('members.list', { query: debounced, status: 'all', limit: 8 }),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
  });
  const items = debounced ? (results.data?.items ?? []) : [];

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      // Ctrl+K means "find a member" even while typing in a field: it does nothing else there.
      tagsToIgnore={[]}
      scrollable
      maxHeight={420}
    >
      <Spotlight.Search
        placeholder="Search members by name, number, email or phone…"
        leftSection={results.isFetching ? <Loader size={16} /> : <IconSearch size={18} stroke={1.6} />}
        aria-label="Search members"
      />
      <Spotlight.ActionsList>
        {offersSale(query.trim()) && (
          <Spotlight.Action
            onClick={() => openSaleWizard()}
            leftSection={<IconShoppingCartPlus size={20} stroke={1.5} />}
          >
            <div>
              <Text fw={500}>Sell membership</Text>
              <Text fz="xs" c="dimmed">
                Plan, price, payment and receipt in one flow
              </Text>
            </div>
          </Spotlight.Action>
        )}
        {items.map((m) => (
          <Spotlight.Action
            key={m.id}
            onClick={() => void navigate(`/members/${m.id}`)}
            leftSection={<IconUser size={20} stroke={1.5} />}
          >
            <Group justify="space-between" w="100%" wrap="nowrap">
              <div style={{ minWidth: 0 }}>
                <Text fw={500} truncate="end">
                  {m.firstName} {m.lastName}
                </Text>
                <Text fz="xs" c="dimmed" truncate="end">
                  {m.number}
                  {m.email ? ` · ${m.email}` : ''}
                  {m.phone ? ` · ${m.phone}` : ''}
                </Text>
              </div>
              <AccessBadge access={m.access} />
              {m.status === 'archived' && (
                <Badge color="gray" variant="light" size="sm">
                  Archived
                </Badge>
              )}
            </Group>
          </Spotlight.Action>
        ))}
        {debounced.length === 0 && (
          <Spotlight.Empty>Type a name, member number, email or phone.</Spotlight.Empty>
        )}
        {debounced.length > 0 && !results.isFetching && items.length === 0 && (
          <Spotlight.Empty>No members match “{debounced}”.</Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
