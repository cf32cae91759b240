/**
 * The compact booking form: telescope, night, start (site local time), duration and proposal, with
 * the chosen night's free intervals (click one to start there), live field errors, and Book. When
 * none of the user's proposals has real-time time it says so instead of offering a form that cannot succeed.
 */
import { useEffect, useMemo, useState } from 'react';
import type { RealtimeAvailability, RealtimeSession } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { formatClock } from '../../lib/time-format';
import { bookingErrorsOf, checkBooking, localTimeOf, nightsOf, proposalChoices, type BookingErrors } from './booking-model';

export interface TelescopeChoice {
  id: string;
  label: string;
  timeZone: string;
}

interface Props {
  availability: RealtimeAvailability | null;
  telescopes: readonly TelescopeChoice[];
  nowMs: number | null;
  onBooked: (session: RealtimeSession) => void;
}

function FieldErrors({ messages }: { messages: string[] | undefined }) {
  return (
    <>
      {(messages ?? []).map((m) => (
        <span key={m} className="rt-error" data-testid="rt-field-error">
          {m}
        </span>
      ))}
    </>
  );
}

const nightLabel = (key: string): string => {
  const [y, m, d] = key.split('-').map(Number);
  const start = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
  const end = new Date(start.getTime() + 86_400_000);
  const fmt = (x: Date): string => x.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  return `${fmt(start)} → ${fmt(end)}`;
};

