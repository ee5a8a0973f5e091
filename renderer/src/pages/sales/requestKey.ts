/** A key for one sale request: the same key twice is the same sale (a double click sells once). */
export function newRequestKey(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return `desk-${random ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`}`;
}
