/** The frame's full primary header, searchable by keyword, value or comment. */
import { useMemo, useState } from 'react';
import type { FrameHeader } from '../../../src-shared/ipc/contract';

function valueText(v: FrameHeader['cards'][number]['value']): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  return String(v);
}

export function HeaderTable({ cards }: { cards: FrameHeader['cards'] }) {
  const [text, setText] = useState('');
  const rows = useMemo(() => {
    const q = text.trim().toLowerCase();
    if (q === '') return cards;
    return cards.filter((c) => c.key.toLowerCase().includes(q) || valueText(c.value).toLowerCase().includes(q) || c.comment.toLowerCase().includes(q));
  }, [cards, text]);
  return (
    <div className="header-box">
      <div className="header-search">
        <input type="search" className="search" placeholder="Search keyword, value, comment…" value={text} onChange={(e) => setText(e.target.value)} data-testid="header-search" aria-label="Search the header" />
        <span className="mono muted">
          {rows.length}/{cards.length}
        </span>
      </div>
      <div className="header-scroll">
        <table className="table header-table" data-testid="header-table">
          <thead>
            <tr>
              <th>Keyword</th>
              <th>Value</th>
              <th>Comment</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c, i) => (
              <tr key={`${c.key}-${i}`} data-key={c.key}>
                <td className="mono strong nowrap">{c.key}</td>
                <td className={`mono hv ${typeof c.value === 'string' ? 'hv-str' : ''}`}>{valueText(c.value)}</td>
                <td className="muted hc">{c.comment}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="empty">No card matches “{text}”.</p>}
      </div>
    </div>
  );
}
