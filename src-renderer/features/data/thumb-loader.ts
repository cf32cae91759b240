/**
 * Thumbnails for the list and grid, fetched one frame at a time through `frames.thumbnail` when a
 * card scrolls into view. At most MAX_IN_FLIGHT requests run at once; a card that scrolls away
 * before its turn is skipped; answers are kept (as data URLs) for the most recent CACHE_SIZE frames.
 */
import type { CoreClient } from '../../lib/transport';

const MAX_IN_FLIGHT = 6;
const CACHE_SIZE = 600;

interface Waiting {
  frameId: number;
  wanted: () => boolean;
  resolve: (url: string | null) => void;
}

const cache = new Map<number, string>();
const waiting: Waiting[] = [];
let inFlight = 0;

function remember(frameId: number, url: string): void {
  cache.delete(frameId);
  cache.set(frameId, url);
  while (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
}

/** The cached data URL of a frame's thumbnail, or null when it has not been fetched. */
export function cachedThumbnail(frameId: number): string | null {
  return cache.get(frameId) ?? null;
}

function pump(client: CoreClient): void {
  while (inFlight < MAX_IN_FLIGHT && waiting.length > 0) {
    const next = waiting.shift() as Waiting;
    if (!next.wanted()) {
      next.resolve(null);
      continue;
    }
    inFlight++;
    void client.invoke('frames.thumbnail', { frameId: next.frameId }).then((answer) => {
      inFlight--;
      if (answer.ok) {
        const url = `data:image/png;base64,${answer.value.pngBase64}`;
        remember(next.frameId, url);
        next.resolve(url);
      } else next.resolve(null);
      pump(client);
    });
  }
}

/**
 * Resolves with the thumbnail's data URL, or null when it failed or `wanted()` turned false
 * before the request started.
 */
export function loadThumbnail(client: CoreClient, frameId: number, wanted: () => boolean): Promise<string | null> {
  const hit = cache.get(frameId);
  if (hit !== undefined) return Promise.resolve(hit);
  return new Promise((resolve) => {
    waiting.push({ frameId, wanted, resolve });
    pump(client);
  });
}
