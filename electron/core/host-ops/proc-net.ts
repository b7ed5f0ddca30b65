/** TCP state 0A in /proc/net/tcp*: a listening socket. */
const TCP_LISTEN = '0A';

/**
 * Local ports from Linux's /proc/net/{tcp,tcp6,udp,udp6}. A line reads
 * `sl local_address rem_address st ...` with the address as hex
 * `ADDR:PORT`. TCP counts only listening sockets (connections use ports too,
 * but do not stop a server from listening); UDP has no listen state, so any
 * bound port counts.
 */
export function parseProcNetPorts(text: string, protocol: 'tcp' | 'udp'): Set<number> {
  const ports = new Set<number>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const localAddress = fields[1];
    const state = fields[3];
    if (!/^\d+:$/.test(fields[0] ?? '') || !localAddress || !state) continue;
    const portHex = /^[0-9A-Fa-f]+:([0-9A-Fa-f]{4})$/.exec(localAddress)?.[1];
    if (!portHex) continue;
    const port = parseInt(portHex, 16);
    if (port === 0) continue;
    if (protocol === 'tcp' && state.toUpperCase() !== TCP_LISTEN) continue;
    ports.add(port);
  }
  return ports;
}
