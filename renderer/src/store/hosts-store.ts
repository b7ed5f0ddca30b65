import { create } from 'zustand';
import type { Host, ZedopsClient } from '../../../electron/shared/api';

interface HostsState {
  hosts: Host[];
  loaded: boolean;
  error: string | null;
  /** Loads the hosts once, then keeps them current from the change feed. No polling. */
  connect(client: ZedopsClient): () => void;
  refresh(client: ZedopsClient): Promise<void>;
}

export function upsertHost(hosts: Host[], host: Host): Host[] {
  const i = hosts.findIndex((h) => h.id === host.id);
  if (i === -1) return [...hosts, host];
  const next = hosts.slice();
  next[i] = host;
  return next;
}

export const useHostsStore = create<HostsState>((set, get) => ({
  hosts: [],
  loaded: false,
  error: null,
  connect(client) {
    const off = client.subscribe('host.changed', (host) => set({ hosts: upsertHost(get().hosts, host) }));
    void get().refresh(client);
    return off;
  },
  async refresh(client) {
    try {
      set({ hosts: await client.call('hosts.list', {}), loaded: true, error: null });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
}));
