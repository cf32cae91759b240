export type { TakDurations, ValidationContext, ValidationResult, VisibilityFn } from './validate-request-group';
export { PROPOSAL_TIME_OVERUSE_ALLOWANCE, validateRequestGroup } from './validate-request-group';
