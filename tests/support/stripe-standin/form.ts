/**
 * Stripe's v1 wire format: `application/x-www-form-urlencoded` with bracket notation, the way
 * stripe-node (and `qs`) writes it — `metadata[plan]=gold`, `expand[0]=latest_charge`,
 * `created[gte]=1700000000`, `types[]=charge.refunded`. Values stay strings, as on the wire.
 */

export type Param = string | ParamList | ParamMap;
export type ParamList = Param[];
export interface ParamMap {
  [key: string]: Param;
}

/** `a[b][0]` → `['a', 'b', '0']`; `a[]` → `['a', '']`. */
function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first <= 0) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(first))) !== null) parts.push(m[1] ?? '');
  return parts;
}

function isIndex(s: string): boolean {
  return /^\d+$/.test(s);
}

function assign(target: ParamMap, path: string[], value: string): void {
  let node: ParamMap = target;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string;
    const last = i === path.length - 1;
    const key = segment === '' ? String(Object.keys(node).length) : segment;
    if (last) {
      node[key] = value;
      return;
    }
    const existing = node[key];
    if (existing === undefined || typeof existing === 'string') {
      const fresh: ParamMap = {};
      node[key] = fresh;
      node = fresh;
    } else {
      node = existing as ParamMap;
    }
  }
}

/** Objects whose keys are all indexes become arrays (in index order), recursively. */
function listify(value: Param): Param {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(listify);
  const keys = Object.keys(value);
  const out: ParamMap = {};
  for (const k of keys) out[k] = listify(value[k] as Param);
  // Only `0..n-1` become a list, so a hash with numeric keys (`metadata[7]=…`) keeps its keys.
  const sorted = keys.every(isIndex) ? [...keys].sort((a, b) => Number(a) - Number(b)) : [];
  if (keys.length > 0 && sorted.length === keys.length && sorted.every((k, i) => k === String(i))) {
    return sorted.map((k) => out[k] as Param);
  }
  return out;
}

/** Parses a form body or a query string into nested params. */
export function parseForm(text: string): ParamMap {
  const root: ParamMap = {};
  const search = new URLSearchParams(text);
  for (const [key, value] of search) assign(root, splitKey(key), value);
  return listify(root) as ParamMap;
}

/** A canonical text of the params (keys sorted) — what idempotency compares. */
export function canonical(value: Param | undefined): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}
