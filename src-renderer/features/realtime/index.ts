/** Real-time sessions: the Night page's panel (list, cancel, booking) and their labelling on the night timeline. */
export { RealtimePanel } from './RealtimePanel';
export { isRealtimeBlock, withRealtimeSessions } from './timeline-blocks';
