import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/db';
import { createJournal } from '../../../../src-main/executor';
import { makeTempDir } from '../../../helpers/temp-dir';

describe('migration 0005-executor', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('creates the journal tables; frame numbers are allocated per instrument and day and survive reopening', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = join(dir.path, 'n.db');
    const a = await openDatabase(file);
    const tables = (a.raw.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['night_journal', 'executor_exposures', 'executor_frame_numbers']));
    const j = createJournal(a.raw);
    const begin = (day: string) =>
      j.beginExposure({ telescopeId: 't', observationId: null, configurationStatusId: null, purpose: 'science', instrumentId: 'ns01', dayObs: day, exposureSec: 1, startedUtcMs: 1, basenameFor: (n) => `x-${day}-${n}` });
    expect([begin('20261121').frameNumber, begin('20261121').frameNumber, begin('20261122').frameNumber]).toEqual([1, 2, 1]);
    j.record({ telescopeId: 't', utcMs: 5, kind: 'slew', detail: { ra: 1 } });
    await a.close();
    const b = await openDatabase(file);
    const j2 = createJournal(b.raw);
    expect(j2.openExposures('t').map((e) => e.basename)).toEqual(['x-20261121-1', 'x-20261121-2', 'x-20261122-1']);
    const again = j2.beginExposure({ telescopeId: 't', observationId: null, configurationStatusId: null, purpose: 'science', instrumentId: 'ns01', dayObs: '20261121', exposureSec: 1, startedUtcMs: 1, basenameFor: (n) => `x-20261121-${n}` });
    expect(again.frameNumber).toBe(3);
    expect(j2.last('t', 'sle')?.detail).toEqual({ ra: 1 });
    expect(() => b.raw.prepare("insert into executor_exposures (telescope_id, purpose, instrument_id, day_obs, frame_number, basename, exposure_sec, state, started_utc_ms) values ('t','science','i','d',9,'x-20261121-1',1,'started',1)").run()).toThrow(/UNIQUE/);
    await b.close();
  });
});
