import { useEffect, useState } from 'react';
import type { PickedClient } from './client/pick-client';
import type { ConnectionState } from './client/ws-client';
import { ClientContext } from './client/client-context';
import { useHostsStore } from './store/hosts-store';
import { useServersStore } from './store/servers-store';
import { FleetView } from './components/FleetView';

const connectionText: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  ready: 'Connected',
  reconnecting: 'Connection lost, reconnecting…',
  unauthorized: 'Not authorised: open the URL that “zedops serve” printed (it carries the token).',
};

export function App({ picked }: { picked: PickedClient }) {
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const connectHosts = useHostsStore((s) => s.connect);
  const refreshHosts = useHostsStore((s) => s.refresh);
  const connectServers = useServersStore((s) => s.connect);
  const refreshServers = useServersStore((s) => s.refresh);

  useEffect(() => connectHosts(picked.client), [picked, connectHosts]);
  useEffect(() => connectServers(picked.client), [picked, connectServers]);
  useEffect(
    () =>
      picked.onState((state) => {
        setConnection(state);
        // After a dropped socket, catch up on whatever changed meanwhile.
        if (state === 'ready') {
          void refreshHosts(picked.client);
          void refreshServers(picked.client);
        }
      }),
    [picked, refreshHosts, refreshServers],
  );

  return (
    <ClientContext value={picked.client}>
      <div className="app">
        <header className="app__header">
          <h1>ZedOps</h1>
          <p className={`connection connection--${connection}`} role="status" aria-live="polite">
            {connectionText[connection]}
          </p>
        </header>
        <main>
          <FleetView />
        </main>
      </div>
    </ClientContext>
  );
}
