import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { withCspMeta } from './shared/csp';

/** Writes the one Content-Security-Policy (shared/csp.ts) into index.html's `<meta>`. */
const cspMeta = () => ({ name: 'recur-csp-meta', transformIndexHtml: (html: string) => withCspMeta(html) });

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The Electron shell and the headless server are built side by side; the server never imports electron.
        // The documents worker renders the accountant's ZIP off the main thread (zip-worker-script.ts finds it).
        input: {
          index: resolve('electron/main/index.ts'),
          server: resolve('electron/server/main.ts'),
          documentsWorker: resolve('electron/core/documents/zip-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), cspMeta()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
