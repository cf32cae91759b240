/** One labelled form control with its field-level errors (client schema first, then the portal's). */
import type { ReactNode } from 'react';

export type ErrorsAt = (path: readonly (string | number)[]) => string[];

export function Field({ label, errors, children, className, testId }: { label: ReactNode; errors?: string[]; children: ReactNode; className?: string; testId?: string }) {
  const list = errors ?? [];
  return (
    <label className={`cmp-field ${list.length > 0 ? 'has-error' : ''} ${className ?? ''}`} data-testid={testId}>
      <span className="cmp-label">{label}</span>
      {children}
      {list.map((m) => (
        <span key={m} className="cmp-error" data-testid="cmp-field-error">
          {m}
        </span>
      ))}
    </label>
  );
}

/** Errors that belong to an object (a request, a window) rather than one field. */
export function ObjectErrors({ errors, testId }: { errors: string[]; testId?: string }) {
  if (errors.length === 0) return null;
  return (
    <div className="cmp-object-errors" data-testid={testId}>
      {errors.map((m) => (
        <div key={m}>{m}</div>
      ))}
    </div>
  );
}
