import type { BrowserWindowConstructorOptions, Rectangle, WebPreferences } from 'electron';

/**
 * The web preferences of every Recur window (DESIGN §8; checklist items 2–4, 6, 8–11 in security.ts).
 * Defaults are spelled out so that a future Electron default change cannot weaken them silently.
 */
export function secureWebPreferences(options: {
  preload: string;
  devTools: boolean;
  platform?: NodeJS.Platform;
}): WebPreferences {
  return {
    preload: options.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // On Windows and Linux Chromium downloads spell-check dictionaries from Google's CDN: an offline,
    // private app makes no such request. macOS uses the system's own spell checker.
    spellcheck: (options.platform ?? process.platform) === 'darwin',
    devTools: options.devTools,
  };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 960, height: 600 } as const;

const isFiniteRect = (r: unknown): r is Rect => {
  if (!r || typeof r !== 'object') return false;
  const { x, y, width, height } = r as Record<string, unknown>;
  return [x, y, width, height].every((n) => typeof n === 'number' && Number.isFinite(n));
};

const overlapArea = (a: Rect, b: Rect): number => {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
};

const clamp = (n: number, lo: number, hi: number) => Math.min(Math.max(n, lo), Math.max(lo, hi));

/**
 * Where to open the window: the saved bounds if they are on a display that is still connected, moved
 * and shrunk to fit entirely in that display's work area; otherwise the default size, which Electron
 * centres on the primary display.
 */
export function restoreBounds(
  saved: unknown,
  workAreas: readonly Rect[],
): { x?: number; y?: number; width: number; height: number } {
  const fallback = { width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  if (!isFiniteRect(saved) || saved.width <= 0 || saved.height <= 0) return fallback;

  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const a = overlapArea(saved, area);
    if (a > bestArea) {
      best = area;
      bestArea = a;
    }
  }
  if (!best) return fallback;

  const width = Math.round(Math.min(Math.max(saved.width, MIN_SIZE.width), best.width));
  const height = Math.round(Math.min(Math.max(saved.height, MIN_SIZE.height), best.height));
  const x = Math.round(clamp(saved.x, best.x, best.x + best.width - width));
  const y = Math.round(clamp(saved.y, best.y, best.y + best.height - height));
  return { x, y, width, height };
}

/** The BrowserWindow options of the main window. */
export function mainWindowOptions(options: {
  preload: string;
  devTools: boolean;
  state: WindowState | null;
  workAreas: readonly Rect[];
  backgroundColor: string;
  icon?: string;
}): BrowserWindowConstructorOptions {
  return {
    ...restoreBounds(options.state?.bounds, options.workAreas),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Recur',
    backgroundColor: options.backgroundColor,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences({ preload: options.preload, devTools: options.devTools }),
  };
}

/** What a second launch does to the window that is already open. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  isVisible(): boolean;
  show(): void;
  focus(): void;
}

export function focusWindow(win: FocusableWindow | null | undefined): boolean {
  if (!win || win.isDestroyed()) return false;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
  return true;
}

/** The state to remember when a window closes. */
export function captureWindowState(win: {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isFullScreen(): boolean;
}): WindowState {
  return { bounds: win.getNormalBounds(), maximized: win.isMaximized() || win.isFullScreen() };
}
