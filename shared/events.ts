/** Events the core emits; both transports forward them to the renderer (DESIGN §3). */
export type CoreEvent =
  | { type: 'changed'; domain: string; ids: number[] }
  | { type: 'progress'; job: string; done: number; total: number };
