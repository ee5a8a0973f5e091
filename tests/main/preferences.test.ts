import { describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../../electron/main/kv';
import { createPreferenceStore, createWindowStateStore } from '../../electron/main/preferences';

vi.mock('electron', () => ({}));

describe('preference store', () => {
  it('defaults to the system theme', () => {
    const theme = { themeSource: 'dark' as const } as { themeSource: 'system' | 'light' | 'dark' };
    const prefs = createPreferenceStore(memoryStore(), theme);
    expect(prefs.get()).toEqual({ theme: 'auto' });
    prefs.applyTheme();
    expect(theme.themeSource).toBe('system');
  });

  it('persists the theme and applies it to nativeTheme at once', () => {
    const kv = memoryStore();
    const theme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
    createPreferenceStore(kv, theme).set({ theme: 'dark' });
    expect(theme.themeSource).toBe('dark');
    expect(createPreferenceStore(kv, { themeSource: 'system' }).get()).toEqual({ theme: 'dark' });
  });

  it('ignores a corrupt stored value and refuses an unknown theme', () => {
    const prefs = createPreferenceStore(memoryStore({ theme: 'purple' }), { themeSource: 'system' });
    expect(prefs.get()).toEqual({ theme: 'auto' });
    expect(() => prefs.set({ theme: 'purple' as never })).toThrow(TypeError);
  });
});

describe('window state store', () => {
  it('round-trips rounded bounds and the maximized flag', () => {
    const store = createWindowStateStore(memoryStore());
    expect(store.load()).toBeNull();
    store.save({ bounds: { x: 1.4, y: 2.6, width: 1000.2, height: 700.7 }, maximized: true });
    expect(store.load()).toEqual({ bounds: { x: 1, y: 3, width: 1000, height: 701 }, maximized: true });
  });
});
