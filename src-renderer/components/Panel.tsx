import type { ReactNode } from 'react';

interface PanelProps {
  title: ReactNode;
  /** Right side of the header: counts, filters, actions. */
  tools?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}

/** A titled box: the console's unit of layout. */
export function Panel({ title, tools, children, className, testId }: PanelProps) {
  return (
    <section className={`panel ${className ?? ''}`} data-testid={testId}>
      <header className="panel-head">
        <h2 className="panel-title">{title}</h2>
        {tools !== undefined && <div className="panel-tools">{tools}</div>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

/** What a panel shows instead of data: loading, an error, or an honest "nothing yet". */
export function Empty({ children, tone = 'muted' }: { children: ReactNode; tone?: 'muted' | 'error' }) {
  return <div className={`empty empty-${tone}`}>{children}</div>;
}
