import type { Host } from '../shared/api';
import type { FocusTarget } from '../shared/focus-link';
import { isAllowed } from '../shared/lifecycle';
import type { Server } from '../shared/servers';
import {
  activeServers,
  fleetHealth,
  isOffline,
  needsAttention,
  plural,
  statusCounts,
  type FleetHealth,
} from './fleet-health';
import type { FleetSnapshot } from './fleet-mirror';

/** The lifecycle actions the tray offers; the rest need the window (confirmations, forms). */
export const trayServerActions = ['start', 'stop', 'recover'] as const;
export type TrayServerAction = (typeof trayServerActions)[number];

/** What a menu item does when clicked: data, so the menu is a pure function and the glue runs it. */
export type TrayCommand =
  | { kind: 'open'; target: FocusTarget | null }
  | { kind: 'server-action'; serverId: string; serverName: string; action: TrayServerAction }
  | { kind: 'toggle-open-at-login' }
  | { kind: 'explain-secrets' }
  | { kind: 'quit' };

export type MenuSpec =
  | { type: 'separator' }
  | { type: 'item'; label: string; enabled: boolean; command: TrayCommand | null }
  | { type: 'checkbox'; label: string; checked: boolean; enabled: boolean; command: TrayCommand }
  | { type: 'submenu'; label: string; items: MenuSpec[] };

export interface TrayPrefs {
  openAtLogin: boolean;
  /** Why start at login cannot be offered here, or null when it can. */
  loginItemUnavailable: string | null;
  /** A menu line when passwords are not sealed with the OS keyring, or null. */
  secretsWarning: string | null;
}

export interface TrayModel {
  health: FleetHealth;
  /** A file in resources/. */
  icon: string;
  tooltip: string;
  menu: MenuSpec[];
}

/** Windows cuts tray tooltips at 127 characters. */
export const maxTooltipLength = 127;
/** A host's submenu lists this many servers, then points at the window for the rest. */
export const maxServersPerHost = 40;

const operationWords: Record<string, string> = {
  create: 'creating',
  start: 'starting',
  stop: 'stopping',
  restart: 'restarting',
  recover: 'recovering',
  retry: 'retrying',
  rebuild: 'rebuilding',
  delete: 'deleting',
  restore: 'restoring',
  purge: 'purging',
};

const actionLabels: Record<TrayServerAction, string> = { start: 'Start', stop: 'Stop', recover: 'Recover' };

export function trayIconFile(health: FleetHealth): string {
  return `tray-${health}.png`;
}

/** The tray, built from the fleet alone: icon, tooltip and menu. */
export function trayModel(fleet: FleetSnapshot, prefs: TrayPrefs): TrayModel {
  const health = fleetHealth(fleet);
  return { health, icon: trayIconFile(health), tooltip: tooltipFor(fleet, health), menu: menuFor(fleet, prefs) };
}

function tooltipFor(fleet: FleetSnapshot, health: FleetHealth): string {
  if (fleet.hosts.length === 0) return 'ZedOps: no hosts yet';
  const active = activeServers(fleet.servers);
  const size = `${plural(active.length, 'server')} on ${plural(fleet.hosts.length, 'host')}`;
  let headline: string;
  if (health === 'offline') {
    const offline = fleet.hosts.filter(isOffline);
    headline = offline.length === 1 ? `host ${offline[0]?.name} is offline` : `${offline.length} hosts offline`;
  } else if (health === 'attention') {
    const n = active.filter(needsAttention).length;
    headline = `${n} ${n === 1 ? 'server needs' : 'servers need'} attention`;
  } else {
    headline = 'all fine';
  }
  const text = `ZedOps: ${headline} · ${size}`;
  return text.length <= maxTooltipLength ? text : `${text.slice(0, maxTooltipLength - 1)}…`;
}

