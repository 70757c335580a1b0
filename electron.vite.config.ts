// Builds the three Electron pieces: main (Node), preload (sandboxed, one self-contained CJS file)
// and the renderer (the same bundle the browser shell serves).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { assertElectronSupported } from './scripts/electron-support';

// Before anything is built: an Electron major outside the supported range fails the build.
assertElectronSupported(import.meta.dirname);

// CLINIC_OUT_DIR lets parallel builds (several worktrees' e2e runs) stay out of each other's way.
const out = resolve(import.meta.dirname, process.env.CLINIC_OUT_DIR ?? 'out');

export default defineConfig({
  main: {
    build: {
      outDir: resolve(out, 'main'),
      // The sync, WAL checkpoint, OpenCV (alignment and colour checker) and compose workers are their own entries: the core starts them as worker_threads from out/main.
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/electron/main.ts'),
          'sync-worker': resolve(import.meta.dirname, 'main/core/sync/worker-thread.ts'),
          'checkpoint-worker': resolve(import.meta.dirname, 'main/core/db/checkpoint-thread.ts'),
          'opencv-worker': resolve(import.meta.dirname, 'main/core/compare/opencv-worker.ts'),
          'compose-worker': resolve(import.meta.dirname, 'main/core/compare/compose-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(out, 'preload'),
      // A sandboxed preload cannot require() anything but electron: bundle zod and the contract in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(out, 'renderer'),
      emptyOutDir: true,
      // No inline scripts or styles: the CSP forbids them.
      assetsInlineLimit: 0,
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
