// pz-sim: stands in for a Project Zomboid dedicated server in tests. It reads
// the same environment as the popular images, keeps its files where they do,
// answers on the game's UDP ports and speaks the game's flavour of Source RCON.
// Node built-ins only: the image holds nothing but node and its libraries.

import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const env = process.env;
const serverName = env.SERVER_NAME || 'servertest';
const defaultPort = intFromEnv('DEFAULT_PORT', 16261);
const udpPort = intFromEnv('UDP_PORT', 16262);
const rconPort = intFromEnv('RCON_PORT', 27015);
const rconPassword = env.RCON_PASSWORD || '';
const startDelayMs = secondsFromEnv('PZSIM_START_DELAY', 0);
const saveDelayMs = secondsFromEnv('PZSIM_SAVE_DELAY', 0);
const crashAfterMs = env.PZSIM_CRASH_AFTER ? secondsFromEnv('PZSIM_CRASH_AFTER', 0) : undefined;
// The game sends a reply in one packet; Source servers split at ~4096 bytes.
const rconSplitBytes = intFromEnv('PZSIM_RCON_SPLIT', 0);

const GAME_VERSION = '41.78.16';
const installDir = '/home/steam/ZomboidDedicatedServer';
const zomboidDir = '/home/steam/Zomboid';
const worldDir = path.join(zomboidDir, 'Saves', 'Multiplayer', serverName);
const saveFile = path.join(worldDir, 'pz-sim-save.json');

const RESPONSE_VALUE = 0;
const AUTH_RESPONSE = 2;
const EXECCOMMAND = 2;
const AUTH = 3;

const sockets = [];
let saveCount = readSaveCount();
let saving = Promise.resolve();
let stopping = false;

function intFromEnv(name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isInteger(value) || value < 0) fail(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function secondsFromEnv(name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback * 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) fail(`${name} must be a number of seconds, got "${raw}"`);
  return value * 1000;
}

function log(message) {
  process.stdout.write(`LOG  : General     , ${Date.now()}> ${message}\n`);
}

