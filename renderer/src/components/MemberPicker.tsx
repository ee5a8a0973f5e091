import { useState } from 'react';
import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Member } from '../../../shared/contract';
import { api } from '../api';

const label = (m: Pick<Member, 'firstName' | 'lastName' | 'number'>) =>
  `${m.firstName} ${m.lastName} (${m.number})`;

/**
 * Choose a member by typing a name, number, email or phone; the core searches (the list may hold
 * 100k members), the picker shows the first matches.
 */
export function MemberPicker({
  value,
  onChange,
  initialLabel,
  ...props
}: Omit<SelectProps, 'value' | 'onChange' | 'data'> & {
  value: number | null;
  onChange: (id: number | null, member: Member | null) => void;
  /** The chosen member's label when the picker opens with one already chosen. */
  initialLabel?: string;
}) {
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(
    value && initialLabel ? { value: String(value), label: initialLabel } : null,
  );
  // Once a member is chosen the box shows their label; that is not a search.
  const [debounced] = useDebouncedValue(chosen && search === chosen.label ? '' : search.trim(), 150);
  const results = useQuery({
    queryKey: ['members', 'picker', debounced],
    queryFn: () => api.call('members.list', { query: debounced || undefined, status: 'active', limit: 12 }),
    placeholderData: keepPreviousData,
  });
  const items = results.data?.items ?? [];
  const data = items.map((m) => ({ value: String(m.id), label: label(m) }));
  if (chosen && !data.some((d) => d.value === chosen.value)) data.unshift(chosen);

  return (
    <Select
      searchable
      clearable
      placeholder="Type a name, number or email"
      leftSection={results.isFetching ? <Loader size={14} /> : <IconSearch size={16} />}
      data={data}
      value={value ? String(value) : null}
      searchValue={search}
      onSearchChange={setSearch}
      // The core already filtered by what was typed; filtering again would hide matches by email or phone.
      filter={({ options }) => options}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'No member matches'}
      onChange={(v) => {
        const member = items.find((m) => String(m.id) === v) ?? null;
        setChosen(member ? { value: String(member.id), label: label(member) } : null);
        onChange(v ? Number(v) : null, member);
      }}
      {...props}
    />
  );
}
