// Builds the browser shell's bridge script: the same contract-derived `window.clinic` the Electron
// preload exposes, as one IIFE injected with addInitScript.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: resolve(import.meta.dirname, process.env.CLINIC_OUT_DIR ?? 'out', 'bridge'),
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: resolve(import.meta.dirname, 'preload/browser-bridge.ts'),
      formats: ['iife'],
      name: 'clinicBridge',
      fileName: () => 'browser-bridge.js',
    },
  },
});
