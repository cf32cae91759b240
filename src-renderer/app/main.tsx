/** Console entry: pick the transport, wire the stores, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createCoreClient } from '../lib/create-client';
import { startSync } from '../stores/sync';
import { App } from './App';
import { ClientContext } from './client-context';
import './styles.css';

const client = createCoreClient();
const stopSync = startSync(client);
window.addEventListener('pagehide', () => {
  stopSync();
  client.close();
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <ClientContext.Provider value={client}>
      <App />
    </ClientContext.Provider>
  </StrictMode>,
);
