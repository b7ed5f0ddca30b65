import { create } from 'zustand';
import type { EventPayload, ZedopsClient } from '../../../electron/shared/api';
import type { ServerAction } from '../../../electron/shared/lifecycle';
import type { OperationProgress, Server, SimpleAction } from '../../../electron/shared/servers';

/** Replaces a known server in place (keeping the order) or appends a new one. */
export function upsertServer(servers: Server[], server: Server): Server[] {
  const i = servers.findIndex((s) => s.id === server.id);
  if (i === -1) return [...servers, server];
  const next = servers.slice();
  next[i] = server;
  return next;
}

/** Drops a server; the same array when it was not there, so subscribers do not re-render. */
export function removeServer(servers: Server[], id: string): Server[] {
  return servers.some((s) => s.id === id) ? servers.filter((s) => s.id !== id) : servers;
}

/** Keeps the latest progress line of each running operation; drops it once the server has none. */
export function trackProgress(
  progress: Record<string, OperationProgress>,
  event: OperationProgress,
): Record<string, OperationProgress> {
  return { ...progress, [event.serverId]: event };
}

export function forgetProgress(
  progress: Record<string, OperationProgress>,
  serverId: string,
): Record<string, OperationProgress> {
  if (!(serverId in progress)) return progress;
  const next = { ...progress };
  delete next[serverId];
  return next;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface ServersState {
  servers: Server[];
  loaded: boolean;
  error: string | null;
  /** Latest `operation.progress` line per server, while its operation runs. */
  progress: Record<string, OperationProgress>;
  /** The action this window asked for and is waiting on, per server. */
  pending: Record<string, ServerAction>;
  /** The last refusal or failure of an action asked from this window, per server. */
  actionErrors: Record<string, string>;
  /** Loads every server (deleted ones too) once, then keeps them current from the change feed. No polling. */
  connect(client: ZedopsClient): () => void;
  refresh(client: ZedopsClient): Promise<void>;
  act(client: ZedopsClient, server: Server, action: SimpleAction): Promise<boolean>;
  purge(client: ZedopsClient, server: Server, opts: { keepData: boolean; confirmName: string }): Promise<boolean>;
  dismissError(serverId: string): void;
}

export const useServersStore = create<ServersState>((set, get) => {
  const applyChanged = (server: EventPayload<'server.changed'>) =>
    set((s) => ({
      servers: upsertServer(s.servers, server),
      progress: server.operation ? s.progress : forgetProgress(s.progress, server.id),
    }));
  const applyRemoved = ({ id }: EventPayload<'server.removed'>) =>
    set((s) => ({ servers: removeServer(s.servers, id), progress: forgetProgress(s.progress, id) }));

  const run = async (server: Server, action: ServerAction, call: () => Promise<void>): Promise<boolean> => {
    set((s) => {
      const actionErrors = { ...s.actionErrors };
      delete actionErrors[server.id];
      return { pending: { ...s.pending, [server.id]: action }, actionErrors };
    });
    try {
      await call();
      return true;
    } catch (err) {
      set((s) => ({ actionErrors: { ...s.actionErrors, [server.id]: message(err) } }));
      return false;
    } finally {
      set((s) => {
        const pending = { ...s.pending };
        delete pending[server.id];
        return { pending };
      });
    }
  };

  return {
    servers: [],
    loaded: false,
    error: null,
    progress: {},
    pending: {},
    actionErrors: {},
    connect(client) {
      const offs = [
        client.subscribe('server.changed', applyChanged),
        client.subscribe('server.removed', applyRemoved),
        client.subscribe('operation.progress', (p) => set((s) => ({ progress: trackProgress(s.progress, p) }))),
      ];
      void get().refresh(client);
      return () => offs.forEach((off) => off());
    },
    async refresh(client) {
      try {
        set({ servers: await client.call('servers.list', { include: 'all' }), loaded: true, error: null });
      } catch (err) {
        set({ error: `Could not load the servers: ${message(err)}` });
      }
    },
    act: (client, server, action) =>
      run(server, action, async () => {
        applyChanged(await client.call('servers.action', { serverId: server.id, action }));
      }),
    purge: (client, server, opts) =>
      run(server, 'purge', async () => {
        await client.call('servers.purge', { serverId: server.id, ...opts });
        applyRemoved({ id: server.id, hostId: server.hostId, name: server.name });
      }),
    dismissError(serverId) {
      set((s) => {
        const actionErrors = { ...s.actionErrors };
        delete actionErrors[serverId];
        return { actionErrors };
      });
    },
  };
});
