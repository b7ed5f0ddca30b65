import type { Server, ServerEvent } from '../shared/servers';
import { formatFields, formatRelative, formatTable } from './output';

const ports = (s: Server): string => `${s.gamePort}/${s.udpPort}/${s.rconPort}`;

/** One short remark per server: why it failed, when it will be purged, what is missing. */
function note(s: Server, now: number): string {
  if (s.status === 'deleted' && s.purgeAt) return `purged ${formatRelative(s.purgeAt, now)}`;
  if (s.status === 'failed' && s.lastError) return firstLine(s.lastError, 60);
  if (s.status === 'missing') return s.dataExists ? 'data kept; recover to start' : 'no data; recover starts fresh';
  if (s.operation) return `${s.operation} in progress`;
  return '';
}

function firstLine(text: string, max: number): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function formatServers(servers: readonly Server[], now = Date.now()): string {
  const rows = servers.map((s) => [s.name, s.host, s.status, ports(s), s.image, note(s, now)]);
  return formatTable(['NAME', 'HOST', 'STATUS', 'GAME/UDP/RCON', 'IMAGE', 'NOTE'], rows);
}

export function formatServerDetail(s: Server, history: readonly ServerEvent[], now = Date.now()): string {
  const fields: [string, string][] = [
    ['Name', s.name],
    ['Host', s.host],
    ['Status', s.operation ? `${s.status} (${s.operation} in progress)` : s.status],
    ['Image', s.image],
    [
      'Ports',
      `game ${s.gamePort}/udp, udp ${s.udpPort}/udp, rcon ${s.rconPort}/tcp ${s.rconEnabled ? 'on 127.0.0.1' : '(reserved; RCON is off)'}`,
    ],
    ['Container', s.containerId ? s.containerId.slice(0, 12) : '-'],
    ['Data', s.dataExists ? 'on the host' : 'none yet'],
  ];
  const envKeys = Object.keys(s.env);
  if (envKeys.length > 0) fields.push(['Env', envKeys.map((k) => `${k}=${s.env[k]}`).join(' ')]);
  if (s.lastError) fields.push(['Last error', s.lastError]);
  if (s.deletedAt) fields.push(['Deleted', s.deletedAt]);
  if (s.purgeAt) fields.push(['Purged', `${s.purgeAt} (${formatRelative(s.purgeAt, now)})`]);
  fields.push(['Created', s.createdAt], ['Updated', s.updatedAt], ['Id', s.id]);
  return `${formatFields(fields)}\n${formatHistory(history)}`;
}

export function formatHistory(events: readonly ServerEvent[]): string {
  if (events.length === 0) return 'No history yet.\n';
  const oldestFirst = [...events].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
  const rows = oldestFirst.map((e) => [
    e.at,
    e.actor,
    e.fromStatus || e.toStatus ? `${e.fromStatus ?? '-'} -> ${e.toStatus ?? '-'}` : e.kind,
    e.message,
  ]);
  return `Recent history:\n${formatTable(['AT', 'BY', 'CHANGE', 'MESSAGE'], rows)}`;
}
