/**
 * Starts and stops a private `indiserver` (Debian `indi-bin`) for integration tests.
 *
 * indiserver 1.9.9 binds 0.0.0.0 and has no listen-address option (devices.md §2.4), so it is never
 * exposed on the network here:
 * - `netns` (preferred): the server runs in a private network namespace (`unshare -n`, only `lo`),
 *   and `socat` bridges a Unix socket in our temp dir to its port inside. Clients connect to the
 *   socket path (IndiClient treats a host starting with `/` as a socket path).
 * - `shim`: an LD_PRELOAD library built with `cc` rewrites bind(INADDR_ANY) to 127.0.0.1.
 * - `none`: last resort (neither available): a random high port on all interfaces, with a warning.
 * Every run gets a fresh HOME, because drivers load and auto-save `~/.indi/<Device>_config.xml`.
 * Processes are started in their own process group and stopped by that group's id.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type IndiIsolation = 'netns' | 'shim' | 'none';

export interface IndiServerHandle {
  /** Pass as IndiClient host: a Unix socket path (netns) or 127.0.0.1. */
  host: string;
  port: number;
  isolation: IndiIsolation;
  dir: string;
  /** indiserver's stderr/stdout so far (driver messages, for failure reports). */
  log(): string;
  stop(): Promise<void>;
}

/** The simulators the tests use (weather only if installed). */
export const SIMULATOR_DRIVERS = [
  'indi_simulator_telescope',
  'indi_simulator_ccd',
  'indi_simulator_wheel',
  'indi_simulator_focus',
  'indi_simulator_dome',
  'indi_simulator_weather',
];

function onPath(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

/** True when Debian's indi-bin (indiserver) is installed. */
export function indiserverInstalled(): boolean {
  return onPath('indiserver');
}

function chooseIsolation(): IndiIsolation {
  const forced = process.env.INDI_TEST_ISOLATION;
  if (forced === 'netns' || forced === 'shim' || forced === 'none') return forced;
  if (onPath('socat') && spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return 'netns';
  if (onPath('cc')) return 'shim';
  return 'none';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const SHIM_C = `#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
/* Force wildcard binds onto loopback (indiserver 1.9.9 has no listen-address option). */
int bind(int fd, const struct sockaddr *sa, socklen_t len) {
  static int (*real)(int, const struct sockaddr *, socklen_t);
  if (!real) real = dlsym(RTLD_NEXT, "bind");
  if (sa && sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
    struct sockaddr_in a; memcpy(&a, sa, sizeof a);
    if (a.sin_addr.s_addr == htonl(INADDR_ANY)) a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return real(fd, (struct sockaddr *)&a, sizeof a);
  }
  if (sa && sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
    struct sockaddr_in6 a; memcpy(&a, sa, sizeof a);
    if (!memcmp(&a.sin6_addr, &in6addr_any, sizeof a.sin6_addr)) a.sin6_addr = in6addr_loopback;
    return real(fd, (struct sockaddr *)&a, sizeof a);
  }
  return real(fd, sa, len);
}
`;

function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Resolves once the server answers getProperties with a definition (polls every 50 ms, up to `ms`).
 * Through the socat bridge a connection is accepted before indiserver listens, so accepting alone
 * proves nothing.
 */
async function waitAccepting(host: string, port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = host.startsWith('/') ? connect({ path: host }) : connect({ host, port });
      s.once('connect', () => s.write('<getProperties version="1.7"/>\n'));
      s.on('data', (d: Buffer) => {
        if (d.toString('latin1').includes('<def')) {
          s.destroy();
          resolve(true);
        }
      });
      s.once('error', () => resolve(false));
      s.once('close', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`indiserver not accepting at ${host}:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts indiserver with the given drivers (those not installed are left out). Resolves once it
 * accepts connections; drivers may still be starting (wait for their properties in the client).
 */
export async function startIndiServer(drivers: string[] = SIMULATOR_DRIVERS): Promise<IndiServerHandle> {
  const present = drivers.filter(onPath);
  const dir = mkdtempSync(join(tmpdir(), 'nightshift-indi-'));
  const home = join(dir, 'home');
  spawnSync('mkdir', ['-p', home]);
  const isolation = chooseIsolation();
  const logFile = join(dir, 'indiserver.log');
  let child: ChildProcess;
  let host: string;
  let port: number;
  const env = { ...process.env, HOME: home };
  const abstractSock = join(dir, 'indiserver.abstract');

  if (isolation === 'netns') {
    port = 7624; // private namespace: no clash with anything on the host
    host = join(dir, 'indi.sock');
    const script = [
      'ip link set lo up',
      `indiserver -v -p ${port} -u ${q(abstractSock)} ${present.join(' ')} >>${q(logFile)} 2>&1 &`,
      'srv=$!',
      // bridge: a filesystem Unix socket is reachable across network namespaces
      `socat UNIX-LISTEN:${q(host)},fork,unlink-early TCP:127.0.0.1:${port} 2>>${q(logFile)} &`,
      'wait $srv',
    ].join('\n');
    child = spawn('unshare', ['-n', 'sh', '-c', script], { cwd: home, env, detached: true, stdio: 'ignore' });
  } else {
    port = await freePort();
    host = '127.0.0.1';
    const childEnv: NodeJS.ProcessEnv = { ...env };
    if (isolation === 'shim') {
      writeFileSync(join(dir, 'bind_lo.c'), SHIM_C);
      const cc = spawnSync('cc', ['-shared', '-fPIC', '-O2', '-o', join(dir, 'bind_lo.so'), join(dir, 'bind_lo.c'), '-ldl']);
      if (cc.status !== 0) throw new Error(`cannot build bind shim: ${cc.stderr.toString()}`);
      childEnv.LD_PRELOAD = join(dir, 'bind_lo.so');
    } else {
      console.warn(`indiserver test: no netns/socat and no cc — listening on 0.0.0.0:${port} for the test's duration`);
    }
    child = spawn('sh', ['-c', `exec indiserver -v -p ${port} -u ${q(abstractSock)} ${present.join(' ')} >>${q(logFile)} 2>&1`], {
      cwd: home,
      env: childEnv,
      detached: true,
      stdio: 'ignore',
    });
  }
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle: IndiServerHandle = {
    host,
    port,
    isolation,
    dir,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    stop: async () => {
      if (pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-pid, 'SIGTERM'); // our own process group: server, drivers, bridge
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitAccepting(host, port, 10_000);
  } catch (err) {
    const log = handle.log();
    await handle.stop();
    throw new Error(`${(err as Error).message}\n${log}`, { cause: err });
  }
  return handle;
}
