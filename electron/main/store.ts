import { ipcMain } from 'electron';
import Store from 'electron-store';
import type { Logger } from '../core/ports';
import { memoryStore, type KeyValueStore } from './kv';

/** electron-store answers this IPC channel for renderer-side stores; Recur has none (see below). */
const ELECTRON_STORE_IPC_CHANNEL = 'electron-store-get-data';

/**
 * Opens `<userData>/<name>.json` with electron-store. Keys are flat (no dot paths). A corrupt file is
 * reported and replaced rather than stopping the app; if the file cannot be opened at all, an in-memory
 * store keeps the app usable for this run.
 */
export function openStore(name: 'preferences' | 'secrets', logger: Logger): KeyValueStore {
  try {
    const store = new Store<Record<string, unknown>>({
      name,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: true,
      watch: false,
      // Only this user may read the files (the secrets are encrypted anyway).
      configFileMode: 0o600,
    });
    return {
      get: (key) => store.get(key),
      set: (key, value) => store.set(key, value),
      delete: (key) => store.delete(key),
    };
  } catch (e) {
    logger.error(`could not open the ${name} file; using defaults for this run`, { error: e });
    return memoryStore();
  } finally {
    // electron-store registers an ipcMain listener (sync, unchecked sender) so that stores can be created
    // in renderers. Recur's renderers never create one; remove it to keep the IPC surface to recur:invoke.
    ipcMain.removeAllListeners(ELECTRON_STORE_IPC_CHANNEL);
  }
}
