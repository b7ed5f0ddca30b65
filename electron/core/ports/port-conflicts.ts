import { portRoles, type PortConflict, type PortRole, type PortSet } from '../../shared/servers';
import type { TakenPorts } from './suggest-ports';

export type PortProtocol = PortConflict['protocol'];

/** Where a held port was seen, checked in this order: ZedOps' own reservations first, then Docker, then the OS. */
export const holderLayers = ['catalog', 'docker', 'host'] as const;
export type HolderLayer = (typeof holderLayers)[number];

export interface PortHolder {
  port: number;
  protocol: PortProtocol;
  layer: HolderLayer;
  /** Who holds it, in words that fit "Port 16261/udp is reserved by ___". */
  holder: string;
  /** The ZedOps server behind a catalog or Docker holder, so a retry can leave out its own ports. */
  serverName?: string;
}

/** Game and UDP ports are the game's UDP sockets; RCON is TCP. */
export const roleProtocols: Readonly<Record<PortRole, PortProtocol>> = { game: 'udp', udp: 'udp', rcon: 'tcp' };

const roleFields = { game: 'gamePort', udp: 'udpPort', rcon: 'rconPort' } as const satisfies Record<
  PortRole,
  keyof PortSet
>;
const roleWords: Readonly<Record<PortRole, string>> = { game: 'game port', udp: 'UDP port', rcon: 'RCON port' };
const nextStep = 'pick another or let ZedOps suggest one.';

/**
 * What stops a server from using the requested ports: first clashes inside the
 * request, then, for each port, the first layer that holds it (one conflict
 * per role, so a form can show one message beside each field).
 */
export function findConflicts(requested: PortSet, holders: readonly PortHolder[]): PortConflict[] {
  const conflicts: PortConflict[] = [];
  const claimedBy = new Map<string, PortRole>();
  for (const role of portRoles) {
    const port = requested[roleFields[role]];
    const protocol = roleProtocols[role];
    const key = `${port}/${protocol}`;
    const earlier = claimedBy.get(key);
    if (earlier) {
      conflicts.push(requestConflict(port, protocol, role, earlier));
      continue;
    }
    claimedBy.set(key, role);
    const held = firstHolder(port, protocol, holders);
    if (held) conflicts.push({ port, protocol, role, layer: held.layer, holder: held.holder, message: describe(held) });
  }
  return conflicts;
}

/** Every port some layer holds, in the shape `suggestPorts` takes. */
export function takenPorts(holders: readonly PortHolder[]): TakenPorts {
  const udp = new Set<number>();
  const tcp = new Set<number>();
  for (const h of holders) (h.protocol === 'udp' ? udp : tcp).add(h.port);
  return { udp, tcp };
}

function firstHolder(port: number, protocol: PortProtocol, holders: readonly PortHolder[]): PortHolder | undefined {
  for (const layer of holderLayers) {
    const found = holders.find((h) => h.layer === layer && h.port === port && h.protocol === protocol);
    if (found) return found;
  }
  return undefined;
}

function requestConflict(port: number, protocol: PortProtocol, role: PortRole, earlier: PortRole): PortConflict {
  const holder = `the ${roleWords[earlier]} of this server`;
  return {
    port,
    protocol,
    role,
    layer: 'request',
    holder,
    message: `Port ${port}/${protocol} is both the ${roleWords[earlier]} and the ${roleWords[role]}; each needs its own port, so ${nextStep}`,
  };
}

function describe(held: PortHolder): string {
  const port = `Port ${held.port}/${held.protocol}`;
  switch (held.layer) {
    case 'catalog':
      return `${port} is reserved in the catalog by ${held.holder} on this host; ${nextStep}`;
    case 'docker':
      return `${port} is published by ${held.holder} in Docker; ${nextStep}`;
    case 'host':
      return `${port} is in use on the host by ${held.holder}; ${nextStep}`;
  }
}
