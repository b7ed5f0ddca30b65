import { defaultRangeExtractor, useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FocusTarget } from '../../../electron/shared/focus-link';
import type { Server } from '../../../electron/shared/servers';
import { filterGroups, isFiltering, noFilter, showsDeleted, type FleetFilter } from '../fleet/filter';
import { buildFleetRows, columnsFor, estimateRowHeight } from '../fleet/fleet-rows';
import { groupFleet, type HostGroup } from '../fleet/group-fleet';
import { revealFor, rowIndexOf } from '../fleet/reveal';
import { useNow } from '../fleet/use-now';
import { useHostsStore } from '../store/hosts-store';
import { useServersStore } from '../store/servers-store';
import { AddHostDialog } from './AddHostDialog';
import { FleetFilters } from './FleetFilters';
import { HostBulkActions } from './HostBulkActions';
import { HostCard } from './HostCard';
import { ServerCard } from './ServerCard';
import { ServerDialog } from './ServerDialog';
import { useFocusLink } from './use-focus-link';
import { useListFocus } from './use-list-focus';

function HostHeader({ group, allServers }: { group: HostGroup; allServers: Server[] }) {
  return (
    <>
      {group.host ? (
        <HostCard
          host={group.host}
          counts={group.counts}
          actions={<HostBulkActions host={group.host} servers={allServers} />}
        />
      ) : (
        <h3 className="host-group__fallback">{group.hostName}</h3>
      )}
      {group.servers.length === 0 && <p className="notice host-group__empty">No servers to show on this host.</p>}
    </>
  );
}

/**
 * The fleet as a virtualized list on the page's own scroll: one row per host
 * header and per line of server cards, as many cards to a line as the grid
 * fits (the list's width, watched). Rows are measured as they render. Tab
 * walks into rows that were off-screen: focusing a card scrolls it into view,
 * which renders the rows past it.
 */
function FleetList({
  groups,
  allServers,
  now,
  focusTarget,
  onFocused,
}: {
  groups: HostGroup[];
  allServers: Server[];
  now: number;
  /** A card the desktop asked to focus (notification, tray): scrolled to and focused once it is rendered. */
  focusTarget: FocusTarget | null;
  onFocused: () => void;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [scrollMargin, setScrollMargin] = useState(0);
  const columns = columnsFor(width);
  const rows = useMemo(() => buildFleetRows(groups, columns), [groups, columns]);

  // The list's width sets the columns; its offset in the page (what sits above it: filters, notices) the
  // virtualizer's scroll margin. Anything that moves it changes the page's size, so watch both.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const measure = () => {
      setWidth(el.clientWidth);
      setScrollMargin(Math.round(el.getBoundingClientRect().top + window.scrollY));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const { keepIndex } = useListFocus(listRef, rows);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (i) => estimateRowHeight(rows[i]),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 8,
    scrollMargin,
    // The row with keyboard focus stays rendered even when scrolled far away, so focus is not lost.
    rangeExtractor: (range) => {
      const shown = defaultRangeExtractor(range);
      const kept = keepIndex(rows);
      return kept < 0 || shown.includes(kept) ? shown : [...shown, kept].sort((a, b) => a - b);
    },
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    if (!focusTarget) return;
    const index = rowIndexOf(rows, focusTarget);
    if (index < 0) return;
    const attribute = focusTarget.kind === 'server' ? 'data-server-id' : 'data-host-id';
    const card = listRef.current?.querySelector<HTMLElement>(`[${attribute}="${CSS.escape(focusTarget.id)}"]`);
    if (!card) {
      // Not rendered yet: scrolling there renders it, and this runs again.
      virtualizer.scrollToIndex(index, { align: 'center' });
      return;
    }
    card.focus();
    card.scrollIntoView({ block: 'center' });
    onFocused();
  });

  return (
    <div ref={listRef} className="fleet-list" style={{ height: virtualizer.getTotalSize() }}>
      {items.map((item) => {
        const row = rows[item.index];
        if (!row) return null;
        return (
          <div
            key={item.key}
            ref={virtualizer.measureElement}
            data-index={item.index}
            className={`fleet-list__row${row.kind === 'cards' && row.last ? ' fleet-list__row--last' : ''}${
              row.kind === 'host' && row.group.servers.length === 0 ? ' fleet-list__row--last' : ''
            }`}
            style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
          >
            {row.kind === 'host' ? (
              <HostHeader group={row.group} allServers={allServers} />
            ) : (
              <div
                className="server-grid"
                role="group"
                aria-label={`Servers on ${row.group.hostName}`}
                style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
              >
                {row.servers.map((s) => (
                  <ServerCard key={s.id} server={s} host={row.group.host} now={now} />
                ))}
              </div>
            )}
          </div>
        );
      })}
    </div>
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
  const searchRef = useRef<HTMLInputElement>(null);
  const now = useNow();
  const filtering = isFiltering(filter);
  const withDeleted = showsDeleted(showDeleted, filter);
  const groups = useMemo(
    () => filterGroups(groupFleet(hosts.hosts, servers.servers, withDeleted), filter),
    [hosts.hosts, servers.servers, withDeleted, filter],
  );
  const deletedCount = servers.servers.filter((s) => s.status === 'deleted').length;
  const hasActive = servers.servers.some((s) => s.status !== 'deleted');
  const error = hosts.error ?? servers.error;
  const canCreate = hosts.loaded && hosts.hosts.length > 0;
  const loaded = hosts.loaded && servers.loaded;
  const nothingMatches = filtering && loaded && groups.every((g) => g.servers.length === 0);
  const focusLink = useFocusLink();
  // A card the desktop asked to focus may be hidden by the filters or "Show deleted": show it.
  const reveal = focusLink.target ? revealFor(focusLink.target, servers.servers, { filter, showDeleted }) : null;
  if (reveal) {
    setFilter(reveal.filter);
    setShowDeleted(reveal.showDeleted);
  }

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
      {hosts.hosts.length > 0 && (
        <FleetFilters filter={filter} hosts={hosts.hosts} onChange={setFilter} searchRef={searchRef} />
      )}
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
          <button
            type="button"
            onClick={() => {
              setFilter(noFilter);
              // This button goes away with the filters: keep the keyboard where filtering starts.
              searchRef.current?.focus();
            }}
          >
            Clear filters
          </button>
        </div>
      )}
      <FleetList
        groups={groups}
        allServers={servers.servers}
        now={now}
        focusTarget={focusLink.target}
        onFocused={focusLink.done}
      />
      {creating && <ServerDialog mode={{ kind: 'create' }} onClose={() => setCreating(false)} />}
      {addingHost && <AddHostDialog onClose={() => setAddingHost(false)} />}
    </section>
  );
}
