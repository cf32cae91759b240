/** HOUR_ANGLE and SATELLITE targets, moon phase, airmass, time scales: reference values from definitions and published dates. */
import { describe, expect, it } from 'vitest';
import {
  airmassPlaneParallel,
  altitudeForAirmassDeg,
  frameAt,
  moonIllumination,
  prepareTarget,
  targetPosition,
  ttMinusUtcSec,
  utcMsToMjd,
} from '../../../src-shared/astro';
import { AppError } from '../../../src-shared/errors';

const SITE = { latitudeDeg: 30.68, longitudeDeg: -104.015, elevationM: 2027 };
const T = Date.UTC(2022, 0, 16, 5);

describe('targets', () => {
  it('HOUR_ANGLE targets keep their hour angle and declination of date', () => {
    const p = targetPosition({ type: 'HOUR_ANGLE', hourAngleHours: -2.5, decDeg: 12 }, SITE, T);
    expect(Math.abs(p.hourAngleHours + 2.5)).toBeLessThan(1e-9);
    expect(Math.abs(p.decOfDateDeg - 12)).toBeLessThan(1e-9);
  });
  it('SATELLITE targets follow their alt/az rates and accelerations', () => {
    const mjd = utcMsToMjd(T);
    const sat = { type: 'SATELLITE' as const, altitudeDeg: 40, azimuthDeg: 100, diffEpochMjd: mjd, diffAltitudeRateArcsecPerSec: 36, diffAzimuthRateArcsecPerSec: -72, diffAltitudeAccelerationArcsecPerSec2: 0.2, diffAzimuthAccelerationArcsecPerSec2: 0 };
    const p = targetPosition(sat, SITE, T + 100_000);
    expect(Math.abs(p.altitudeDeg - (40 + (3600 + 1000) / 3600))).toBeLessThan(1e-6); // MJD round trip ≈ 1e-8°
    expect(Math.abs(p.azimuthDeg - (100 - 7200 / 3600))).toBeLessThan(1e-6);
  });
  it('rejects orbital elements missing a scheme field with a validation error', () => {
    expect(() => prepareTarget({ type: 'ORBITAL_ELEMENTS', scheme: 'MPC_COMET', epochofel: 59600, orbinc: 1, longascnode: 1, argofperih: 1, eccentricity: 1 })).toThrow(AppError);
  });
});

describe('moon phase', () => {
  it('is ~1 at the full moon of 2022-01-17 23:48 UTC and ~0 at the new moon of 2022-01-02 18:33 UTC', () => {
    const full = moonIllumination(frameAt(SITE, Date.UTC(2022, 0, 17, 23, 48)));
    const newMoon = moonIllumination(frameAt(SITE, Date.UTC(2022, 0, 2, 18, 33)));
    expect(full.illuminatedFraction).toBeGreaterThan(0.995);
    expect(newMoon.illuminatedFraction).toBeLessThan(0.005);
    // First quarter 2022-01-09 18:11 UTC: half lit, waxing.
    const fq = moonIllumination(frameAt(SITE, Date.UTC(2022, 0, 9, 18, 11)));
    expect(Math.abs(fq.illuminatedFraction - 0.5)).toBeLessThan(0.02);
    expect(fq.waxing).toBe(true);
  });
});

describe('airmass and time', () => {
  it('plane-parallel airmass and its altitude cut (OCS §8.3)', () => {
    expect(altitudeForAirmassDeg(2)).toBeCloseTo(30, 10);
    expect(altitudeForAirmassDeg(1.6)).toBeCloseTo(38.6821874, 6);
    expect(airmassPlaneParallel(30)).toBeCloseTo(2, 12);
    expect(airmassPlaneParallel(-1)).toBeNull();
  });
  it('TT − UTC = 32.184 s + leap seconds (69.184 s since 2017)', () => {
    expect(ttMinusUtcSec(Date.UTC(2022, 0, 1))).toBeCloseTo(69.184, 9);
    expect(ttMinusUtcSec(Date.UTC(2016, 11, 31, 23, 59, 59))).toBeCloseTo(68.184, 9);
  });
});
