import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-portal';
import * as m0003 from './0003-archive';
import * as m0004 from './0004-scheduler';
import * as m0005 from './0005-executor';
import * as m0006 from './0006-portal-target-search';
import * as m0007 from './0007-horizon-masks';

/** Every migration, in order. Names are permanent: they are recorded in the database. */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-portal': m0002,
  '0003-archive': m0003,
  '0004-scheduler': m0004,
  '0005-executor': m0005,
  '0006-portal-target-search': m0006,
  '0007-horizon-masks': m0007,
};
