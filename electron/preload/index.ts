// Sandboxed preload (CommonJS, see electron.vite.config.ts): it may only use what Electron's sandbox offers.
// It exposes `window.recur` with exactly two functions and never hands the renderer `ipcRenderer` or an
// IPC event object (whose `sender` would give the page the whole IPC surface).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CoreEvent } from '../../shared/events';
import { IPC_EVENT, IPC_INVOKE, type RecurBridge } from './api';

const MAX_CHANNEL_LENGTH = 100;

export const bridge: RecurBridge = {
  invoke(channel, input) {
    if (typeof channel !== 'string' || channel.length === 0 || channel.length > MAX_CHANNEL_LENGTH) {
      return Promise.reject(new TypeError('recur.invoke: the channel must be a non-empty string'));
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, input) as ReturnType<RecurBridge['invoke']>;
  },
  on(listener) {
    if (typeof listener !== 'function') throw new TypeError('recur.on: the listener must be a function');
    const forward = (_event: IpcRendererEvent, coreEvent: CoreEvent) => listener(coreEvent);
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward);
    };
  },
};

contextBridge.exposeInMainWorld('recur', bridge);
