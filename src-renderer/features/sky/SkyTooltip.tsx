/** The hover tooltip of the all-sky view, placed beside the object. */
import type { SkyHover } from './sky-model';
import { tooltipLines } from './tooltip-lines';

export function SkyTooltip({ hover }: { hover: SkyHover }) {
  const { title, lines } = tooltipLines(hover);
  return (
    <div
      role="tooltip"
      data-testid="sky-tooltip"
      className="sky-tooltip"
      style={{ left: hover.x + 12, top: hover.y + 12 }}
    >
      <strong>{title}</strong>
      {lines.map((l) => (
        <div key={l}>{l}</div>
      ))}
    </div>
  );
}
