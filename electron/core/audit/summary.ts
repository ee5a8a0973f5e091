/** Turns a stored `{before, after}` into one line a person can read. */
const LABELS: Record<string, string> = {
  firstName: 'first name',
  lastName: 'last name',
  email: 'email',
  phone: 'phone',
  dateOfBirth: 'date of birth',
  taxId: 'tax ID',
  tags: 'tags',
  status: 'status',
  role: 'role',
  name: 'name',
};

const isBlank = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && Object.values(v as object).every(isBlank));

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
  if (typeof v === 'object')
    return (
      Object.values(v as object)
        .filter(Boolean)
        .join(', ') || '—'
    );
  return String(v);
};

export function summarize(changesJson: string): string {
  let parsed: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  try {
    parsed = JSON.parse(changesJson) as typeof parsed;
  } catch {
    return '';
  }
  const { before, after } = parsed;
  if (before && after) {
    return Object.keys(after)
      .map((k) => `${LABELS[k] ?? k}: ${show(before[k])} → ${show(after[k])}`)
      .join('; ');
  }
  const only = after ?? before;
  if (!only) return '';
  return Object.entries(only)
    .filter(([, v]) => !isBlank(v))
    .map(([k, v]) => `${LABELS[k] ?? k}: ${show(v)}`)
    .join('; ');
}
