// HEALTHCHECK for pz-sim: healthy once the game port answers a datagram,
// which the sim only opens after its world has loaded.

import dgram from 'node:dgram';

const port = Number.parseInt(process.env.DEFAULT_PORT || '16261', 10);
const socket = dgram.createSocket('udp4');
const timer = setTimeout(() => {
  process.stderr.write(`no answer on udp port ${port}\n`);
  process.exit(1);
}, 1500);

socket.on('message', () => {
  clearTimeout(timer);
  process.stdout.write(`udp port ${port} answers\n`);
  process.exit(0);
});
socket.on('error', (error) => {
  process.stderr.write(`udp port ${port}: ${error.message}\n`);
  process.exit(1);
});
socket.send(Buffer.from('health'), port, '127.0.0.1');
