import { useEffect, useRef, useState } from 'react';
import type { PickedClient } from './client/pick-client';
import type { ConnectionState } from './client/ws-client';
import { connectionText, isReconnect } from './client/connection-text';
import { ClientContext } from './client/client-context';
import { useHostsStore } from './store/hosts-store';
import { useServersStore } from './store/servers-store';
import { FleetView } from './components/FleetView';

/** How long the header says it has caught up after a reconnect. */
const caughtUpMs = 5_000;

export function App({ picked }: { picked: PickedClient }) {
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [caughtUp, setCaughtUp] = useState(false);
  const previous = useRef<ConnectionState | null>(null);
  const connectHosts = useHostsStore((s) => s.connect);
  const refreshHosts = useHostsStore((s) => s.refresh);
  const connectServers = useServersStore((s) => s.connect);
  const refreshServers = useServersStore((s) => s.refresh);

  useEffect(() => connectHosts(picked.client), [picked, connectHosts]);
  useEffect(() => connectServers(picked.client), [picked, connectServers]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = picked.onState((state) => {
      const reconnected = isReconnect(previous.current, state);
      previous.current = state;
      setConnection(state);
      setCaughtUp(false);
      clearTimeout(timer);
      // After a dropped socket, catch up on whatever changed meanwhile, then say so for a moment.
      if (state === 'ready') {
        void Promise.all([refreshHosts(picked.client), refreshServers(picked.client)]).then(() => {
          const failed = useHostsStore.getState().error ?? useServersStore.getState().error;
          if (!reconnected || failed || previous.current !== 'ready') return;
          setCaughtUp(true);
          timer = setTimeout(() => setCaughtUp(false), caughtUpMs);
        });
      }
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [picked, refreshHosts, refreshServers]);

  return (
    <ClientContext value={picked.client}>
      <div className="app">
        <header className="app__header">
          <h1>ZedOps</h1>
          <p
            className={`connection connection--${connection}${caughtUp ? ' connection--caught-up' : ''}`}
            role="status"
            aria-live="polite"
          >
            {connectionText(connection, caughtUp)}
          </p>
        </header>
        <main>
          <FleetView />
        </main>
      </div>
    </ClientContext>
  );
}
