import type { ReactNode } from 'react';
import type { Host } from '../../../electron/shared/api';
import type { ServerStatus } from '../../../electron/shared/lifecycle';
import { describeCounts } from '../fleet/group-fleet';
import { HostTestButton } from './HostTestDialog';
import { InstallAgentButton } from './InstallAgentDialog';

const kindLabel: Record<Host['kind'], string> = {
  local: 'Local socket',
  tls: 'Docker over TLS',
  ssh: 'SSH tunnel',
  agent: 'ZedOps agent',
};
/** The short form beside the host's name. */
const kindTag: Record<Host['kind'], string> = { local: 'Local', tls: 'TLS', ssh: 'SSH', agent: 'Agent' };
const statusLabel: Record<Host['status'], string> = { online: 'Online', offline: 'Offline', unknown: 'Unknown' };
const statusIcon: Record<Host['status'], string> = { online: '●', offline: '○', unknown: '◌' };

function lastSeen(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never reached';
}

interface Props {
  host: Host;
  counts?: Partial<Record<ServerStatus, number>>;
  /** Host-wide actions (bulk clean-up), shown under the facts. */
  actions?: ReactNode;
}

export function HostCard({ host, counts, actions }: Props) {
  return (
    <article className="host-card" aria-label={`Host ${host.name}`} tabIndex={-1} data-host-id={host.id}>
      <header className="host-card__header">
        <div className="host-card__title">
          <h3 className="host-card__name">{host.name}</h3>
          <span className="host-card__kind" title={kindLabel[host.kind]}>
            {kindTag[host.kind]}
          </span>
        </div>
        <div className="host-card__header-actions">
          <InstallAgentButton host={host} />
          <HostTestButton host={host} />
          <span
            className={`badge badge--${host.status}`}
            role="status"
            aria-label={`Status: ${statusLabel[host.status]}`}
          >
            <span aria-hidden="true">{statusIcon[host.status]}</span> {statusLabel[host.status]}
          </span>
        </div>
      </header>
      <dl className="host-card__facts">
        <dt>Connection</dt>
        <dd>{kindLabel[host.kind]}</dd>
        <dt>Docker</dt>
        <dd>{host.dockerVersion ? `Docker ${host.dockerVersion}` : 'unknown'}</dd>
        <dt>Address</dt>
        <dd className="mono">{host.address}</dd>
        <dt>Data root</dt>
        <dd className="mono">{host.dataRoot}</dd>
        {counts && (
          <>
            <dt>Servers</dt>
            <dd>{describeCounts(counts) || 'none'}</dd>
          </>
        )}
        {host.status !== 'online' && (
          <>
            <dt>Last seen</dt>
            <dd>{lastSeen(host.lastSeen)}</dd>
          </>
        )}
      </dl>
      {host.lastError && host.status !== 'online' && (
        <p className="host-card__error" role="alert">
          {host.lastError}
        </p>
      )}
      {actions}
    </article>
  );
}