function menuFor(fleet: FleetSnapshot, prefs: TrayPrefs): MenuSpec[] {
  const active = activeServers(fleet.servers);
  const attention = active.filter(needsAttention).length;
  const deleted = fleet.servers.length - active.length;
  const info = (label: string): MenuSpec => ({ type: 'item', label, enabled: false, command: null });

  const summary: MenuSpec[] = [
    info(active.length ? `${plural(active.length, 'server')}: ${statusCounts(active)}` : 'No servers yet'),
    ...(attention ? [info(`${attention} ${attention === 1 ? 'server needs' : 'servers need'} attention`)] : []),
    info(fleet.hosts.length ? `${plural(fleet.hosts.length, 'host')}: ${hostCounts(fleet.hosts)}` : 'No hosts yet'),
    ...(deleted ? [info(`${deleted} deleted, awaiting purge`)] : []),
  ];
  const hosts = [...fleet.hosts].sort((a, b) => a.name.localeCompare(b.name));
  const hostMenus: MenuSpec[] = hosts.map((host) =>
    hostMenu(
      host,
      active.filter((s) => s.hostId === host.id),
    ),
  );
  const settings: MenuSpec[] = [
    {
      type: 'checkbox',
      label: prefs.loginItemUnavailable ? `Start at login (${prefs.loginItemUnavailable})` : 'Start at login',
      checked: prefs.openAtLogin,
      enabled: prefs.loginItemUnavailable === null,
      command: { kind: 'toggle-open-at-login' },
    },
    ...(prefs.secretsWarning
      ? [{ type: 'item', label: prefs.secretsWarning, enabled: true, command: { kind: 'explain-secrets' } } as const]
      : []),
  ];
  return [
    ...summary,
    { type: 'separator' },
    ...hostMenus,
    ...(hostMenus.length ? [{ type: 'separator' } as const] : []),
    ...settings,
    { type: 'separator' },
    { type: 'item', label: 'Open ZedOps', enabled: true, command: { kind: 'open', target: null } },
    { type: 'item', label: 'Quit ZedOps', enabled: true, command: { kind: 'quit' } },
  ];
}

function hostCounts(hosts: readonly Host[]): string {
  const online = hosts.filter((h) => h.status === 'online').length;
  const offline = hosts.filter(isOffline).length;
  const connecting = hosts.length - online - offline;
  return [
    online ? `${online} online` : '',
    offline ? `${offline} offline` : '',
    connecting ? `${connecting} connecting` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function hostMenu(host: Host, servers: Server[]): MenuSpec {
  const attention = servers.filter(needsAttention).length;
  const state = isOffline(host)
    ? `offline, ${plural(servers.length, 'server')}`
    : host.status === 'online'
      ? plural(servers.length, 'server')
      : `connecting, ${plural(servers.length, 'server')}`;
  const label = `${host.name}: ${state}${attention ? `, ${attention} ${attention === 1 ? 'needs' : 'need'} attention` : ''}`;
  const sorted = [...servers].sort(
    (a, b) => Number(needsAttention(b)) - Number(needsAttention(a)) || a.name.localeCompare(b.name),
  );
  const shown = sorted.slice(0, maxServersPerHost);
  const hidden = sorted.length - shown.length;
  const items: MenuSpec[] = [
    ...(servers.length === 0 ? [{ type: 'item', label: 'No servers', enabled: false, command: null } as const] : []),
    ...shown.map(serverMenu),
    ...(hidden > 0
      ? [
          {
            type: 'item',
            label: `${hidden} more: show in ZedOps`,
            enabled: true,
            command: { kind: 'open', target: { kind: 'host', id: host.id } },
          } as const,
        ]
      : []),
    { type: 'separator' },
    {
      type: 'item',
      label: 'Show host in ZedOps',
      enabled: true,
      command: { kind: 'open', target: { kind: 'host', id: host.id } },
    },
  ];
  return { type: 'submenu', label, items };
}

function serverState(s: Server): string {
  const now = s.operation ? `${operationWords[s.operation] ?? s.operation}…` : s.status;
  const notes = [
    s.crashLooping ? 'crash-looping' : '',
    s.health === 'unhealthy' ? 'unhealthy' : '',
    s.stale ? 'last known' : '',
  ].filter(Boolean);
  return notes.length ? `${now} (${notes.join(', ')})` : now;
}

function serverMenu(s: Server): MenuSpec {
  // A stale server's host cannot be reached; a server mid-operation is leased: neither takes an action now.
  const canAct = !s.stale && s.operation === null;
  const actions: MenuSpec[] = trayServerActions
    .filter((action) => isAllowed(action, s.status))
    .map((action) => ({
      type: 'item',
      label: actionLabels[action],
      enabled: canAct,
      command: { kind: 'server-action', serverId: s.id, serverName: s.name, action },
    }));
  const show: MenuSpec = {
    type: 'item',
    label: 'Show in ZedOps',
    enabled: true,
    command: { kind: 'open', target: { kind: 'server', id: s.id } },
  };
  return {
    type: 'submenu',
    label: `${s.name}: ${serverState(s)}`,
    items: actions.length ? [...actions, { type: 'separator' }, show] : [show],
  };
}
