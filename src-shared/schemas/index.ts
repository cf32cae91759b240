export * from './drf-fields';
export * from './target';
export * from './request-group';
export * from './configdb-sites';
export * from './field-errors';
export * from './demo';
export * from './telescope-limits';
