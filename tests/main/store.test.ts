import { beforeEach, describe, expect, it, vi } from 'vitest';

const mocks = vi.hoisted(() => ({
  removeAllListeners: vi.fn(),
  constructed: [] as Array<Record<string, unknown>>,
  fail: false,
}));

vi.mock('electron', () => ({ ipcMain: { removeAllListeners: mocks.removeAllListeners } }));
vi.mock('electron-store', () => ({
  default: class {
    private data = new Map<string, unknown>();
    constructor(options: Record<string, unknown>) {
      if (mocks.fail) throw new SyntaxError('Unexpected token in JSON');
      mocks.constructed.push(options);
    }
    get(key: string) {
      return this.data.get(key);
    }
    set(key: string, value: unknown) {
      this.data.set(key, value);
    }
    delete(key: string) {
      this.data.delete(key);
    }
  },
}));

const { openStore } = await import('../../electron/main/store');
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('openStore', () => {
  beforeEach(() => {
    mocks.removeAllListeners.mockClear();
    mocks.constructed.length = 0;
    mocks.fail = false;
  });

  it('opens a flat, private electron-store file and removes its renderer IPC listener', () => {
    const kv = openStore('secrets', logger);
    kv.set('secret:stripe.key', 'abc');
    expect(kv.get('secret:stripe.key')).toBe('abc');
    expect(mocks.constructed[0]).toMatchObject({
      name: 'secrets',
      accessPropertiesByDotNotation: false,
      configFileMode: 0o600,
    });
    expect(mocks.removeAllListeners).toHaveBeenCalledWith('electron-store-get-data');
  });

  it('keeps the app usable (in memory) when the file cannot be opened', () => {
    mocks.fail = true;
    const kv = openStore('preferences', logger);
    kv.set('theme', 'dark');
    expect(kv.get('theme')).toBe('dark');
    expect(logger.error).toHaveBeenCalled();
    expect(mocks.removeAllListeners).toHaveBeenCalledWith('electron-store-get-data');
  });
});