function fail(message) {
  process.stderr.write(`ERROR: pz-sim: ${message}\n`);
  process.exit(2);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function writeFileAtomic(file, text) {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

function installBinaries() {
  const versionFile = path.join(installDir, 'version.txt');
  if (fs.existsSync(versionFile)) {
    log(`Dedicated server ${fs.readFileSync(versionFile, 'utf8').trim()} already installed`);
    return;
  }
  log(`Installing dedicated server (Steam app 380870) into ${installDir}`);
  fs.mkdirSync(path.join(installDir, 'java'), { recursive: true });
  fs.writeFileSync(path.join(installDir, 'start-server.sh'), '#!/bin/sh\n# installed by pz-sim\n', { mode: 0o755 });
  fs.writeFileSync(
    path.join(installDir, 'ProjectZomboid64.json'),
    `${JSON.stringify({ mainClass: 'zombie/network/GameServer', classpath: ['java/'] }, null, 2)}\n`,
  );
  writeFileAtomic(versionFile, `${GAME_VERSION}\n`);
  log("Success! App '380870' fully installed.");
}

function writeServerConfigIfMissing() {
  const serverDir = path.join(zomboidDir, 'Server');
  const ini = path.join(serverDir, `${serverName}.ini`);
  if (fs.existsSync(ini)) return;
  fs.mkdirSync(serverDir, { recursive: true });
  const settings = {
    PVP: 'true',
    PauseEmpty: env.PAUSE_ON_EMPTY || 'true',
    Public: env.PUBLIC_SERVER || 'false',
    PublicName: serverName,
    Password: env.SERVER_PASSWORD || '',
    MaxPlayers: env.MAX_PLAYERS || '32',
    DefaultPort: String(defaultPort),
    UDPPort: String(udpPort),
    RCONPort: String(rconPort),
    RCONPassword: rconPassword,
    Mods: env.MOD_NAMES || '',
    WorkshopItems: env.MOD_WORKSHOP_IDS || '',
    Map: env.MAP_NAMES || 'Muldraugh, KY',
    SaveWorldEveryMinutes: env.AUTOSAVE_INTERVAL || '15',
  };
  const text = Object.entries(settings)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
  writeFileAtomic(ini, text);
  fs.writeFileSync(path.join(serverDir, `${serverName}_SandboxVars.lua`), 'SandboxVars = {\n    VERSION = 5,\n}\n');
  fs.writeFileSync(
    path.join(serverDir, `${serverName}_spawnregions.lua`),
    'function SpawnRegions()\n    return {}\nend\n',
  );
  log(`Wrote ${ini}`);
  if (env.ADMIN_PASSWORD) log(`Created admin account "${env.ADMIN_USERNAME || 'admin'}"`);
}

function readSaveCount() {
  try {
    return JSON.parse(fs.readFileSync(saveFile, 'utf8')).saveCount || 0;
  } catch {
    return 0;
  }
}

/** Saves are queued so that `save` during a shutdown save cannot interleave. */
function saveWorld(reason) {
  saving = saving.then(async () => {
    log(`Saving world (${reason})...`);
    await sleep(saveDelayMs);
    saveCount += 1;
    fs.mkdirSync(worldDir, { recursive: true });
    const record = { serverName, saveCount, savedAt: new Date().toISOString(), reason };
    writeFileAtomic(saveFile, `${JSON.stringify(record, null, 2)}\n`);
    log(`World saved (save #${saveCount})`);
  });
  return saving;
}

async function shutDown(reason) {
  if (stopping) return;
  stopping = true;
  log(`${reason}: saving before shutdown`);
  await saveWorld(reason);
  exitServer();
}

function exitServer() {
  log('SERVER STOPPED');
  for (const socket of sockets) socket.close();
  process.exit(0);
}

function listenUdp(port) {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (message, peer) => {
      socket.send(Buffer.from(`pz-sim ${serverName} ${GAME_VERSION} port ${port}\n`), peer.port, peer.address);
    });
    socket.once('error', reject);
    socket.bind(port, '0.0.0.0', () => {
      sockets.push(socket);
      resolve();
    });
  });
}

function encodePacket(id, type, body) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const packet = Buffer.alloc(14 + bytes.length);
  packet.writeInt32LE(10 + bytes.length, 0);
  packet.writeInt32LE(id, 4);
  packet.writeInt32LE(type, 8);
  bytes.copy(packet, 12);
  return packet;
}

function replyPackets(id, body) {
  const bytes = Buffer.from(body, 'utf8');
  if (rconSplitBytes === 0 || bytes.length <= rconSplitBytes) return [encodePacket(id, RESPONSE_VALUE, body)];
  const packets = [];
  for (let offset = 0; offset < bytes.length; offset += rconSplitBytes) {
    packets.push(encodePacket(id, RESPONSE_VALUE, bytes.subarray(offset, offset + rconSplitBytes)));
  }
  return packets;
}

const HELP = [
  'List of server commands :',
  '* additem : Give an item to a player.',
  '* banuser : Ban a user.',
  '* help : Help.',
  '* kickuser : Kick a user.',
  '* players : List all connected players.',
  '* quit : Save and quit the server.',
  '* save : Save the current world.',
  '* servermsg : Broadcast a message to all connected players.',
  '* teleport : Teleport to a player.',
  '* thunder : Start a thunder storm on a player.',
  '',
].join('\n');

