import type { InputOf } from '../../../../shared/contract';

export type MemberFilter = Pick<InputOf<'members.list'>, 'query' | 'status' | 'tag' | 'membership'>;

/** Every member query starts with 'members' so a core `changed {domain: 'members'}` refreshes them all. */
export const memberKeys = {
  all: ['members'] as const,
  page: (filter: MemberFilter, page: number) => ['members', 'list', filter, page] as const,
  count: (status: 'active' | 'archived') => ['members', 'count', status] as const,
  counts: (filter: Omit<MemberFilter, 'membership'>) => ['members', 'counts', filter] as const,
  recent: ['members', 'recent'] as const,
  detail: (id: number) => ['members', 'detail', id] as const,
  tags: ['members', 'tags'] as const,
  notes: (id: number) => ['members', 'notes', id] as const,
  activity: (id: number) => ['members', 'activity', id] as const,
};

export const PAGE_SIZE = 100;

export function fullName(m: { firstName: string; lastName: string }): string {
  return `${m.firstName} ${m.lastName}`.trim();
}
