import type { Server } from '../../../electron/shared/servers';
import type { HostGroup } from './group-fleet';

/**
 * One row of the virtualized fleet list: a host's header (its card, or the
 * "no servers" notice under it), or one line of that host's server cards.
 */
export type FleetRow =
  | { kind: 'host'; key: string; group: HostGroup }
  | { kind: 'cards'; key: string; group: HostGroup; servers: Server[]; last: boolean };

/** The server grid's geometry (styles.css `.server-grid`): card min width, gap, indent (padding + border). */
export const gridGeometry = { minCard: 320, gap: 12, indent: 16 + 3 } as const;

/** How many cards fit on a line of `width` px, as `repeat(auto-fill, minmax(320px, 1fr))` would lay them out. */
export function columnsFor(width: number, g: { minCard: number; gap: number; indent: number } = gridGeometry): number {
  const available = width - g.indent;
  if (!Number.isFinite(available) || available <= 0) return 1;
  return Math.max(1, Math.floor((available + g.gap) / (g.minCard + g.gap)));
}

/** The grouped fleet as rows: each host's header, then its servers `columns` to a row. */
export function buildFleetRows(groups: readonly HostGroup[], columns: number): FleetRow[] {
  const n = Math.max(1, Math.floor(columns) || 1);
  const rows: FleetRow[] = [];
  for (const group of groups) {
    rows.push({ kind: 'host', key: `host:${group.hostId}`, group });
    for (let i = 0; i < group.servers.length; i += n) {
      rows.push({
        kind: 'cards',
        key: `cards:${group.hostId}:${i / n}`,
        group,
        servers: group.servers.slice(i, i + n),
        last: i + n >= group.servers.length,
      });
    }
  }
  return rows;
}

/** A first guess at a row's height before it is measured (px); measurement corrects it. */
export function estimateRowHeight(row: FleetRow | undefined): number {
  if (!row) return 0;
  if (row.kind === 'host') return row.group.servers.length === 0 ? 150 : 110;
  return 12 + 320 + (row.last ? 28 : 0);
}
