import { useId, type Ref } from 'react';
import type { Host } from '../../../electron/shared/api';
import { serverStatuses, type ServerStatus } from '../../../electron/shared/lifecycle';
import type { FleetFilter } from '../fleet/filter';
import { statusLabel } from '../fleet/format';

interface Props {
  filter: FleetFilter;
  hosts: Host[];
  onChange(filter: FleetFilter): void;
  /** The search field, for whoever moves focus there (Clear filters). */
  searchRef?: Ref<HTMLInputElement>;
}

/** Search, host and status: narrows the fleet view without touching the servers. */
export function FleetFilters({ filter, hosts, onChange, searchRef }: Props) {
  const searchId = useId();
  const hostId = useId();
  const statusId = useId();
  return (
    <div role="search" className="fleet-filters" aria-label="Filter servers">
      <div className="fleet-filters__field fleet-filters__field--search">
        <label htmlFor={searchId} className="field-label">
          Search
        </label>
        <input
          ref={searchRef}
          id={searchId}
          type="search"
          className="text-input"
          placeholder="Server or host name"
          value={filter.query}
          onChange={(e) => onChange({ ...filter, query: e.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="fleet-filters__field">
        <label htmlFor={hostId} className="field-label">
          Host
        </label>
        <select
          id={hostId}
          className="text-input"
          value={filter.hostId}
          onChange={(e) => onChange({ ...filter, hostId: e.target.value })}
        >
          <option value="all">All hosts</option>
          {hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </div>
      <div className="fleet-filters__field">
        <label htmlFor={statusId} className="field-label">
          Status
        </label>
        <select
          id={statusId}
          className="text-input"
          value={filter.status}
          onChange={(e) => onChange({ ...filter, status: e.target.value as ServerStatus | 'all' })}
        >
          <option value="all">All statuses</option>
          {serverStatuses.map((s) => (
            <option key={s} value={s}>
              {statusLabel[s]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
