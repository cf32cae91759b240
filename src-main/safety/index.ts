/** The safety supervisor: weather, safety monitor, Sun and device health → secure and hold. */
export type { ConditionInputs, Reading, SafetyPolicy, UnsafeReason } from './conditions';
export { DEFAULT_SAFETY_POLICY, unsafeReasons } from './conditions';
export type { SecureResult, SecureStep } from './secure';
export { deviceIdOf, deviceOf, secureTelescope } from './secure';
export type { SafetyJournal, SafetyStateName, SafetyStatus, SafetySupervisor, SafetySupervisorOptions } from './supervisor';
export { createSafetySupervisor } from './supervisor';
