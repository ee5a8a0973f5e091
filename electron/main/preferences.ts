import type { Preferences } from '../../shared/contract';
import type { PreferenceStore } from '../core/ports';
import type { KeyValueStore } from './kv';
import type { WindowState } from './window';

const THEMES = ['light', 'dark', 'auto'] as const;
type Theme = Preferences['theme'];
const isTheme = (v: unknown): v is Theme =>
  typeof v === 'string' && (THEMES as readonly string[]).includes(v);

export const DEFAULT_PREFERENCES: Preferences = { theme: 'auto' };

/** `nativeTheme.themeSource` speaks 'system' where Recur says 'auto'. */
export const themeSourceOf = (theme: Theme): 'system' | 'light' | 'dark' =>
  theme === 'auto' ? 'system' : theme;

export interface ThemeTarget {
  themeSource: 'system' | 'light' | 'dark';
}

/**
 * The core's `PreferenceStore` port for the app: electron-store on disk, and every change applied to
 * `nativeTheme` at once (native menus, dialogs, scrollbars and `prefers-color-scheme` follow it).
 */
export function createPreferenceStore(
  kv: KeyValueStore,
  nativeTheme: ThemeTarget,
): PreferenceStore & {
  applyTheme(): void;
} {
  const read = (): Preferences => {
    const theme = kv.get('theme');
    return { theme: isTheme(theme) ? theme : DEFAULT_PREFERENCES.theme };
  };
  return {
    get: read,
    set(preferences) {
      if (!isTheme(preferences?.theme)) throw new TypeError(`Unknown theme: ${String(preferences?.theme)}`);
      kv.set('theme', preferences.theme);
      nativeTheme.themeSource = themeSourceOf(preferences.theme);
    },
    applyTheme() {
      nativeTheme.themeSource = themeSourceOf(read().theme);
    },
  };
}

/** Window bounds, remembered between runs. */
export interface WindowStateStore {
  load(): WindowState | null;
  save(state: WindowState): void;
}

export function createWindowStateStore(kv: KeyValueStore): WindowStateStore {
  return {
    load() {
      const raw = kv.get('window') as Partial<WindowState> | undefined;
      if (!raw || typeof raw !== 'object' || !raw.bounds) return null;
      return { bounds: raw.bounds, maximized: raw.maximized === true };
    },
    save(state) {
      kv.set('window', {
        bounds: {
          x: Math.round(state.bounds.x),
          y: Math.round(state.bounds.y),
          width: Math.round(state.bounds.width),
          height: Math.round(state.bounds.height),
        },
        maximized: state.maximized,
      });
    },
  };
}
