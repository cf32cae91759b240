import { describe, it } from 'vitest';
import { Lx200Mount } from '../../../../src-main/devices/lx200';
import { createLinkPair } from '../../../../src-main/devices/transport';
import { drive, newClock } from '../helpers';
import { lx200Scenario } from './scenario';
import { ScriptedLx200Mount } from './scripted-mount';

describe('lx200 mount over an in-memory link', () => {
  it('passes the core command set in both precisions and survives garbage and silence', async () => {
    const clock = newClock();
    const fake = new ScriptedLx200Mount();
    const mount = new Lx200Mount({ id: 'lx', kind: 'mount', family: 'lx200', path: 'mem' }, clock, null, {
      openLink: () => {
        const [a, b] = createLinkPair();
        fake.attach(b);
        return Promise.resolve(a);
      },
      pollMs: 200,
    });
    await lx200Scenario(mount, fake, (p) => drive(clock, p, 50));
    fake.stop();
  });
});
