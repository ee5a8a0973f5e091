import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../electron/server/http';
import { buildCore, setupOwner, signInAs, type TestCore } from '../support/core';

/** Finding 5.8: open /api/events streams end with their session. */

let t: TestCore;
let server: Server;
let base: string;

async function start() {
  t = buildCore();
  server = createHttpTransport(t.core, { staticDir: null });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  t.close();
});

const post = (token: string, channel: string, input: unknown) =>
  fetch(`${base}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  }).then((r) => r.json() as Promise<{ ok: boolean }>);

/** Opens a stream and reads it in the background: what arrived, and whether the server ended it. */
async function openStream(token: string) {
  const res = await fetch(`${base}/api/events`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const state = { text: '', ended: false };
  void (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      state.text += decoder.decode(value);
    }
    state.ended = true;
  })();
  await until(() => state.text.includes(': connected'));
  return state;
}

async function until(check: () => boolean, ms = 3000): Promise<boolean> {
  const stop = Date.now() + ms;
  while (Date.now() < stop) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('event streams end with their session', () => {
  it('closes the stream when its operator signs out, and only that one', async () => {
    await start();
    const owner = await setupOwner(t);
    const manager = await signInAs(t, owner, 'manager');
    const managerStream = await openStream(manager);
    const ownerStream = await openStream(owner);
    expect((await post(manager, 'auth.logout', {})).ok).toBe(true);
    expect(await until(() => managerStream.ended)).toBe(true);
    expect(ownerStream.ended).toBe(false);
    // The owner's stream still carries events.
    await post(owner, 'members.create', { firstName: 'Still', lastName: 'Flowing' });
    expect(await until(() => ownerStream.text.includes('"domain":"members"'))).toBe(true);
  });

  it('closes the stream of an operator the owner deactivates, before anything else flows to it', async () => {
    await start();
    const owner = await setupOwner(t);
    const staff = await signInAs(t, owner, 'staff');
    const stream = await openStream(staff);
    const list = (await t.call(owner, 'operators.list', {})).find((o) => o.role === 'staff')!;
    expect((await post(owner, 'operators.deactivate', { id: list.id })).ok).toBe(true);
    expect(await until(() => stream.ended)).toBe(true);
    await post(owner, 'members.create', { firstName: 'Not', lastName: 'Seen' });
    expect(stream.text).not.toContain('"domain":"members"');
  });

  it('sends nothing more once the session is past its 12 hours', async () => {
    await start();
    const owner = await setupOwner(t);
    const stream = await openStream(owner);
    // Kept busy all along by another session's work, the stream's own session still ends at 12 hours.
    t.clock.advance(12 * 3600_000 + 60_000);
    const other = (
      await t.call(null, 'auth.login', { email: 'olga@ironoak.test', password: 'correct horse battery' })
    ).token;
    await post(other, 'members.create', { firstName: 'After', lastName: 'Hours' });
    expect(await until(() => stream.ended)).toBe(true);
    expect(stream.text).not.toContain('"domain":"members"');
  });
});
