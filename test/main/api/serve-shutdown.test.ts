/**
 * `serve` stops promptly once its background work (executors, scheduler) has started, even when the
 * simulated clock stands still (speed 0): nothing in shutdown may wait for clock time to pass.
 * Without that, a console or test that stops a daemon mid-recovery hangs until killed.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../helpers/serve-fixture';

describe('serve shutdown', () => {
  it('stops after the executors started recovering on a paused simulated clock', async () => {
    const server = await startTestServer({ speed: 0 });
    // Past the background start delay the executors reconcile, then wait for their cameras on the clock.
    await server.core.executors.reconciled();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.cleanup(); // bounded by the hook/test timeout: a hang fails the test
    const after = await fetch(`${server.http.url}/ipc/app.info`, { method: 'POST', body: '{}' }).then(
      () => 'answered',
      () => 'refused',
    );
    expect(after).toBe('refused');
  });
});
