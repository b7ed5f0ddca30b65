import type { Host } from '../shared/api';
import type { FocusTarget } from '../shared/focus-link';
import type { Server } from '../shared/servers';
import { plural } from './fleet-health';
import type { FleetSnapshot } from './fleet-mirror';

/** One desktop notification; clicking it focuses `target`'s card (or just the window when null). */
export interface DesktopNotice {
  title: string;
  body: string;
  target: FocusTarget | null;
}

/**
 * What the policy remembers between evaluations: the conditions it has
 * already told (or found at start), and since when each host is offline.
 */
export interface NoticeMemory {
  seeded: boolean;
  /** Condition key -> the id of the server or host it is about. */
  told: ReadonlyMap<string, string>;
  offlineSince: ReadonlyMap<string, number>;
}

export const freshNoticeMemory: NoticeMemory = { seeded: false, told: new Map(), offlineSince: new Map() };

/** A host must be unreachable this long before it is worth a notification. */
export const hostOfflineNoticeMs = 60_000;
/** A deleted server is announced once its purge is this close. */
export const purgeNoticeMs = 60 * 60_000;
/** More hosts than this with news at once get one fleet-wide notification instead. */
export const maxNoticesAtOnce = 3;
/** Names listed in one notification before "and N more". */
const maxNames = 5;

type Kind = 'offline' | 'failed' | 'missing' | 'crash-looping' | 'purge-soon';
/** Worst first: the order of lines in a notification, and which card a click opens. */
const kindOrder: readonly Kind[] = ['offline', 'failed', 'missing', 'crash-looping', 'purge-soon'];

interface Condition {
  key: string;
  /** The server's id, or the host's for `offline`. */
  subject: string;
  kind: Kind;
  hostId: string;
  hostName: string;
  server: Server | null;
}

/**
 * The notification policy, a pure function of the fleet and what was told
 * before. Conditions are read from the fleet's state, not from events, so a
 * burst of events and a missed one give the same answer:
 *
 * - a server is missing, failed or crash-looping (its host reachable);
 * - a host has been offline for more than a minute (its servers' last known
 *   states are not news, so they say nothing while it is away);
 * - a deleted server will be purged within the hour.
 *
 * Each condition is told once, until it clears. What is found at the first
 * evaluation (ZedOps starting) about servers is already on screen and is not
 * told; hosts offline and purges coming are. News is coalesced: one
 * notification per host, and one for the whole fleet when more than
 * `maxNoticesAtOnce` hosts have news at once.
 */
export function evaluateNotices(
  fleet: FleetSnapshot,
  memory: NoticeMemory,
  now: number,
): { notices: DesktopNotice[]; memory: NoticeMemory } {
  const hosts = new Map(fleet.hosts.map((h) => [h.id, h]));
  const offlineSince = new Map<string, number>();
  for (const h of fleet.hosts) {
    if (h.status === 'offline') offlineSince.set(h.id, memory.offlineSince.get(h.id) ?? now);
  }

  const current: Condition[] = [];
  const told = new Map<string, string>();
  for (const h of fleet.hosts) {
    const since = offlineSince.get(h.id);
    if (since !== undefined && now - since >= hostOfflineNoticeMs) {
      current.push({
        key: `offline ${h.id}`,
        subject: h.id,
        kind: 'offline',
        hostId: h.id,
        hostName: h.name,
        server: null,
      });
    }
  }
  const away = new Set<string>();
  for (const s of fleet.servers) {
    if (s.stale || offlineSince.has(s.hostId)) {
      away.add(s.id);
      continue;
    }
    const hostName = hosts.get(s.hostId)?.name ?? s.host;
    for (const kind of serverConditions(s, now)) {
      // A purge moved (restored, deleted again) is news again.
      const key = kind === 'purge-soon' ? `${kind} ${s.id} ${s.purgeAt}` : `${kind} ${s.id}`;
      current.push({ key, subject: s.id, kind, hostId: s.hostId, hostName, server: s });
    }
  }
  // A server whose host is away keeps what was told: nothing new is read into a last known state.
  for (const [key, subject] of memory.told) if (away.has(subject)) told.set(key, subject);
  for (const c of current) told.set(c.key, c.subject);

  const fresh = current.filter(
    (c) => !memory.told.has(c.key) && (memory.seeded || c.kind === 'offline' || c.kind === 'purge-soon'),
  );
  return {
    notices: coalesce(fresh, hosts, fleet.servers, now),
    memory: { seeded: true, told, offlineSince },
  };
}

function serverConditions(s: Server, now: number): Kind[] {
  if (s.status === 'deleted') {
    const purgeAt = s.purgeAt ? Date.parse(s.purgeAt) : NaN;
    return purgeAt > now && purgeAt - now <= purgeNoticeMs ? ['purge-soon'] : [];
  }
  const kinds: Kind[] = [];
  if (s.status === 'missing') kinds.push('missing');
  if (s.status === 'failed') kinds.push('failed');
  if (s.crashLooping) kinds.push('crash-looping');
  return kinds;
}