export function BookingForm({ availability, telescopes, nowMs, onBooked }: Props) {
  const client = useClient();
  // Telescopes where one of the user's proposals has real-time time, first.
  const bookable = useMemo(() => telescopes.filter((t) => proposalChoices(availability, t.id).length > 0), [telescopes, availability]);
  const [telescopeId, setTelescopeId] = useState('');
  const [nightKey, setNightKey] = useState('');
  const [startLocal, setStartLocal] = useState('');
  const [durationText, setDurationText] = useState('1');
  const [proposalId, setProposalId] = useState('');
  const [name, setName] = useState('Real-time session');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<BookingErrors>({});
  const [message, setMessage] = useState<string | null>(null);

  const telescope = telescopes.find((t) => t.id === telescopeId) ?? null;
  const timeZone = telescope?.timeZone ?? 'UTC';
  const free = useMemo(() => availability?.telescopes.find((t) => t.telescopeId === telescopeId)?.free ?? [], [availability, telescopeId]);
  const nights = useMemo(() => nightsOf(free, timeZone), [free, timeZone]);
  const night = nights.find((n) => n.key === nightKey) ?? null;
  const proposals = useMemo(() => proposalChoices(availability, telescopeId), [availability, telescopeId]);

  // Defaults follow the choices: the first bookable telescope, its first night, that night's first free minute, its best proposal.
  useEffect(() => {
    if (telescopeId === '' || !telescopes.some((t) => t.id === telescopeId)) setTelescopeId(bookable[0]?.id ?? telescopes[0]?.id ?? '');
  }, [bookable, telescopes, telescopeId]);
  useEffect(() => {
    if (!nights.some((n) => n.key === nightKey)) setNightKey(nights[0]?.key ?? '');
  }, [nights, nightKey]);
  // The start defaults once per telescope and night: a start the user typed stays.
  const [defaultedFor, setDefaultedFor] = useState('');
  useEffect(() => {
    const first = night?.free[0];
    const key = `${telescopeId}|${night?.key ?? ''}`;
    if (!first || key === defaultedFor) return;
    setDefaultedFor(key);
    setStartLocal(localTimeOf(Math.max(first.startMs, nowMs ?? 0), timeZone));
  }, [night, telescopeId, nowMs, timeZone, defaultedFor]);
  useEffect(() => {
    if (!proposals.some((p) => p.id === proposalId)) setProposalId(proposals[0]?.id ?? '');
  }, [proposals, proposalId]);

  if (availability === null) return <p className="footnote">Loading the free times…</p>;
  if (availability.proposals.length === 0) {
    return (
      <div className="rt-cannot" data-testid="rt-no-allocation">
        <strong>No real-time time to book.</strong> None of your proposals has real-time hours allocated
        {availability.semester === null ? ' (no semester is defined for today)' : ` in semester ${availability.semester}`}. Real-time hours are
        part of a proposal's time allocation (<span className="mono">realtime_allocation</span>); ask the observatory's staff to allocate some, then
        book here.
      </div>
    );
  }

  const durationHours = Number(durationText);
  const check = checkBooking({ telescopeId, nightKey, startLocal, durationHours, proposalId }, availability, timeZone, nowMs ?? 0);
  const errors: BookingErrors = touched ? { ...check.errors, ...serverErrors } : serverErrors;
  const canBook = Object.keys(check.errors).length === 0 && !busy && check.startUtcMs !== null && check.endUtcMs !== null;
  const edit = (f: () => void): void => {
    f();
    setTouched(true);
    setServerErrors({});
    setMessage(null);
  };
  const book = (): void => {
    if (check.startUtcMs === null || check.endUtcMs === null) return;
    setBusy(true);
    setMessage(null);
    const input = { telescopeId, startUtcMs: check.startUtcMs, endUtcMs: check.endUtcMs, proposalId, ...(name.trim() === '' ? {} : { name: name.trim().slice(0, 50) }) };
    void client.invoke('realtime.book', input).then((r) => {
      setBusy(false);
      if (r.ok) {
        setTouched(false);
        // The booked time is no longer free: start again from the night's first free minute.
        setDefaultedFor('');
        setMessage(`Booked ${r.value.telescopeId} ${formatClock(r.value.startUtcMs, timeZone, false)}–${formatClock(r.value.endUtcMs, timeZone, false)} local.`);
        onBooked(r.value);
      } else {
        const fields = bookingErrorsOf(r.error.details);
        setServerErrors(Object.keys(fields).length > 0 ? fields : { non_field_errors: [r.error.message] });
      }
    });
  };
  const endLocal = check.endUtcMs === null ? null : formatClock(check.endUtcMs, timeZone, false);

  return (
    <form
      className="rt-form"
      data-testid="rt-form"
      onSubmit={(e) => {
        e.preventDefault();
        book();
      }}
    >
      <div className="rt-row">
        <label className={`rt-field ${errors.telescopeId ? 'has-error' : ''}`}>
          <span className="rt-label">Telescope</span>
          <select value={telescopeId} onChange={(e) => edit(() => setTelescopeId(e.target.value))} aria-label="Telescope">
            {telescopes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
                {proposalChoices(availability, t.id).length === 0 ? ' (no real-time time)' : ''}
              </option>
            ))}
          </select>
          <FieldErrors messages={errors.telescopeId} />
        </label>
        <label className="rt-field">
          <span className="rt-label">Night</span>
          <select value={nightKey} onChange={(e) => edit(() => setNightKey(e.target.value))} aria-label="Night" disabled={nights.length === 0}>
            {nights.length === 0 && <option value="">no free night</option>}
            {nights.map((n) => (
              <option key={n.key} value={n.key}>
                {nightLabel(n.key)}
              </option>
            ))}
          </select>
        </label>
        <label className={`rt-field ${errors.startUtcMs ? 'has-error' : ''}`}>
          <span className="rt-label">Start (local)</span>
          <input className="search rt-time" value={startLocal} onChange={(e) => edit(() => setStartLocal(e.target.value))} placeholder="HH:MM" aria-label="Start" inputMode="numeric" />
        </label>
        <label className={`rt-field ${errors.endUtcMs ? 'has-error' : ''}`}>
          <span className="rt-label">Duration (h)</span>
          <input className="search rt-duration" type="number" min={0.25} step={0.25} value={durationText} onChange={(e) => edit(() => setDurationText(e.target.value))} aria-label="Duration" />
        </label>
        <label className={`rt-field ${errors.proposalId ? 'has-error' : ''}`}>
          <span className="rt-label">Proposal</span>
          <select value={proposalId} onChange={(e) => edit(() => setProposalId(e.target.value))} aria-label="Proposal" disabled={proposals.length === 0}>
            {proposals.length === 0 && <option value="">none with real-time time here</option>}
            {proposals.map((p) => (
              <option key={p.id} value={p.id} title={p.title}>
                {p.id} · {Number(p.hoursLeft.toFixed(2))} h left
              </option>
            ))}
          </select>
        </label>
        <label className={`rt-field ${errors.name ? 'has-error' : ''}`}>
          <span className="rt-label">Name</span>
          <input className="search rt-name" value={name} maxLength={50} onChange={(e) => edit(() => setName(e.target.value))} aria-label="Name" />
        </label>
        <div className="rt-field rt-submit">
          <span className="rt-label">&nbsp;</span>
          <button type="submit" className="btn rt-book" disabled={!canBook} data-testid="rt-book">
            {busy ? 'Booking…' : 'Book'}
          </button>
        </div>
      </div>
      <div className="rt-summary">
        {check.startUtcMs !== null && endLocal !== null && (
          <span className="mono" data-testid="rt-span">
            {formatClock(check.startUtcMs, timeZone, false)}–{endLocal} local · {formatClock(check.startUtcMs, 'UTC', false)}–{formatClock(check.endUtcMs ?? 0, 'UTC', false)} UTC
          </span>
        )}
        <span className="rt-free" data-testid="rt-free">
          <span className="muted">Free this night:</span>
          {night === null && <span className="muted"> none in the next {Math.round((availability.toUtcMs - availability.fromUtcMs) / 86_400_000)} days</span>}
          {night?.free.map((i) => (
            <button
              key={i.startMs}
              type="button"
              className="chip rt-chip"
              title={`${formatClock(i.startMs, 'UTC', false)}–${formatClock(i.endMs, 'UTC', false)} UTC · click to start here`}
              onClick={() => edit(() => setStartLocal(localTimeOf(Math.max(i.startMs, nowMs ?? 0), timeZone)))}
            >
              {formatClock(i.startMs, timeZone, false)}–{formatClock(i.endMs, timeZone, false)}
            </button>
          ))}
        </span>
      </div>
      {[...(errors.startUtcMs ?? []), ...(errors.endUtcMs ?? []), ...(errors.proposalId ?? []), ...(errors.name ?? []), ...(errors.non_field_errors ?? [])].length > 0 && (
        <div className="rt-errors">
          <FieldErrors messages={errors.startUtcMs} />
          <FieldErrors messages={errors.endUtcMs} />
          <FieldErrors messages={errors.proposalId} />
          <FieldErrors messages={errors.name} />
          <FieldErrors messages={errors.non_field_errors} />
        </div>
      )}
      {message !== null && (
        <div className="rt-ok" data-testid="rt-booked">
          {message}
        </div>
      )}
    </form>
  );
}
