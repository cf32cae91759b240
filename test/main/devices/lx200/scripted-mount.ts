/**
 * A scripted LX200 mount for tests: answers the core command set in either precision over any
 * ByteLink (in-memory pair or a socat pty). Slews last a number of `:D#` polls (not wall time) so
 * tests are deterministic. Misbehaviour is scripted: `silentFor` commands get no reply, `garbageFor`
 * commands get noise, `noisePrefix` prepends stray bytes to `#` replies (must be tolerated).
 */
import type { ByteLink } from '../../../../src-main/devices/transport';

const hms = (h: number, hi: boolean): string => {
  const t = ((h % 24) + 24) % 24;
  if (hi) {
    const s = Math.round(t * 3600) % 86400;
    return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  }
  const d = Math.round(t * 600) % 14400;
  return `${String(Math.floor(d / 600)).padStart(2, '0')}:${String(Math.floor((d % 600) / 10)).padStart(2, '0')}.${d % 10}`;
};

const dms = (deg: number, hi: boolean): string => {
  const sign = deg < 0 ? '-' : '+';
  const a = Math.abs(deg);
  if (hi) {
    const s = Math.round(a * 3600);
    // Real mounts answer :GD# with ' before the seconds (while :Sd takes ':').
    return `${sign}${String(Math.floor(s / 3600)).padStart(2, '0')}\u00df${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}'${String(s % 60).padStart(2, '0')}`;
  }
  const m = Math.round(a * 60);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}\u00df${String(m % 60).padStart(2, '0')}`;
};

function parseSexa(s: string): number | null {
  const m = /^\s*([+-]?)(\d{1,3})\D(\d{1,2})(?:[.](\d))?(?:\D(\d{1,2}))?\s*$/.exec(s);
  if (!m) return null;
  const v = Number(m[2]) + Number(m[3]) / 60 + (m[4] ? Number(m[4]) / 600 : 0) + (m[5] ? Number(m[5]) / 3600 : 0);
  return m[1] === '-' ? -v : v;
}

export class ScriptedLx200Mount {
  raHours = 5.5;
  decDeg = 20;
  highPrecision = true;
  alignment: 'P' | 'L' | 'A' = 'P';
  /** Number of `:D#` polls a slew lasts. */
  slewPolls = 3;
  /** Targets below this Dec are "below the horizon" (`:MS#` → `1…#`). */
  horizonDecDeg = -30;
  silentFor = 0;
  garbageFor = 0;
  noisePrefix = '';
  /** When set, slews stop this far (degrees Dec) from the target: a mount that lies. */
  slewErrorDeg = 0;
  readonly log: string[] = [];
  private targetRa = 5.5;
  private targetDec = 20;
  private slewLeft = 0;
  private buf = '';
  private unsubscribe: () => void = () => undefined;
  private link: ByteLink | null = null;

  constructor(link?: ByteLink) {
    if (link) this.attach(link);
  }

  /** Listens on `link` (replacing any earlier one), e.g. after the client reopened an in-memory pair. */
  attach(link: ByteLink): void {
    this.unsubscribe();
    this.link = link;
    this.buf = '';
    this.unsubscribe = link.onData((chunk) => this.onBytes(Buffer.from(chunk).toString('latin1')));
  }

  stop(): void {
    this.unsubscribe();
  }

  private reply(s: string): void {
    void this.link?.write(Buffer.from(s, 'latin1')).catch(() => undefined);
  }

  private onBytes(text: string): void {
    this.buf += text;
    for (;;) {
      const ack = this.buf.indexOf('\x06');
      const m = /:([A-Za-z]{1,3})\s?([^#]*)#/.exec(this.buf);
      if (ack >= 0 && (!m || ack < m.index)) {
        this.buf = this.buf.slice(ack + 1);
        this.answer('ACK', '');
        continue;
      }
      if (!m) break;
      this.buf = this.buf.slice(m.index + m[0].length);
      this.answer(m[1] ?? '', m[2] ?? '');
    }
  }

  private answer(cmd: string, arg: string): void {
    this.log.push(arg ? `${cmd} ${arg}` : cmd);
    const out = this.respond(cmd, arg);
    if (out === null) return;
    if (this.silentFor > 0) {
      this.silentFor--;
      return;
    }
    if (this.garbageFor > 0) {
      this.garbageFor--;
      this.reply('\u00ff\u0013zq?#');
      return;
    }
    this.reply(out.endsWith('#') ? this.noisePrefix + out : out);
  }

  /** The reply to one command, or null for commands that have none. */
  private respond(cmd: string, arg: string): string | null {
    const hi = this.highPrecision;
    switch (cmd) {
      case 'ACK':
        return this.alignment;
      case 'GVP':
        return 'Scripted LX200#';
      case 'GR':
        return `${hms(this.raHours, hi)}#`;
      case 'GD':
        return `${dms(this.decDeg, hi)}#`;
      case 'U':
        this.highPrecision = !this.highPrecision;
        return null;
      case 'Sr': {
        const v = parseSexa(arg);
        if (v === null || v < 0 || v >= 24) return '0';
        this.targetRa = v;
        return '1';
      }
      case 'Sd': {
        const v = parseSexa(arg);
        if (v === null || Math.abs(v) > 90) return '0';
        this.targetDec = v;
        return '1';
      }
      case 'MS':
        if (this.targetDec < this.horizonDecDeg) return '1Object Below Horizon#';
        this.slewLeft = this.slewPolls;
        if (this.slewLeft === 0) this.finishSlew();
        return '0';
      case 'D':
        if (this.slewLeft > 0) {
          this.slewLeft--;
          if (this.slewLeft === 0) this.finishSlew();
          return '\x7f\x7f\x7f\x7f#';
        }
        return '#';
      case 'CM':
        this.raHours = this.targetRa;
        this.decDeg = this.targetDec;
        return 'Coordinates     matched.        #';
      case 'Q':
        this.slewLeft = 0;
        return null;
      case 'hP':
        this.raHours = 0;
        this.decDeg = 90;
        this.slewLeft = this.slewPolls;
        return null;
      case 'AP':
        this.alignment = 'P';
        return null;
      case 'AL':
        this.alignment = 'L';
        return null;
      case 'SC':
        return '1Updating Planetary Data#                                #';
      case 'Sa':
      case 'Sz':
      case 'St':
      case 'Sg':
      case 'SL':
      case 'SG':
        return '1';
      case 'MA':
        this.slewLeft = this.slewPolls;
        return '0';
      case 'GC':
        return '11/21/26#';
      case 'GL':
        return '12:34:56#';
      default:
        return null;
    }
  }

  private finishSlew(): void {
    this.raHours = this.targetRa;
    this.decDeg = this.targetDec + this.slewErrorDeg;
  }
}
