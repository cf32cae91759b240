export { QueueService } from './queue-service';
export { summarizeRequest } from './queue-summary';
