import { createContext, useContext } from 'react';
import type { ZedopsClient } from '../../../electron/shared/api';

/** The one client, for components that act (cards' buttons); stores get it passed in. */
export const ClientContext = createContext<ZedopsClient | null>(null);

export function useClient(): ZedopsClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('No ZedopsClient: render inside <ClientContext value={client}>.');
  return client;
}
