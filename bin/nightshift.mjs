#!/usr/bin/env node
// The `nightshift` command: runs the built core (npm run build makes dist/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error('Nightshift is not built yet: run `npm run build` first.');
  process.exit(1);
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
