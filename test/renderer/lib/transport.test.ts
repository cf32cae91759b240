import { describe, expect, it } from 'vitest';
import { findBridge, createElectronClient } from '../../../src-renderer/lib/transport-electron';
import type { NightshiftBridge } from '../../../src-renderer/lib/transport-electron';
import { isResultShape, parseEnvelope, validateInput } from '../../../src-renderer/lib/transport';
import { tokenFromHash } from '../../../src-renderer/lib/token';
import type { EventEnvelope } from '../../../src-shared/ipc/contract';

describe('validateInput', () => {
  it('applies the contract defaults', () => {
    expect(validateInput('queue.list', {})).toEqual({ ok: true, value: { limit: 200, offset: 0 } });
  });
  it('gives field-keyed errors', () => {
    const r = validateInput('queue.list', { state: 'DONE', offset: -1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validation.invalid');
      expect(Object.keys(r.error.details ?? {}).sort()).toEqual(['offset', 'state']);
    }
  });
  it('refuses unknown keys on strict inputs', () => {
    expect(validateInput('app.info', { extra: 1 }).ok).toBe(false);
  });
});

describe('isResultShape / parseEnvelope', () => {
  it('recognises both Result forms and nothing else', () => {
    expect(isResultShape({ ok: true, value: null })).toBe(true);
    expect(isResultShape({ ok: false, error: { code: 'internal', message: 'x' } })).toBe(true);
    expect(isResultShape({ ok: false, error: { message: 'x' } })).toBe(false);
    expect(isResultShape({ ok: true })).toBe(false);
    expect(isResultShape('ok')).toBe(false);
  });
  it('parses JSON text or objects and validates the payload', () => {
    const change = { event: 'timeline.changed', payload: { siteCode: 'tfn' } };
    expect(parseEnvelope(JSON.stringify(change))).toEqual(change);
    expect(parseEnvelope(change)).toEqual(change);
    expect(parseEnvelope({ event: 'timeline.changed', payload: {} })).toBeNull();
    expect(parseEnvelope({ event: 'toString', payload: {} })).toBeNull();
    expect(parseEnvelope('{')).toBeNull();
  });
});

describe('tokenFromHash', () => {
  it('reads the token among other hash parameters', () => {
    expect(tokenFromHash('#token=abc%2Bdef')).toBe('abc+def');
    expect(tokenFromHash('#/queue&token=x1')).toBe('x1');
    expect(tokenFromHash('#/queue')).toBeNull();
    expect(tokenFromHash('#a=1&token=x1')).toBe('x1');
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });
});

describe('Electron CoreClient over a bridge', () => {
  function bridge(): NightshiftBridge & { emit(e: unknown): void; calls: [string, unknown][] } {
    const handlers = new Set<(e: EventEnvelope) => void>();
    const calls: [string, unknown][] = [];
    return {
      kind: 'electron',
      calls,
      invoke: (name, input) => {
        calls.push([name, input]);
        if (name === 'app.info') return Promise.reject(new Error('ipc torn down'));
        return Promise.resolve({ ok: true, value: { devices: [] } });
      },
      onEvent: (h) => {
        handlers.add(h);
        return () => handlers.delete(h);
      },
      emit: (e) => handlers.forEach((h) => h(e as EventEnvelope)),
    };
  }

  it('is found only when the preload exposed a well-formed bridge', () => {
    expect(findBridge({})).toBeNull();
    expect(findBridge({ nightshift: { kind: 'web' } })).toBeNull();
    const b = bridge();
    expect(findBridge({ nightshift: b })).toBe(b);
  });

  it('invokes, turns a rejected IPC call into an error Result, and filters events', async () => {
    const b = bridge();
    const c = createElectronClient(b);
    expect(c.connection.state).toBe('open');
    expect(await c.invoke('devices.snapshot', {})).toEqual({ ok: true, value: { devices: [] } });
    const failed = await c.invoke('app.info', {});
    expect(failed).toEqual({ ok: false, error: { code: 'internal', message: 'ipc torn down' } });
    const got: EventEnvelope[] = [];
    const off = c.onEvent((e) => got.push(e));
    b.emit({ event: 'queue.changed', payload: { requestGroupIds: [1, 2] } });
    b.emit({ event: 'queue.changed', payload: { requestGroupIds: 'all' } });
    off();
    b.emit({ event: 'queue.changed', payload: { requestGroupIds: [3] } });
    expect(got).toEqual([{ event: 'queue.changed', payload: { requestGroupIds: [1, 2] } }]);
    c.close();
  });
});
