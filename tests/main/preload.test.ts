import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    exposed: {} as Record<string, unknown>,
    listeners,
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, api: unknown) => {
        electron.exposed[key] = api;
      }),
    },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'pong' })),
      on: vi.fn((channel: string, fn: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(fn);
      }),
      removeListener: vi.fn((channel: string, fn: (...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(fn);
      }),
    },
  };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

type Bridge = {
  invoke(channel: unknown, input: unknown): Promise<unknown>;
  on(listener: unknown): () => void;
};

describe('preload', () => {
  let recur: Bridge;
  beforeEach(async () => {
    vi.resetModules();
    electron.listeners.clear();
    electron.ipcRenderer.invoke.mockClear();
    await import('../../electron/preload/index');
    recur = electron.exposed.recur as Bridge;
  });

  it('exposes exactly invoke and on as window.recur', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledWith('recur', expect.anything());
    expect(Object.keys(recur).sort()).toEqual(['invoke', 'on']);
    expect(Object.keys(electron.exposed)).toEqual(['recur']);
  });

  it('forwards invoke over the one IPC channel', async () => {
    await expect(recur.invoke('members.list', { q: 'a' })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('recur:invoke', 'members.list', { q: 'a' });
  });

  it('rejects a channel that is not a string, without calling main', async () => {
    for (const bad of [42, null, { toString: () => 'x' }, '']) {
      await expect(recur.invoke(bad, {})).rejects.toThrow(TypeError);
    }
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('delivers core events without the IPC event object, and unsubscribes', () => {
    const listener = vi.fn();
    const off = recur.on(listener);
    const ipcEvent = { sender: { send: () => {} } };
    for (const fn of electron.listeners.get('recur:event') ?? [])
      fn(ipcEvent, { type: 'changed', domain: 'members', ids: [1] });
    expect(listener).toHaveBeenCalledWith({ type: 'changed', domain: 'members', ids: [1] });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(electron.listeners.get('recur:event')?.size).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => recur.on('nope')).toThrow(TypeError);
  });
});
