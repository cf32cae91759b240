import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console: one build serves Electron (file://) and the browser (served by the core).
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // aladin-lite (loaded only when the atlas opens) is one 2.3 MB chunk with its WebAssembly inlined: it cannot be split.
    chunkSizeWarningLimit: 3072,
  },
  server: { port: 5173, strictPort: false },
});
