import { describe, expect, it } from 'vitest';
import { parseProcNetPorts } from './proc-net';

// Shapes copied from a Linux 6.x /proc/net; ports: 0x3F85 = 16261, 0x3F86 = 16262, 0x6987 = 27015, 0x0016 = 22.
const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:6987 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21581 1 0000000000000000 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 18844 1 0000000000000000 100 0 0 10 0
   2: 0100007F:C350 0100007F:6987 01 00000000:00000000 00:00000000 00000000  1000        0 51432 1 0000000000000000 20 4 30 10 -1
   3: 0100007F:D1E2 0100007F:0016 06 00000000:00000000 03:000016B1 00000000     0        0 0 3 0000000000000000
`;

const tcp6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 23001 1 0000000000000000 100 0 0 10 0
`;

const udp = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  104: 00000000:3F85 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 30011 2 0000000000000000 0
  105: 0100007F:3F86 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 30012 2 0000000000000000 0
  311: 0A00020F:D903 08080808:0035 01 00000000:00000000 00:00000000 00000000   101        0 30900 2 0000000000000000 0
`;

const udp6 = `   sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  200: 00000000000000000000000000000000:3F85 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 30013 2 0000000000000000 0
`;

describe('parseProcNetPorts', () => {
  it('keeps only listening TCP sockets', () => {
    expect([...parseProcNetPorts(tcp, 'tcp')].sort((a, b) => a - b)).toEqual([22, 27015]);
  });

  it('reads IPv6 addresses the same way', () => {
    expect([...parseProcNetPorts(tcp6, 'tcp')]).toEqual([8080]);
    expect([...parseProcNetPorts(udp6, 'udp')]).toEqual([16261]);
  });

  it('counts every bound UDP port, connected or not, since UDP has no listening state', () => {
    expect([...parseProcNetPorts(udp, 'udp')].sort((a, b) => a - b)).toEqual([16261, 16262, 55555]);
  });

  it('ignores the header, blank lines and anything that is not a socket line', () => {
    expect([...parseProcNetPorts('garbage\n\n  sl local_address\n 7: nonsense 0A\n', 'tcp')]).toEqual([]);
  });
});
