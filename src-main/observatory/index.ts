export { ObservatoryService } from './observatory-service';
export { summarizeSites, telescopeClassOf } from './sites-summary';
