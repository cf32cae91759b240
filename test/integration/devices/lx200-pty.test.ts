import { afterAll, beforeAll, describe, it } from 'vitest';
import { RealClock } from '../../../src-main/clock';
import { Lx200Mount } from '../../../src-main/devices/lx200';
import type { ByteLink } from '../../../src-main/devices/transport';
import { openSerialLink } from '../../../src-main/devices/transport';
import { lx200Scenario } from '../../main/devices/lx200/scenario';
import { ScriptedLx200Mount } from '../../main/devices/lx200/scripted-mount';
import type { PtyPair } from './lx200-pty';
import { openPtyPair } from './lx200-pty';

// A real serial path: serialport on both ends of a socat pty pair, the scripted mount on B.
let pty: PtyPair;
let far: ByteLink;

beforeAll(async () => {
  pty = await openPtyPair();
  far = await openSerialLink({ path: pty.b, baudRate: 9600 });
});

afterAll(async () => {
  await far?.close();
  await pty?.close();
});

describe('lx200 over a socat pty pair', () => {
  it('passes the core command set in both precisions and survives garbage and silence', async () => {
    const fake = new ScriptedLx200Mount(far);
    const clock = new RealClock();
    const mount = new Lx200Mount({ id: 'lx', kind: 'mount', family: 'lx200', path: pty.a }, clock, null, {
      pollMs: 20,
      replyTimeoutMs: 500,
    });
    await lx200Scenario(mount, fake, async (p) => {
      const start = Date.now();
      try {
        return { ok: true, value: await p, elapsedMs: Date.now() - start };
      } catch (error) {
        return { ok: false, error, elapsedMs: Date.now() - start };
      }
    });
    fake.stop();
  });
});
