/** Hands the one CoreClient to components that invoke (stores get it as an argument). */
import { createContext, useContext } from 'react';
import type { CoreClient } from '../lib/transport';

export const ClientContext = createContext<CoreClient | null>(null);

export function useClient(): CoreClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient outside <ClientContext.Provider>');
  return client;
}
