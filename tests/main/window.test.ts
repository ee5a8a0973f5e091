import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  claimSingleInstance,
  showExistingWindow,
  type SingleInstanceApp,
} from '../../electron/main/lifecycle';
import {
  DEFAULT_SIZE,
  MIN_SIZE,
  captureWindowState,
  focusWindow,
  mainWindowOptions,
  restoreBounds,
  secureWebPreferences,
} from '../../electron/main/window';

vi.mock('electron', () => ({}));

const laptop = { x: 0, y: 0, width: 1920, height: 1040 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('restoreBounds', () => {
  it('restores bounds that are on a connected display', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 800 };
    expect(restoreBounds(saved, [laptop])).toEqual(saved);
  });

  it('falls back to the default size when the display is gone', () => {
    const onUnpluggedMonitor = { x: 2200, y: 100, width: 1400, height: 900 };
    expect(restoreBounds(onUnpluggedMonitor, [laptop])).toEqual(DEFAULT_SIZE);
  });

  it('moves a window hanging off the edge fully onto the display', () => {
    const r = restoreBounds({ x: 1700, y: 900, width: 1200, height: 800 }, [laptop]);
    expect(r).toEqual({ x: 720, y: 240, width: 1200, height: 800 });
  });

  it('shrinks a window larger than the display it is on', () => {
    const r = restoreBounds({ x: -50, y: -20, width: 4000, height: 3000 }, [laptop]);
    expect(r).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('chooses the display holding most of the window', () => {
    const r = restoreBounds({ x: 1800, y: 100, width: 1600, height: 900 }, [laptop, rightMonitor]);
    expect(r).toEqual({ x: 1920, y: 100, width: 1600, height: 900 });
  });

  it('never restores below the minimum size', () => {
    const r = restoreBounds({ x: 10, y: 10, width: 200, height: 100 }, [laptop]);
    expect(r).toMatchObject({ width: MIN_SIZE.width, height: MIN_SIZE.height });
  });

  it('ignores garbage', () => {
    for (const saved of [null, undefined, 'x', { x: 1 }, { x: NaN, y: 0, width: 10, height: 10 }]) {
      expect(restoreBounds(saved, [laptop])).toEqual(DEFAULT_SIZE);
    }
  });
});

describe('window options', () => {
  it('locks down the web preferences (DESIGN §8)', () => {
    const prefs = secureWebPreferences({ preload: '/app/out/preload/index.cjs', devTools: false });
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('spell-checks only where no dictionary is downloaded (macOS)', () => {
    const on = (platform: NodeJS.Platform) =>
      secureWebPreferences({ preload: 'p', devTools: false, platform }).spellcheck;
    expect(on('darwin')).toBe(true);
    expect(on('linux')).toBe(false);
    expect(on('win32')).toBe(false);
  });

  it('opens hidden (shown when ready) at the restored bounds', () => {
    const options = mainWindowOptions({
      preload: 'p.cjs',
      devTools: true,
      state: { bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: false },
      workAreas: [laptop],
      backgroundColor: '#fff',
    });
    expect(options).toMatchObject({ x: 5, y: 6, width: 1000, height: 700, show: false });
    expect(options.webPreferences?.sandbox).toBe(true);
  });

  it('remembers the normal bounds and whether the window was maximized', () => {
    const win = {
      getNormalBounds: () => ({ x: 1, y: 2, width: 3, height: 4 }),
      isMaximized: () => true,
      isFullScreen: () => false,
    };
    expect(captureWindowState(win)).toEqual({ bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: true });
  });
});

function fakeWindow(state: { minimized?: boolean; visible?: boolean; destroyed?: boolean } = {}) {
  const s = { minimized: false, visible: true, destroyed: false, ...state };
  return {
    isDestroyed: () => s.destroyed,
    isMinimized: () => s.minimized,
    isVisible: () => s.visible,
    restore: vi.fn(() => void (s.minimized = false)),
    show: vi.fn(() => void (s.visible = true)),
    focus: vi.fn(),
  };
}

describe('single instance', () => {
  function fakeApp(gotLock: boolean) {
    const emitter = new EventEmitter();
    return Object.assign(emitter, { requestSingleInstanceLock: vi.fn(() => gotLock) });
  }

  it('focuses the existing window when Recur is launched again', () => {
    const app = fakeApp(true);
    const win = fakeWindow({ minimized: true, visible: false });
    const openWindow = vi.fn();
    const claimed = claimSingleInstance(app as unknown as SingleInstanceApp, () =>
      showExistingWindow([win], openWindow, true),
    );
    expect(claimed).toBe(true);

    app.emit('second-instance', {}, ['recur'], '/home/owner');
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(openWindow).not.toHaveBeenCalled();
  });

  it('tells the second process to quit (no listener, nothing else)', () => {
    const app = fakeApp(false);
    const onSecond = vi.fn();
    expect(claimSingleInstance(app as unknown as SingleInstanceApp, onSecond)).toBe(false);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('opens a window if none is open (macOS keeps running without one)', () => {
    const openWindow = vi.fn();
    showExistingWindow([fakeWindow({ destroyed: true })], openWindow, true);
    expect(openWindow).toHaveBeenCalledOnce();
    showExistingWindow([], openWindow, false);
    expect(openWindow).toHaveBeenCalledOnce();
  });

  it('focusWindow leaves a visible window as it is apart from focusing', () => {
    const win = fakeWindow();
    expect(focusWindow(win)).toBe(true);
    expect(win.restore).not.toHaveBeenCalled();
    expect(win.show).not.toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(focusWindow(null)).toBe(false);
  });
});
