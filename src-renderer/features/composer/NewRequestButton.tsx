/** The Queue page's "New request" button: opens the composer (keeps a draft in progress). */
import { useClient } from '../../app/client-context';
import { useCoreNow } from '../../lib/use-core-now';
import { useComposerStore } from './composer-store';

export function NewRequestButton() {
  const client = useClient();
  const now = useCoreNow();
  const open = useComposerStore((s) => s.open);
  const openComposer = useComposerStore((s) => s.openComposer);
  return (
    <button type="button" className="btn cmp-new" disabled={open} onClick={() => void openComposer(client, now.utcMs ?? Date.now())} data-testid="queue-new-request">
      New request
    </button>
  );
}
