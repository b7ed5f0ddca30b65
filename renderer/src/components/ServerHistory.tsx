import { useEffect, useState } from 'react';
import type { ServerEvent } from '../../../electron/shared/servers';
import { useClient } from '../client/client-context';
import { actorLabel, describeChange, historyTime } from '../fleet/history';

const limit = 5;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The server's last few history lines; loaded only while open, and kept current by its change events. */
export function ServerHistory({ serverId, serverName }: { serverId: string; serverName: string }) {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [events, setEvents] = useState<ServerEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let current = true;
    let latest = 0;
    // Only the newest answer counts: two quick changes may answer out of order.
    const load = () => {
      const mine = ++latest;
      client.call('servers.history', { serverId, limit }).then(
        (list) => {
          if (!current || mine !== latest) return;
          setEvents(list);
          setError(null);
        },
        (err: unknown) => {
          if (current && mine === latest) setError(`Could not load the history: ${message(err)}`);
        },
      );
    };
    load();
    const off = client.subscribe('server.changed', (s) => {
      if (s.id === serverId) load();
    });
    return () => {
      current = false;
      off();
    };
  }, [open, client, serverId]);

  return (
    <details className="server-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary data-focus-key="history">History</summary>
      {open && (
        <div aria-live="polite">
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          {!events && !error && <p className="server-history__note">Loading…</p>}
          {events?.length === 0 && <p className="server-history__note">No history yet.</p>}
          {events && events.length > 0 && (
            <ol className="server-history__list" aria-label={`Recent history of ${serverName}`}>
              {events.map((e) => (
                <li key={e.id} className="server-history__line">
                  <time dateTime={e.at} className="server-history__time">
                    {historyTime(e.at)}
                  </time>{' '}
                  <strong className="server-history__change">{describeChange(e)}</strong>
                  {e.message && <span className="server-history__message"> {e.message}</span>}{' '}
                  <span className="server-history__actor">({actorLabel[e.actor]})</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </details>
  );
}
