export { SkyService } from './sky-service';
