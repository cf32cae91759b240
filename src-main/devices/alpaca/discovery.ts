/**
 * Alpaca UDP discovery (port 32227): clients send `alpacadiscovery1`, servers answer unicast with
 * `{"AlpacaPort": n}`.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Clock } from '../../clock';

export const ALPACA_DISCOVERY_PORT = 32227;
export const ALPACA_DISCOVERY_MESSAGE = 'alpacadiscovery1';

export interface DiscoveredServer {
  /** Address the answer came from. */
  address: string;
  /** The server's HTTP port. */
  port: number;
}

export interface DiscoverOptions {
  clock: Clock;
  /** Where to send the probe: broadcast (default 255.255.255.255) or e.g. 127.0.0.1 in tests. */
  targets?: string[];
  /** UDP port the responders listen on (default 32227). */
  discoveryPort?: number;
  /** How long to collect answers, clock ms (default 1500). */
  durationMs?: number;
  /** Probes sent, spread over the duration (default 2). */
  probes?: number;
}

/** Sends discovery probes and collects distinct answers (address + HTTP port). */
export async function discoverAlpaca(opts: DiscoverOptions): Promise<DiscoveredServer[]> {
  const targets = opts.targets ?? ['255.255.255.255'];
  const port = opts.discoveryPort ?? ALPACA_DISCOVERY_PORT;
  const durationMs = opts.durationMs ?? 1500;
  const probes = Math.max(1, opts.probes ?? 2);
  const found = new Map<string, DiscoveredServer>();
  const sock = createSocket({ type: 'udp4' });
  sock.on('message', (msg, rinfo) => {
    try {
      const v = JSON.parse(msg.toString('utf8')) as { AlpacaPort?: unknown };
      if (typeof v.AlpacaPort === 'number' && Number.isInteger(v.AlpacaPort) && v.AlpacaPort > 0 && v.AlpacaPort < 65536) {
        found.set(`${rinfo.address}:${v.AlpacaPort}`, { address: rinfo.address, port: v.AlpacaPort });
      }
    } catch {
      // not a discovery answer: ignore
    }
  });
  sock.on('error', () => undefined);
  await new Promise<void>((resolve) => sock.bind(0, () => resolve()));
  sock.setBroadcast(true);
  try {
    for (let i = 0; i < probes; i++) {
      for (const t of targets) sock.send(ALPACA_DISCOVERY_MESSAGE, port, t);
      await opts.clock.sleep(durationMs / probes);
    }
  } finally {
    sock.close();
  }
  return [...found.values()];
}

/** Answers discovery probes with this server's HTTP port. */
export class AlpacaDiscoveryResponder {
  private sock: Socket | null = null;

  /**
   * @param alpacaPort the HTTP port to announce
   * @param bindAddress default 0.0.0.0 (any interface, needed for broadcasts); 127.0.0.1 for tests
   * @param discoveryPort default 32227
   */
  constructor(
    private readonly alpacaPort: number,
    private readonly bindAddress = '0.0.0.0',
    private readonly discoveryPort = ALPACA_DISCOVERY_PORT,
  ) {}

  async start(): Promise<void> {
    const sock = createSocket({ type: 'udp4', reuseAddr: true });
    sock.on('message', (msg, rinfo) => {
      // the trailing digit is the protocol version: answer version 1 (and later, compatibly)
      if (!msg.toString('ascii').startsWith('alpacadiscovery')) return;
      sock.send(JSON.stringify({ AlpacaPort: this.alpacaPort }), rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(this.discoveryPort, this.bindAddress, () => resolve());
    });
    sock.removeAllListeners('error');
    sock.on('error', () => undefined);
    this.sock = sock;
  }

  /** The UDP port actually bound (useful with discoveryPort 0). */
  get boundPort(): number {
    return this.sock?.address().port ?? 0;
  }

  stop(): Promise<void> {
    const s = this.sock;
    this.sock = null;
    return new Promise((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }
}
