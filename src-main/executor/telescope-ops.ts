/**
 * Telescope operations the executor composes, each journaled before the device is told and
 * verified by reading the device back: open (roof order enforced), slew and track with the dome
 * slaved, filter, calibration pointing.
 */
import { AppError } from '../../src-shared/errors';
import type { DeviceKind, EquatorialCoords, Equinox, HorizontalCoords } from '../devices';
import { deviceIdOf } from '../safety';
import type { ExecutorContext } from './context';

/** Does the telescope have a device of this kind? */
export function hasDevice(ctx: ExecutorContext, kind: DeviceKind): boolean {
  return deviceIdOf(ctx.devices, ctx.address.telescopeId, kind) !== null;
}

export interface OpContext {
  observationId: number | null;
  configurationStatusId: number | null;
  signal: AbortSignal;
}

function journal(ctx: ExecutorContext, op: OpContext, kind: string, detail: Record<string, unknown> = {}): void {
  ctx.journal.record({ telescopeId: ctx.address.telescopeId, utcMs: ctx.clock.nowMs(), kind, observationId: op.observationId, configurationStatusId: op.configurationStatusId, detail });
}

function checkSafe(ctx: ExecutorContext): void {
  const s = ctx.supervisor.status(ctx.address.telescopeId);
  if (s.state !== 'safe') throw new AppError('device.unsafe', `telescope unsafe (${s.state}): ${s.reasons.join('; ') || s.alarm || 'waiting for safe conditions'}`);
}

/**
 * Opens the enclosure and unparks the mount. Roof: the mount is parked first and the roof opened
 * before the mount moves (never unpark with the roof closed). Dome: opened and unparked.
 */
export async function openTelescope(ctx: ExecutorContext, op: OpContext): Promise<void> {
  const tel = ctx.address.telescopeId;
  const o = { signal: op.signal };
  if (hasDevice(ctx, 'dome')) {
    const dome = await ctx.devices.command(tel, 'dome', (d, signal) => d.readState({ signal }), o);
    if (dome.shutter !== 'open') {
      checkSafe(ctx);
      const isRoof = !dome.capabilities.canSetAzimuth;
      if (isRoof && hasDevice(ctx, 'mount')) {
        const m = await ctx.devices.command(tel, 'mount', (d, signal) => d.readState({ signal }), o);
        if (!m.parked) {
          journal(ctx, op, 'mount.park', { why: 'roof moves only with the mount parked' });
          await ctx.devices.command(tel, 'mount', (d, signal) => d.park({ signal }), o);
        }
      }
      journal(ctx, op, 'enclosure.open');
      await ctx.devices.command(tel, 'dome', (d, signal) => d.openShutter({ signal }), o);
      const after = await ctx.devices.command(tel, 'dome', (d, signal) => d.readState({ signal }), o);
      if (after.shutter !== 'open') throw new AppError('device.postcondition', `enclosure reads '${after.shutter}' after opening`);
      journal(ctx, op, 'enclosure.opened');
    }
  }
  if (hasDevice(ctx, 'mount')) {
    const m = await ctx.devices.command(tel, 'mount', (d, signal) => d.readState({ signal }), o);
    if (m.parked) {
      journal(ctx, op, 'mount.unpark');
      await ctx.devices.command(tel, 'mount', (d, signal) => d.unpark({ signal }), o);
    }
  }
}

/** Slews and tracks; the dome (when it can) is slaved to the mount. */
export async function slewTo(ctx: ExecutorContext, op: OpContext, target: EquatorialCoords, equinox: Equinox, name: string): Promise<void> {
  const tel = ctx.address.telescopeId;
  const o = { signal: op.signal };
  if (!hasDevice(ctx, 'mount')) throw new AppError('device.unsupported', `${tel} has no mount`);
  if (hasDevice(ctx, 'dome')) {
    const dome = await ctx.devices.command(tel, 'dome', (d, signal) => d.readState({ signal }), o);
    if (dome.capabilities.canSlave && !dome.slaved) {
      journal(ctx, op, 'dome.slave');
      await ctx.devices.command(tel, 'dome', (d, signal) => d.setSlaved(true, { signal }), o);
    }
  }
  checkSafe(ctx);
  journal(ctx, op, 'slew', { target: name, raHours: target.raHours, decDeg: target.decDeg, equinox });
  await ctx.devices.command(tel, 'mount', (d, signal) => d.slewToCoordinates(target, equinox, { signal }), o);
  journal(ctx, op, 'slew.done', { target: name });
}

/** Points at a fixed alt/az (sky flats), tracking off. */
export async function pointAt(ctx: ExecutorContext, op: OpContext, target: HorizontalCoords): Promise<void> {
  checkSafe(ctx);
  journal(ctx, op, 'slew.horizontal', { ...target });
  await ctx.devices.command(ctx.address.telescopeId, 'mount', (d, signal) => d.slewToHorizontal(target, { signal }), { signal: op.signal });
}

/** Moves the filter wheel to `filter`; throws `validation.invalid` when the wheel does not hold it. */
export async function setFilter(ctx: ExecutorContext, op: OpContext, filter: string, slotOf: (names: readonly string[]) => number | null): Promise<void> {
  const tel = ctx.address.telescopeId;
  if (!hasDevice(ctx, 'filterWheel')) throw new AppError('validation.invalid', `filter ${filter} requested but ${tel} has no filter wheel`);
  const o = { signal: op.signal };
  const wheel = await ctx.devices.command(tel, 'filterWheel', (d, signal) => d.readState({ signal }), o);
  const slot = slotOf(wheel.names);
  if (slot === null) throw new AppError('validation.invalid', `filter ${filter} is not in the wheel (${wheel.names.join(', ')})`);
  if (wheel.slot === slot) return;
  journal(ctx, op, 'filter', { filter, slot });
  await ctx.devices.command(tel, 'filterWheel', (d, signal) => d.setSlot(slot, { signal }), o);
}
