/**
 * Real-time sessions on the night timeline. The core draws a session as an observation block
 * labelled `<name> [REAL_TIME]` plus the whole-telescope downtime entry the portal files for it
 * (reason = the observation id) over exactly the same span. The timeline shows one block, labelled
 * as what it is.
 */
import type { TimelineBlock } from '../../../src-shared/ipc/contract';

const MARK = ' [REAL_TIME]';
const PREFIX = 'Real-time session · ';

/** True for the observation block of a real-time session (as the core labels it, or relabelled here). */
export function isRealtimeBlock(block: TimelineBlock): boolean {
  return block.kind === 'observation' && (block.label.endsWith(MARK) || block.label.startsWith(PREFIX));
}

/**
 * Blocks with each session relabelled `Real-time session · <name>` and the session's own downtime
 * entry (same telescope, same start and end) left out. Other blocks are returned as they are.
 */
export function withRealtimeSessions(blocks: readonly TimelineBlock[]): TimelineBlock[] {
  const sessions = blocks.filter((b) => b.kind === 'observation' && b.label.endsWith(MARK));
  if (sessions.length === 0) return [...blocks];
  const key = (b: TimelineBlock): string => `${b.telescopeId}|${b.startMs}|${b.endMs}`;
  // Cancelled sessions are not drawn, but their downtime is removed with them; only live ones hide one.
  const spans = new Set(sessions.map(key));
  return blocks.flatMap((b) => {
    if (b.kind === 'observation' && b.label.endsWith(MARK)) return [{ ...b, label: `${PREFIX}${b.label.slice(0, -MARK.length)}` }];
    if (b.kind === 'downtime' && b.state === 'DOWNTIME' && spans.has(key(b))) return [];
    return [b];
  });
}
