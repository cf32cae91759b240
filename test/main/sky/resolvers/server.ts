/**
 * A local stand-in for Sesame and Horizons: serves the hand-written fixtures on 127.0.0.1 so the
 * resolvers run their real HTTP path without the internet. Records every request.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

export interface FakeServices {
  sesameUrl: string;
  horizonsUrl: string;
  /** `sesame:<name>` or `horizons:<COMMAND>` per request, in order. */
  log: string[];
  close(): Promise<void>;
}

const HORIZONS: Record<string, string> = { 'Ceres;': 'horizons-ceres.txt', 'DES=29P;CAP;NOFRAG;': 'horizons-29p.txt', '599': 'horizons-jupiter.txt' };
const MULTIPLE = ['Small-body search results:', '', 'Matching small-bodies:', '', '    Record #  Epoch-yr  >MATCH DESIG<  Primary Desig  Name', '    --------  --------  -------------  -------------  ----', '    10001      2026     2001 AB1       2001 AB1', '    10002      2026     2002 AB2       2002 AB2', '', 'Number of matches =   2. Use ID# to make unique selection.'].join('\n');

export async function startFakeServices(): Promise<FakeServices> {
  const log: string[] = [];
  const held: ServerResponse[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/sesame/-ox/SNV') {
      const name = decodeURIComponent(url.search.slice(1));
      log.push(`sesame:${name}`);
      // 'Slow Star' never gets an answer: the resolver's timeout must give up.
      if (name === 'Slow Star') return void held.push(res);
      res.writeHead(200, { 'content-type': 'text/xml' });
      return void res.end(fixture(name === 'HD 209458' ? 'sesame-hd209458.xml' : 'sesame-nothing.xml'));
    }
    if (url.pathname === '/horizons') {
      const command = (url.searchParams.get('COMMAND') ?? '').replace(/^'|'$/g, '');
      log.push(`horizons:${command}`);
      if (url.searchParams.get('EPHEM_TYPE') !== "'ELEMENTS'" || url.searchParams.get('format') !== 'json') {
        res.writeHead(400, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: 'this fake only answers ELEMENTS in JSON' }));
      }
      const file = HORIZONS[command];
      const result = file !== undefined ? fixture(file) : command === 'Ambiguous;' ? MULTIPLE : 'No matches found.\n';
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ signature: { source: 'local test fake', version: '1.2' }, result }));
    }
    res.writeHead(404).end();
  };
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    sesameUrl: `http://127.0.0.1:${port}/sesame`,
    horizonsUrl: `http://127.0.0.1:${port}/horizons`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of held) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback address where nothing listens (connection refused at once). */
export async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
