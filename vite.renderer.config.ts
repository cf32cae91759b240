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
    chunkSizeWarningLimit: 2048,
  },
  server: { port: 5173, strictPort: false },
});
