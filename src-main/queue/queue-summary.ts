import type { QueueRequest } from '../../src-shared/ipc/contract';

/** The fields of a stored OCS request body the queue view reads; all optional since bodies vary. */
interface RequestBody {
  location?: { telescope_class?: string };
  windows?: { start?: string; end?: string }[];
  configurations?: { instrument_type?: string; target?: { name?: string } }[];
}

type RequestState = QueueRequest['state'];

/** Summarises one stored request for the queue: first target and instrument, window span. */
export function summarizeRequest(row: { id: number; state: string; duration_sec: number | null; body_json: string }): QueueRequest {
  const body = JSON.parse(row.body_json) as RequestBody;
  const first = body.configurations?.[0];
  const starts = (body.windows ?? []).map((w) => (w.start ? Date.parse(w.start) : NaN)).filter(Number.isFinite);
  const ends = (body.windows ?? []).map((w) => (w.end ? Date.parse(w.end) : NaN)).filter(Number.isFinite);
  const targets = [...new Set((body.configurations ?? []).map((c) => c.target?.name).filter((n): n is string => !!n))];
  return {
    id: row.id,
    state: row.state as RequestState,
    durationSec: row.duration_sec,
    targetName: targets.join(', ') || '—',
    instrumentType: first?.instrument_type ?? '—',
    telescopeClass: body.location?.telescope_class ?? '—',
    windowStartMs: starts.length > 0 ? Math.min(...starts) : null,
    windowEndMs: ends.length > 0 ? Math.max(...ends) : null,
  };
}
