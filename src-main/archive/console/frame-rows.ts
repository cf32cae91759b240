/**
 * The console's frame list: its filters as an archive `FrameQuery` (the same parser the
 * `/frames/` API uses, so both answer alike) and the row it shows per frame.
 */
import { AppError } from '../../../src-shared/errors';
import type { FrameRow, InvocationArgs } from '../../../src-shared/ipc/contract';
import { parseFrameQuery } from '../frame-query';
import type { FrameQuery } from '../frame-query';
import type { StoredFrame } from '../frames-repo';

export type FramesListArgs = InvocationArgs<'frames.list'>;

/**
 * The archive query for the console's filters, newest first (`-observation_date`, then id).
 * Throws `validation.invalid` with field errors when the archive's parser refuses a value.
 */
export function frameQueryFor(args: FramesListArgs): FrameQuery {
  const params: Record<string, string> = { ordering: '-observation_date', limit: String(args.limit), offset: String(args.offset) };
  if (args.dayObs !== undefined) params['DAY_OBS'] = args.dayObs;
  if (args.telescopeId !== undefined) params['TELID'] = args.telescopeId;
  if (args.targetContains !== undefined) params['OBJECT'] = args.targetContains;
  if (args.observationId !== undefined) params['BLKUID'] = String(args.observationId);
  if (args.requestId !== undefined) params['REQNUM'] = String(args.requestId);
  const parsed = parseFrameQuery(params);
  if (!parsed.ok) throw new AppError('validation.invalid', 'Invalid frame filter', parsed.errors);
  return parsed.query;
}

/** The list row for a stored frame. */
export function frameRow(f: StoredFrame): FrameRow {
  return {
    id: f.id,
    basename: f.basename,
    siteId: f.siteId,
    telescopeId: f.telescopeId,
    instrumentId: f.instrumentId,
    targetName: f.targetName,
    filter: f.primaryOpticalElement,
    exposureSec: f.exposureSec,
    observationUtcMs: f.observationUtcMs,
    dayObs: f.dayObs,
    reductionLevel: f.reductionLevel,
    configurationType: f.configurationType,
    proposalId: f.proposalId,
    observationId: f.observationId,
    requestId: f.requestId,
  };
}
