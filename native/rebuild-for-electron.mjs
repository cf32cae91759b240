// Rebuilds the native modules (better-sqlite3, @serialport/bindings-cpp) for the Electron
// version in package.json, just before electron-builder packages the app. At install time they
// are built for Node, which is what `serve`, the CLI and the tests run on.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const { rebuild } = await import('@electron/rebuild');
await rebuild({ buildPath: process.cwd(), electronVersion, onlyModules: ['better-sqlite3', '@serialport/bindings-cpp'], force: true });
console.log(`native modules rebuilt for Electron ${electronVersion}`);
