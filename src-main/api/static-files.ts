import { createReadStream, statSync, type Stats } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/**
 * Serves the built console from `root`. Unknown paths without an extension get index.html (the
 * console routes in the client); paths escaping `root` are refused.
 */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  if (relative.split(sep).includes('..')) return false;
  let file = join(root, relative || 'index.html');
  let stat = statOrNull(file);
  if (stat?.isDirectory()) {
    file = join(file, 'index.html');
    stat = statOrNull(file);
  }
  if (!stat && extname(relative) === '') {
    file = join(root, 'index.html');
    stat = statOrNull(file);
  }
  if (!stat?.isFile()) return false;
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': stat.size,
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
  });
  createReadStream(file).pipe(res);
  return true;
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}
