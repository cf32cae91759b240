// Builds the three parts with vite: the console (dist/renderer), the core and both shells'
// entry points (dist/main, ESM for Node ≥ 20 and Electron), and the Electron preload
// (dist/preload, CommonJS as sandboxed preloads require).
import { readFileSync } from 'node:fs';
import { build } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const quiet = { logLevel: 'warn' };
const define = { __NIGHTSHIFT_VERSION__: JSON.stringify(pkg.version) };

const only = process.argv[2] ?? 'all'; // all | main | renderer
const started = Date.now();
if (only !== 'main') await build({ ...quiet, configFile: 'vite.renderer.config.ts' });
if (only === 'renderer') process.exit(0);

await build({
  ...quiet,
  configFile: false,
  define,
  build: {
    ssr: true,
    outDir: 'dist/main',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      input: { cli: 'src-main/cli.ts', 'electron-main': 'src-main/app/electron-main.ts', 'scheduler-worker': 'src-main/scheduler/worker/kernel-worker.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});

await build({
  ...quiet,
  configFile: false,
  build: {
    ssr: true,
    outDir: 'dist/preload',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: { preload: 'src-renderer/preload/api.ts' },
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
});
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
