/**
 * Branded numeric types where a mix-up is costly. A plain number is accepted by the `as…` helpers
 * only at the boundary where its unit is known.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Milliseconds since 1970-01-01T00:00:00Z (UTC, no leap seconds), as Date.getTime(). */
export type UtcMs = Brand<number, 'UtcMs'>;
export type Degrees = Brand<number, 'Degrees'>;
export type Hours = Brand<number, 'Hours'>;
export type Seconds = Brand<number, 'Seconds'>;

export const asUtcMs = (n: number): UtcMs => n as UtcMs;
export const asDegrees = (n: number): Degrees => n as Degrees;
export const asHours = (n: number): Hours => n as Hours;
export const asSeconds = (n: number): Seconds => n as Seconds;

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