function coalesce(
  fresh: Condition[],
  hosts: ReadonlyMap<string, Host>,
  servers: readonly Server[],
  now: number,
): DesktopNotice[] {
  const byHost = new Map<string, Condition[]>();
  for (const c of fresh) byHost.set(c.hostId, [...(byHost.get(c.hostId) ?? []), c]);
  if (byHost.size > maxNoticesAtOnce) return [fleetNotice(fresh, byHost.size)];
  return [...byHost.values()]
    .sort((a, b) => (a[0]?.hostName ?? '').localeCompare(b[0]?.hostName ?? ''))
    .map((conditions) => hostNotice(conditions, hosts, servers, now));
}

function byWorst(conditions: Condition[]): Condition[] {
  return [...conditions].sort(
    (a, b) =>
      kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) ||
      (a.server?.name ?? '').localeCompare(b.server?.name ?? ''),
  );
}

function hostNotice(
  conditions: Condition[],
  hosts: ReadonlyMap<string, Host>,
  servers: readonly Server[],
  now: number,
): DesktopNotice {
  const sorted = byWorst(conditions);
  const first = sorted[0] as Condition;
  const hostName = first.hostName;
  if (first.kind === 'offline') {
    // An offline host's servers say nothing, so this is the host's only news.
    const count = servers.filter((s) => s.hostId === first.hostId && s.status !== 'deleted').length;
    const lastSeen = hosts.get(first.hostId)?.lastSeen;
    const ago = lastSeen ? Math.max(1, Math.round((now - Date.parse(lastSeen)) / 60_000)) : NaN;
    return {
      title: `Host ${hostName} is offline`,
      body: `ZedOps cannot reach it${ago > 0 ? ` (last seen ${plural(ago, 'minute')} ago)` : ''}. Its ${plural(count, 'server')} show their last known state until it is back.`,
      target: { kind: 'host', id: first.hostId },
    };
  }
  const serversTold = new Set(sorted.map((c) => c.subject));
  const target: FocusTarget = { kind: 'server', id: first.subject };
  if (serversTold.size === 1 && sorted.length === 1) return { ...oneServerNotice(first, now), target };
  const needing = new Set(sorted.filter((c) => c.kind !== 'purge-soon').map((c) => c.subject)).size;
  const title = needing
    ? `${hostName}: ${needing === 1 ? '1 server needs' : `${needing} servers need`} attention`
    : `${hostName}: ${plural(serversTold.size, 'deleted server')} will be purged within the hour`;
  const lines = kindOrder
    .map((kind) => {
      const names = sorted.filter((c) => c.kind === kind).map((c) => c.server?.name ?? '');
      return names.length ? `${kindWords[kind]}: ${nameList(names)}.` : '';
    })
    .filter(Boolean);
  return { title, body: lines.join('\n'), target };
}

const kindWords: Record<Kind, string> = {
  offline: 'Offline',
  failed: 'Failed',
  missing: 'Missing',
  'crash-looping': 'Crash-looping',
  'purge-soon': 'Purged within the hour',
};

function oneServerNotice(c: Condition, now: number): Omit<DesktopNotice, 'target'> {
  const s = c.server as Server;
  switch (c.kind) {
    case 'missing':
      return {
        title: `${s.name} is missing`,
        body: `Its container on ${c.hostName} is gone. Open ZedOps to recover it.`,
      };
    case 'failed':
      return {
        title: `${s.name} failed`,
        body: s.lastError ? `On ${c.hostName}: ${s.lastError}` : `On ${c.hostName}. Its history in ZedOps says why.`,
      };
    case 'crash-looping':
      return {
        title: `${s.name} is crash-looping`,
        body: `Docker keeps restarting it on ${c.hostName}. Its history in ZedOps shows each crash.`,
      };
    default: {
      const minutes = Math.max(1, Math.ceil((Date.parse(s.purgeAt ?? '') - now) / 60_000));
      return {
        title: `${s.name} will be purged in ${plural(minutes, 'minute')}`,
        body: `It was deleted on ${c.hostName}; purging removes it for good. Restore it in ZedOps to keep it.`,
      };
    }
  }
}

function fleetNotice(fresh: Condition[], hostCount: number): DesktopNotice {
  const count = (kind: Kind) => new Set(fresh.filter((c) => c.kind === kind).map((c) => c.subject)).size;
  const lines = [
    count('offline') ? `${plural(count('offline'), 'host')} offline.` : '',
    count('failed') ? `${plural(count('failed'), 'server')} failed.` : '',
    count('missing') ? `${plural(count('missing'), 'server')} missing.` : '',
    count('crash-looping') ? `${plural(count('crash-looping'), 'server')} crash-looping.` : '',
    count('purge-soon') ? `${plural(count('purge-soon'), 'deleted server')} purged within the hour.` : '',
  ].filter(Boolean);
  return { title: `ZedOps: news from ${hostCount} hosts`, body: lines.join('\n'), target: null };
}

function nameList(names: string[]): string {
  if (names.length <= maxNames) return names.join(', ');
  return `${names.slice(0, maxNames).join(', ')} and ${names.length - maxNames} more`;
}
