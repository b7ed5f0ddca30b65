import { useId, useState } from 'react';
import type { Server } from '../../../electron/shared/servers';
import { filterGroups, isFiltering, noFilter, showsDeleted, type FleetFilter } from '../fleet/filter';
import { groupFleet, type HostGroup } from '../fleet/group-fleet';
import { useNow } from '../fleet/use-now';
import { useHostsStore } from '../store/hosts-store';
import { useServersStore } from '../store/servers-store';
import { AddHostDialog } from './AddHostDialog';
import { FleetFilters } from './FleetFilters';
import { HostBulkActions } from './HostBulkActions';
import { HostCard } from './HostCard';
import { ServerCard } from './ServerCard';
import { ServerDialog } from './ServerDialog';

function HostSection({ group, allServers, now }: { group: HostGroup; allServers: Server[]; now: number }) {
  return (
    <section className="host-group" aria-label={`Servers on ${group.hostName}`}>
      {group.host ? (
        <HostCard
          host={group.host}
          counts={group.counts}
          actions={<HostBulkActions host={group.host} servers={allServers} />}
        />
      ) : (
        <h3 className="host-group__fallback">{group.hostName}</h3>
      )}
      {group.servers.length === 0 ? (
        <p className="notice host-group__empty">No servers to show on this host.</p>
      ) : (
        <div className="server-grid">
          {group.servers.map((s) => (
            <ServerCard key={s.id} server={s} host={group.host} now={now} />
          ))}
        </div>
      )}
    </section>
  );
}

export function FleetView() {
  const hosts = useHostsStore();
  const servers = useServersStore();
  const [showDeleted, setShowDeleted] = useState(false);
  const [filter, setFilter] = useState<FleetFilter>(noFilter);
  const [creating, setCreating] = useState(false);
  const [addingHost, setAddingHost] = useState(false);
  const toggleId = useId();
  const now = useNow();
  const filtering = isFiltering(filter);
  const groups = filterGroups(groupFleet(hosts.hosts, servers.servers, showsDeleted(showDeleted, filter)), filter);
  const deletedCount = servers.servers.filter((s) => s.status === 'deleted').length;
  const hasActive = servers.servers.some((s) => s.status !== 'deleted');
  const error = hosts.error ?? servers.error;
  const canCreate = hosts.loaded && hosts.hosts.length > 0;
  const loaded = hosts.loaded && servers.loaded;
  const nothingMatches = filtering && loaded && groups.every((g) => g.servers.length === 0);

  return (
    <section aria-labelledby="fleet-heading" className="fleet">
      <div className="fleet__toolbar">
        <h2 id="fleet-heading">Fleet</h2>
        <div className="fleet__tools">
          <label htmlFor={toggleId} className="checkbox">
            <input
              id={toggleId}
              type="checkbox"
              checked={showDeleted}
              onChange={(e) => setShowDeleted(e.target.checked)}
            />
            Show deleted{deletedCount > 0 ? ` (${deletedCount})` : ''}
          </label>
          <button type="button" disabled={!hosts.loaded} onClick={() => setAddingHost(true)}>
            Add host
          </button>
          <button type="button" className="button--primary" disabled={!canCreate} onClick={() => setCreating(true)}>
            Create server
          </button>
        </div>
      </div>
      {hosts.hosts.length > 0 && <FleetFilters filter={filter} hosts={hosts.hosts} onChange={setFilter} />}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {!loaded && !error && <p className="notice">Loading the fleet…</p>}
      {hosts.loaded && hosts.hosts.length === 0 && (
        <p className="notice">
          No hosts yet. Start Docker on this computer and ZedOps adds it as “This computer”, or add a host with “Add
          host”.
        </p>
      )}
      {loaded && hosts.hosts.length > 0 && !hasActive && !filtering && (
        <div className="empty-state">
          <p>
            <strong>{servers.servers.length === 0 ? 'No servers yet.' : 'No active servers.'}</strong> Create one to get
            a Project Zomboid server running in a container on one of your hosts.
          </p>
          <button type="button" className="button--primary" onClick={() => setCreating(true)}>
            Create your first server
          </button>
        </div>
      )}
      {nothingMatches && (
        <div className="empty-state" role="status">
          <p>
            <strong>No servers match these filters.</strong>
          </p>
          <button type="button" onClick={() => setFilter(noFilter)}>
            Clear filters
          </button>
        </div>
      )}
      {groups.map((g) => (
        <HostSection key={g.hostId} group={g} allServers={servers.servers} now={now} />
      ))}
      {creating && <ServerDialog mode={{ kind: 'create' }} onClose={() => setCreating(false)} />}
      {addingHost && <AddHostDialog onClose={() => setAddingHost(false)} />}
    </section>
  );
}
