import type { ReactNode } from 'react';

/** A small status pill; `tone` picks the colour from the theme (so night vision can recolour it). */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted' | 'accent';

export function Badge({
  tone,
  children,
  title,
  testId,
  dataState,
}: {
  tone: Tone;
  children: ReactNode;
  title?: string;
  testId?: string;
  dataState?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title} data-testid={testId} data-state={dataState}>
      {children}
    </span>
  );
}

/** A status lamp. */
export function Led({ tone, title }: { tone: Tone; title?: string }) {
  return <span className={`led led-${tone}`} title={title} aria-label={title} role="img" />;
}
