import { describe, expect, it } from 'vitest';
import { parseCoreFlags } from '../../../src-main/config';
import { AppError } from '../../../src-shared/errors';

const defaults = { rendererDir: null, resourcesDir: '/r' };

describe('parseCoreFlags', () => {
  it('reads every option, in both --flag value and --flag=value forms', () => {
    const c = parseCoreFlags(['--port', '9000', '--data-dir=/tmp/x', '--bind', '0.0.0.0', '--simulate', '--speed', '600', '--sim-start', '2026-11-21T20:00:00Z', '--no-demo'], defaults);
    expect(c).toMatchObject({ port: 9000, dataDir: '/tmp/x', bindAddress: '0.0.0.0', simulate: true, speed: 600, seedDemo: false });
    expect(c.simStartMs).toBe(Date.parse('2026-11-21T20:00:00Z'));
  });

  it('reports every bad option by name', () => {
    try {
      parseCoreFlags(['--port', '99999', '--speed', 'fast', '--frobnicate'], defaults);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const details = (error as AppError).details as Record<string, string[]>;
      expect(Object.keys(details).sort()).toEqual(['--frobnicate', '--port', '--speed']);
      expect(details['--port']?.[0]).toMatch(/0–65535/);
    }
  });

  it('refuses a speed or faults without --simulate', () => {
    expect(() => parseCoreFlags(['--speed', '10'], defaults)).toThrow(/need --simulate/);
    expect(() => parseCoreFlags(['--faults', 'seed:1'], defaults)).toThrow(/needs --simulate/);
    expect(parseCoreFlags(['--simulate', '--faults', 'seed:1'], defaults).faults).toBe('seed:1');
  });
});