function parseCommand(line) {
  const trimmed = line.trim().replace(/^\//, '');
  const name = trimmed.split(/\s+/, 1)[0] || '';
  return { name: name.toLowerCase(), argument: trimmed.slice(name.length).trim() };
}

/** Returns the game's reply to a console command. */
async function runCommand(name, argument) {
  switch (name) {
    case 'players':
      return 'Players connected (0): \n';
    case 'save':
      await saveWorld('save');
      return 'World saved';
    case 'quit':
      stopping = true;
      await saveWorld('quit');
      return 'Quit';
    case 'servermsg': {
      const message = /^"(.*)"$/s.exec(argument)?.[1] ?? argument;
      if (!message) return 'servermsg "message" : Broadcast a message to all connected players.';
      log(`servermsg: ${message}`);
      return 'Message sent.';
    }
    case 'help':
      return HELP;
    default:
      return `Unknown command /${name}`;
  }
}

/** One RCON session. Like the game, it handles one packet at a time, in order. */
function serveRcon(socket) {
  let authed = false;
  let pending = Buffer.alloc(0);
  let work = Promise.resolve();
  const send = (packets) => {
    for (const packet of packets) if (!socket.writableEnded && !socket.destroyed) socket.write(packet);
  };

  function handle(id, type, body) {
    if (type === AUTH) {
      authed = body === rconPassword;
      send([encodePacket(id, RESPONSE_VALUE, ''), encodePacket(authed ? id : -1, AUTH_RESPONSE, '')]);
      if (!authed) {
        log("RCON: password doesn't match");
        socket.end();
      }
      return Promise.resolve();
    }
    if (!authed) {
      send([encodePacket(-1, AUTH_RESPONSE, '')]);
      socket.end();
      return Promise.resolve();
    }
    if (type === RESPONSE_VALUE) {
      // The game echoes an empty response twice; clients use it to find the end of a reply.
      send([encodePacket(id, RESPONSE_VALUE, ''), encodePacket(id, RESPONSE_VALUE, '')]);
      return Promise.resolve();
    }
    if (type !== EXECCOMMAND) return Promise.resolve();
    if (body !== 'players') log(`RCON: command "${body}"`);
    const { name, argument } = parseCommand(body);
    return runCommand(name, argument).then((reply) => {
      send(replyPackets(id, reply));
      // Like the game, it goes down a moment after answering, not in the same instant: exiting at once can
      // stop the container while Docker's port proxy still holds the reply, and the client never sees it.
      if (name === 'quit') socket.end(() => setTimeout(exitServer, 250));
    });
  }

  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const size = pending.readInt32LE(0);
      if (size < 10 || size > 4096 * 16) {
        socket.destroy();
        return;
      }
      if (pending.length < 4 + size) break;
      const id = pending.readInt32LE(4);
      const type = pending.readInt32LE(8);
      const body = pending.toString('utf8', 12, 4 + size - 2);
      pending = pending.subarray(4 + size);
      work = work.then(() => handle(id, type, body));
    }
  });
  socket.on('error', () => socket.destroy());
}

function listenRcon() {
  return new Promise((resolve, reject) => {
    const server = net.createServer(serveRcon);
    server.once('error', reject);
    server.listen(rconPort, '0.0.0.0', () => {
      sockets.push(server);
      log(`RCON: listening on port ${rconPort}`);
      resolve();
    });
  });
}

async function main() {
  process.on('SIGTERM', () => shutDown('SIGTERM'));
  process.on('SIGINT', () => shutDown('SIGINT'));
  log(`pz-sim ${GAME_VERSION} starting server "${serverName}"`);
  if (crashAfterMs !== undefined) {
    setTimeout(() => {
      process.stderr.write('ERROR: pz-sim: crashing on request (PZSIM_CRASH_AFTER)\n');
      process.exit(1);
    }, crashAfterMs);
  }
  installBinaries();
  writeServerConfigIfMissing();
  fs.mkdirSync(worldDir, { recursive: true });
  if (startDelayMs > 0) {
    log(`Loading world (PZSIM_START_DELAY=${startDelayMs / 1000}s)`);
    await sleep(startDelayMs);
  }
  await listenUdp(defaultPort);
  if (udpPort !== defaultPort) await listenUdp(udpPort);
  if (rconPassword && rconPort !== 0) await listenRcon();
  else log('RCON: disabled (needs RCON_PASSWORD and a non-zero RCON_PORT)');
  log('*** SERVER STARTED ***');
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));
