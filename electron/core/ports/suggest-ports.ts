import type { PortSet } from '../../shared/servers';

/** Ports already held on a host, by protocol. */
export interface TakenPorts {
  udp: ReadonlySet<number>;
  tcp: ReadonlySet<number>;
}

/** Project Zomboid's defaults, so the first server on a host needs no port forwarding changes. */
export const FIRST_GAME_PORT = 16261;
export const FIRST_RCON_PORT = 27015;
const HIGHEST_PORT = 65535;

/**
 * The first free port set: the game port steps by 2 from 16261 so each server
 * keeps the game's "UDP port = game port + 1" habit, RCON steps by 1 from
 * 27015. Scanning from the start every time reuses ports a purge freed.
 */
export function suggestPorts(taken: TakenPorts): PortSet {
  let gamePort = FIRST_GAME_PORT;
  while (taken.udp.has(gamePort) || taken.udp.has(gamePort + 1)) {
    gamePort += 2;
    if (gamePort + 1 > HIGHEST_PORT) {
      throw new Error(
        `No free pair of UDP ports from ${FIRST_GAME_PORT} to ${HIGHEST_PORT} on this host. ` +
          'Purge deleted servers to release their ports, or enter the game and UDP ports yourself.',
      );
    }
  }
  let rconPort = FIRST_RCON_PORT;
  while (taken.tcp.has(rconPort)) {
    rconPort += 1;
    if (rconPort > HIGHEST_PORT) {
      throw new Error(
        `No free TCP port from ${FIRST_RCON_PORT} to ${HIGHEST_PORT} for RCON on this host. ` +
          'Purge deleted servers to release their ports, or enter the RCON port yourself.',
      );
    }
  }
  return { gamePort, udpPort: gamePort + 1, rconPort };
}
