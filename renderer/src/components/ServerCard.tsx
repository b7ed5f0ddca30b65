import { useState } from 'react';
import type { Host } from '../../../electron/shared/api';
import { allowedActions, type ServerAction } from '../../../electron/shared/lifecycle';
import type { Server } from '../../../electron/shared/servers';
import { useClient } from '../client/client-context';
import { actionLabel, operationLabel, relativeTime } from '../fleet/format';
import { useServersStore } from '../store/servers-store';
import { DeleteDialog } from './DeleteDialog';
import { PurgeDialog } from './PurgeDialog';
import { ServerDialog } from './ServerDialog';
import { ServerFlags } from './ServerFlags';
import { ServerHistory } from './ServerHistory';
import { StatusBadge } from './StatusBadge';

function portsText(s: Server): string {
  const rcon = s.rconEnabled
    ? `RCON ${s.rconPort}/tcp (127.0.0.1 only)`
    : `RCON ${s.rconPort}/tcp (off: no RCON password)`;
  return `game ${s.gamePort}/udp · ${s.udpPort}/udp · ${rcon}`;
}

export function ServerCard({ server, host, now }: { server: Server; host: Host | null; now: number }) {
  const client = useClient();
  const pending = useServersStore((s) => s.pending[server.id]);
  const progress = useServersStore((s) => s.progress[server.id]);
  const actionError = useServersStore((s) => s.actionErrors[server.id]);
  const { act, purge, dismissError } = useServersStore.getState();
  const [confirming, setConfirming] = useState<'delete' | 'purge' | 'retry' | null>(null);

  const operation = server.operation ?? pending ?? null;
  const busy = operation !== null || server.status === 'creating' || server.status === 'deleting';
  const dataDir = host ? `${host.dataRoot.replace(/\/+$/, '')}/${server.name}` : null;

  const onAction = (action: ServerAction) => {
    if (action === 'delete' || action === 'purge' || action === 'retry') setConfirming(action);
    else void act(client, server, action);
  };

  return (
    // tabIndex -1: the list moves focus here when the control that had it goes away (FleetView's useListFocus).
    <article
      className="server-card"
      aria-label={`Server ${server.name}`}
      aria-busy={busy}
      tabIndex={-1}
      data-server-id={server.id}
    >
      <header className="server-card__header">
        <h4 className="server-card__name">{server.name}</h4>
        <StatusBadge status={server.status} />
      </header>
      <ServerFlags server={server} now={now} />
      <dl className="facts">
        <dt>Image</dt>
        <dd className="mono">{server.image}</dd>
        <dt>Ports</dt>
        <dd>{portsText(server)}</dd>
        <dt>Data</dt>
        <dd>{server.dataExists ? 'world data on host' : 'no data on host'}</dd>
        {server.status === 'deleted' && server.purgeAt && (
          <>
            <dt>Purge</dt>
            <dd>
              {new Date(server.purgeAt).getTime() > now
                ? `purged automatically ${relativeTime(server.purgeAt, now)}`
                : 'due for automatic purge'}
            </dd>
          </>
        )}
      </dl>
      {server.lastError && <p className="server-card__last-error">Last error: {server.lastError}</p>}
      <p className="server-card__activity" aria-live="polite">
        {operation ? `${operationLabel(operation)}${progress?.message ? ` ${progress.message}` : ''}` : ''}
      </p>
      {actionError && (
        <div className="server-card__alert" role="alert">
          <p>{actionError}</p>
          <button type="button" className="button--quiet" onClick={() => dismissError(server.id)}>
            Dismiss
          </button>
        </div>
      )}
      <div className="server-card__actions" role="group" aria-label={`Actions for ${server.name}`}>
        {allowedActions(server.status).map((action) => (
          // aria-disabled, not disabled, while busy: the button keeps focus (a disabled one drops it to the page).
          <button
            key={action}
            type="button"
            className={action === 'delete' || action === 'purge' ? 'button--danger' : undefined}
            aria-disabled={busy || undefined}
            data-focus-key={action}
            onClick={() => {
              if (!busy) onAction(action);
            }}
          >
            {actionLabel[action]}
          </button>
        ))}
      </div>
      <ServerHistory serverId={server.id} serverName={server.name} />
      {confirming === 'delete' && (
        <DeleteDialog
          server={server}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            void act(client, server, 'delete');
          }}
        />
      )}
      {confirming === 'retry' && <ServerDialog mode={{ kind: 'retry', server }} onClose={() => setConfirming(null)} />}
      {confirming === 'purge' && (
        <PurgeDialog
          server={server}
          dataDir={dataDir}
          onCancel={() => setConfirming(null)}
          onConfirm={(opts) => {
            setConfirming(null);
            void purge(client, server, opts);
          }}
        />
      )}
    </article>
  );
}
