export type { TimelineBlockSource } from './timeline-service';
export { TimelineService } from './timeline-service';
