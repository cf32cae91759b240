export { SkyService } from './sky-service';
export * from './resolvers';
