/** An honest placeholder for a page that does not exist yet: it names what will come, and shows no fake data. */
import type { Page } from '../../stores/ui';

const PLANS: Partial<Record<Page, { title: string; lines: string[] }>> = {
  sky: {
    title: 'Sky',
    lines: [
      'All-sky chart for the site with horizon, Moon, planets and the targets of tonight’s requests.',
      'Telescope pointing and slew paths, live from the mounts.',
      'Survey imagery around a target for finding charts.',
    ],
  },
  data: {
    title: 'Data',
    lines: [
      'Frames from tonight and earlier nights, with FITS headers in the OCS archive set.',
      'Thumbnails, search by target, proposal, filter and date, and export.',
      'Upload status to a network science archive.',
    ],
  },
  planning: {
    title: 'Planning',
    lines: [
      'Visibility of a target over the coming nights: airmass, hour angle, Moon distance and phase.',
      'Request composer with OCS duration estimates and field-level validation.',
      'What-if scheduling: how a new request would fit tonight.',
    ],
  },
};

export function NotBuilt({ page }: { page: Page }) {
  const plan = PLANS[page];
  return (
    <div className="page page-notbuilt" data-testid={`page-${page}`}>
      <div className="page-head">
        <h1>{plan?.title ?? page}</h1>
        <span className="page-sub">Not built yet</span>
      </div>
      <section className="notbuilt">
        <p className="notbuilt-lead">This page is not built yet. It will show:</p>
        <ul>
          {(plan?.lines ?? []).map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
