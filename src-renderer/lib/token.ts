/**
 * The browser console's access token: handed over once in the URL hash (`#token=…`), then kept in
 * sessionStorage (per tab, gone when the tab closes) and removed from the address bar so it does
 * not end up in history or screenshots.
 */
const STORAGE_KEY = 'nightshift.token';

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Extracts `token` from a URL hash such as `#token=abc` or `#a=1&token=abc`; null when absent or empty. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token === null || token === '' ? null : token;
}

/** Reads the token from the hash (storing it and cleaning the URL) or from storage. */
export function takeToken(location: Location, history: History, storage: StorageLike): string | null {
  const fromHash = tokenFromHash(location.hash);
  if (fromHash !== null) {
    storage.setItem(STORAGE_KEY, fromHash);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return fromHash;
  }
  return storage.getItem(STORAGE_KEY);
}
