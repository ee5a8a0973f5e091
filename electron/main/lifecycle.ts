import type { App } from 'electron';
import { focusWindow, type FocusableWindow } from './window';

export type SingleInstanceApp = Pick<App, 'requestSingleInstanceLock' | 'on'>;

/**
 * One Recur per data folder: two processes writing the same SQLite file and running the same
 * renewals would be asking for trouble. Returns false when another instance holds the lock (the
 * caller quits); otherwise a second launch calls `onSecondInstance` in this one.
 */
export function claimSingleInstance(app: SingleInstanceApp, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => onSecondInstance());
  return true;
}

/** Brings the existing window forward; when none is open (macOS keeps running), opens one. */
export function showExistingWindow(
  windows: readonly FocusableWindow[],
  openWindow: () => void,
  canOpen: boolean,
): void {
  const live = windows.find((w) => !w.isDestroyed());
  if (focusWindow(live)) return;
  if (canOpen) openWindow();
}
