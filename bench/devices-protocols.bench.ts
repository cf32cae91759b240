/**
 * Device protocol figures: INDI and Alpaca command round-trip latency and image download
 * throughput (INDI BLOB parse + real simulator exposure; Alpaca ImageBytes vs JSON ImageArray).
 * INDI figures against the real simulators run only when indiserver is installed.
 */
import { RealClock } from '../src-main/clock';
import { AlpacaClient, AlpacaServer } from '../src-main/devices/alpaca';
import { IndiCamera, IndiClient, IndiElementReader } from '../src-main/devices/indi';
import { createSimDevice } from '../src-main/devices/sim';
import type { Camera, DriverContext } from '../src-main/devices/types';
import { indiserverInstalled, startIndiServer } from '../test/integration/helpers/indiserver';

const clock = new RealClock();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** Goals: command round trip ≤ 5 ms on loopback; image download ≥ 100 MB/s (parse/decode incl.). */
const RTT_GOAL_MS = 5;
const THROUGHPUT_GOAL_MBPS = 100;

function line(label: string, value: string, ratio?: number): void {
  console.log(`  ${label.padEnd(52)} ${value.padStart(14)}${ratio === undefined ? '' : `   (${ratio.toFixed(2)}× goal)`}`);
}

function indiBlobParse(): void {
  const payload = Buffer.alloc(2_629_440); // a 1280×1024×16-bit FITS, as the 1.9.9 sim sends
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 2654435761) >>> 24;
  const xml = Buffer.from(
    `<setBLOBVector device="CCD Simulator" name="CCD1" state="Ok"><oneBLOB name="CCD1" size="${payload.length}" format=".fits" len="${payload.length}">${payload.toString('base64')}</oneBLOB></setBLOBVector>`,
  );
  const runs = 5;
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    let got = 0;
    const reader = new IndiElementReader((el) => (got += el.children[0]?.blob?.length ?? 0));
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < xml.length; i += 65536) reader.push(xml.subarray(i, i + 65536));
    const t = ms(t0);
    if (got !== payload.length) throw new Error('BLOB size mismatch');
    best = Math.min(best, t);
  }
  const mbps = payload.length / 1e6 / (best / 1000);
  line('INDI BLOB parse+base64 (2.6 MB, 64 KiB chunks)', `${mbps.toFixed(0)} MB/s`, mbps / THROUGHPUT_GOAL_MBPS);
}

async function indiReal(): Promise<void> {
  if (!indiserverInstalled()) {
    console.log('  INDI simulators: skipped (indiserver not installed: apt-get install indi-bin)');
    return;
  }
  const server = await startIndiServer(['indi_simulator_ccd']);
  try {
    const client = await IndiClient.connect({ host: server.host, port: server.port, clock });
    client.getProperties();
    await client.waitFor('CCD Simulator', 'CONNECTION', () => true, { timeoutMs: 15_000 });
    const rtt: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = process.hrtime.bigint();
      await client.ping('CCD Simulator', 'CONNECTION', { timeoutMs: 5000 });
      rtt.push(ms(t0));
    }
    line(`INDI round trip (getProperties→def, ${server.isolation}) median`, `${median(rtt).toFixed(2)} ms`, RTT_GOAL_MS / median(rtt));
    line('INDI round trip p95', `${p95(rtt).toFixed(2)} ms`);
    client.close();
    const ctx: DriverContext = { clock, telescopeId: 'bench', site: null, shared: new Map() };
    const cam = new IndiCamera({ id: 'cam', kind: 'camera', family: 'indi', host: server.host, port: server.port, device: 'CCD Simulator' }, ctx);
    await cam.connect();
    const t0 = process.hrtime.bigint();
    const img = await cam.expose({ durationSec: 0.01, frameType: 'bias' });
    const t = ms(t0);
    const bytes = img.fits?.length ?? 0;
    line('INDI 0.01 s exposure → FITS decoded (1280×1024)', `${t.toFixed(0)} ms`);
    line('INDI exposure+download effective throughput', `${(bytes / 1e6 / (t / 1000)).toFixed(0)} MB/s`);
    await cam.disconnect();
  } finally {
    await server.stop();
  }
}

async function alpaca(): Promise<void> {
  const ctx: DriverContext = { clock, telescopeId: 'bench', site: null, shared: new Map() };
  const camera = createSimDevice({ id: 'cam', kind: 'camera', family: 'sim', options: { widthPx: 1280, heightPx: 1024, readoutSecPerMpx: 0 } }, ctx) as Camera;
  const mount = createSimDevice({ id: 'mount', kind: 'mount', family: 'sim' }, ctx);
  const server = new AlpacaServer({ devices: [camera, mount] });
  const port = await server.start();
  try {
    const client = new AlpacaClient({ host: '127.0.0.1', port, clock });
    await client.put('camera', 0, 'connected', { Connected: true });
    // Platform 7 devicestate: one GET for a mount's state vs the 8 GETs an older server needs.
    await client.put('telescope', 0, 'connected', { Connected: true });
    const members = ['rightascension', 'declination', 'altitude', 'azimuth', 'slewing', 'tracking', 'atpark', 'sideofpier'];
    const one: number[] = [];
    const many: number[] = [];
    for (let i = 0; i < 100; i++) {
      let t0 = process.hrtime.bigint();
      await client.get('telescope', 0, 'devicestate');
      one.push(ms(t0));
      t0 = process.hrtime.bigint();
      await Promise.all(members.map((m) => client.get('telescope', 0, m).catch(() => null)));
      many.push(ms(t0));
    }
    line('Alpaca mount state: devicestate (1 GET) median', `${median(one).toFixed(2)} ms`, RTT_GOAL_MS / median(one));
    line(`Alpaca mount state: ${members.length} parallel GETs median`, `${median(many).toFixed(2)} ms`);
    line('devicestate speed-up over individual reads', `${(median(many) / median(one)).toFixed(1)}×`);
    const rtt: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = process.hrtime.bigint();
      await client.get('camera', 0, 'camerastate');
      rtt.push(ms(t0));
    }
    line('Alpaca GET round trip (loopback) median', `${median(rtt).toFixed(2)} ms`, RTT_GOAL_MS / median(rtt));
    line('Alpaca GET round trip p95', `${p95(rtt).toFixed(2)} ms`);
    await client.put('camera', 0, 'startexposure', { Duration: 0.01, Light: true });
    while (!(await client.get<boolean>('camera', 0, 'imageready'))) await clock.sleep(5);
    const bytes = 1280 * 1024 * 2;
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      await client.imageArray(0);
      best = Math.min(best, ms(t0));
    }
    const mbps = bytes / 1e6 / (best / 1000);
    line('Alpaca ImageBytes download+decode (1280×1024 u16)', `${mbps.toFixed(0)} MB/s`, mbps / THROUGHPUT_GOAL_MBPS);
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      void import('node:http').then(({ request }) =>
        request({ host: '127.0.0.1', port, path: '/api/v1/camera/0/imagearray', headers: { Accept: 'application/json' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString());
            resolve();
          });
        })
          .on('error', reject)
          .end(),
      );
    });
    const tj = ms(t0);
    line('Alpaca JSON ImageArray download+parse (same image)', `${(bytes / 1e6 / (tj / 1000)).toFixed(0)} MB/s`);
    line('ImageBytes speed-up over JSON', `${(tj / best).toFixed(1)}×`);
  } finally {
    await server.stop();
  }
}

export default async function run(): Promise<void> {
  indiBlobParse();
  await alpaca();
  await indiReal();
}
