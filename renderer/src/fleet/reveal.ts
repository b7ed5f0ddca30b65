import type { FocusTarget } from '../../../electron/shared/focus-link';
import type { Server } from '../../../electron/shared/servers';
import { isFiltering, matchesFilter, noFilter, showsDeleted, type FleetFilter } from './filter';
import type { FleetRow } from './fleet-rows';

export interface FleetViewOptions {
  filter: FleetFilter;
  showDeleted: boolean;
}

/**
 * What the view must change for a card the desktop asked to focus (a
 * notification or tray click) to be on it: filters cleared, deleted servers
 * shown. Null when it is already on it, or is not known (yet).
 */
export function revealFor(
  target: FocusTarget,
  servers: readonly Server[],
  view: FleetViewOptions,
): FleetViewOptions | null {
  if (target.kind === 'host') {
    // A search or status filter can hide a host's whole group: any filter goes.
    return isFiltering(view.filter) ? { ...view, filter: noFilter } : null;
  }
  const server = servers.find((s) => s.id === target.id);
  if (!server) return null;
  const deletedHidden = server.status === 'deleted' && !showsDeleted(view.showDeleted, view.filter);
  if (matchesFilter(server, view.filter) && !deletedHidden) return null;
  return {
    filter: matchesFilter(server, view.filter) ? view.filter : noFilter,
    showDeleted: view.showDeleted || server.status === 'deleted',
  };
}

/** The list row holding the target's card, or -1. */
export function rowIndexOf(rows: readonly FleetRow[], target: FocusTarget): number {
  return target.kind === 'server'
    ? rows.findIndex((r) => r.kind === 'cards' && r.servers.some((s) => s.id === target.id))
    : rows.findIndex((r) => r.kind === 'host' && r.group.hostId === target.id);
}
