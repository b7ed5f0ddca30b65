import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, defaults, parseListen, parseSize, readConfigFile, resolveConfig } from './config';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-agent-config-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function configFile(content: unknown): string {
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig', () => {
  it('uses the documented defaults when nothing is given', () => {
    expect(resolveConfig({}, dir)).toEqual({
      socket: '/run/zedops/agent.sock',
      dockerHost: 'unix:///var/run/docker.sock',
      dockerSocket: '/var/run/docker.sock',
      dataRoot: '/var/lib/zedops/servers',
      stateDir: '/var/lib/zedops-agent',
      logLevel: 'info',
      journalMaxBytes: 16 * 1024 * 1024,
    });
  });

  it('takes the flags of the hand-run form, resolving relative paths against the working directory', () => {
    const config = resolveConfig(
      { socket: 'run/agent.sock', dockerHost: 'unix:///tmp/d.sock', dataRoot: 'servers', stateDir: '/srv/state' },
      dir,
    );
    expect(config.socket).toBe(path.join(dir, 'run/agent.sock'));
    expect(config.dockerSocket).toBe('/tmp/d.sock');
    expect(config.dataRoot).toBe(path.join(dir, 'servers'));
    expect(config.stateDir).toBe('/srv/state');
    expect(config.tls).toBeUndefined();
  });

  it('reads the config file, and flags win over it', () => {
    const file = configFile({
      dataRoot: '/srv/zedops',
      stateDir: '/srv/state',
      logLevel: 'debug',
      journalMaxBytes: '1M',
    });
    const config = resolveConfig({ config: file, stateDir: '/elsewhere' }, dir);
    expect(config.configFile).toBe(file);
    expect(config.dataRoot).toBe('/srv/zedops');
    expect(config.stateDir).toBe('/elsewhere');
    expect(config.logLevel).toBe('debug');
    expect(config.journalMaxBytes).toBe(1024 * 1024);
    expect(config.socket).toBe(defaults.socket);
  });

  it('sets up the TLS listener when listen and the three files are given', () => {
    const file = configFile({ listen: 'tls://0.0.0.0:27701', tlsCa: '/etc/a/ca.pem', tlsCert: '/etc/a/c.pem' });
    expect(resolveConfig({ config: file, tlsKey: 'k.pem' }, dir).tls).toEqual({
      host: '0.0.0.0',
      port: 27701,
      ca: '/etc/a/ca.pem',
      cert: '/etc/a/c.pem',
      key: path.join(dir, 'k.pem'),
    });
  });

  it('names the missing TLS files when listen is set without them', () => {
    const message = errorOf(() => resolveConfig({ listen: 'tls://127.0.0.1:27701', tlsCa: '/ca.pem' }, dir));
    expect(message).toContain('--listen');
    expect(message).toContain('missing --tls-cert ("tlsCert"), --tls-key ("tlsKey")');
    expect(message).toContain('certs init');
  });

  it('refuses TLS files without a listener, naming where they came from', () => {
    const file = configFile({ tlsCa: '/ca.pem' });
    const message = errorOf(() => resolveConfig({ config: file, tlsKey: '/k.pem' }, dir));
    expect(message).toContain(`"tlsCa" in ${file}`);
    expect(message).toContain('--tls-key');
    expect(message).toContain('--listen');
  });

  it('refuses a Docker host that is not a unix socket, naming the flag', () => {
    expect(errorOf(() => resolveConfig({ dockerHost: 'tcp://127.0.0.1:2375' }, dir))).toMatch(
      /^--docker-host must be unix:\/\/ followed by the absolute path of the Docker socket/,
    );
  });

  it('refuses a bad listen address, naming the flag and the expected form', () => {
    expect(errorOf(() => resolveConfig({ listen: 'http://0.0.0.0:80' }, dir))).toContain(
      '--listen "http://" is not supported',
    );
    expect(errorOf(() => resolveConfig({ listen: 'tls://0.0.0.0:70000' }, dir))).toContain('the port 70000');
  });

  it('refuses an unknown log level and a journal size below the minimum', () => {
    expect(errorOf(() => resolveConfig({ logLevel: 'loud' }, dir))).toContain(
      '--log-level must be one of debug, info, warn, error',
    );
    expect(errorOf(() => resolveConfig({ journalMaxBytes: '10' }, dir))).toContain('must be at least 65536 bytes');
  });
});

describe('readConfigFile', () => {
  it('says which file is missing', () => {
    const missing = path.join(dir, 'nope.json');
    expect(errorOf(() => readConfigFile(missing))).toBe(`The config file ${missing} does not exist.`);
  });

  it('says the file is not JSON', () => {
    const file = configFile('{ "dataRoot": "/srv", }');
    expect(errorOf(() => readConfigFile(file))).toMatch(new RegExp(`^The config file ${file} is not valid JSON: `));
  });

  it('wants one JSON object', () => {
    expect(errorOf(() => readConfigFile(configFile('["/srv"]')))).toContain('must hold one JSON object');
  });

  it('names every bad key and says what is wrong with each', () => {
    const file = configFile({ dataroot: '/srv', stateDir: 'state', socket: 42, logLevel: 'info' });
    const message = errorOf(() => readConfigFile(file));
    expect(message).toContain(`The config file ${file} has 3 problems:`);
    expect(message).toContain(
      '"dataroot" is not a setting the agent knows. The keys are: socket, dockerHost, dataRoot,',
    );
    expect(message).toContain('"stateDir" must be an absolute path');
    expect(message).toContain(
      '"socket" must be the absolute path of the unix socket the agent listens on, as a string',
    );
  });

  it('accepts the example config shipped in agent/, which spells out the defaults', () => {
    const example = readConfigFile(path.join(__dirname, '..', 'config.example.json'));
    const config = resolveConfig({ config: path.join(__dirname, '..', 'config.example.json') });
    expect(Object.keys(example).length).toBeGreaterThan(3);
    expect({ ...config, configFile: undefined }).toEqual({ ...resolveConfig({}), configFile: undefined });
  });
});

describe('parseListen and parseSize', () => {
  it.each([
    ['tls://0.0.0.0:27701', { host: '0.0.0.0', port: 27701 }],
    ['tls://[::1]:27702', { host: '::1', port: 27702 }],
    ['tls://agent.example.org:443', { host: 'agent.example.org', port: 443 }],
  ])('reads %s', (value, expected) => {
    expect(parseListen(value)).toEqual(expected);
  });

  it.each(['0.0.0.0:27701', 'tls://0.0.0.0', 'tls://[nothex]:1', 'tls://0.0.0.0:0', 'tcp://0.0.0.0:1'])(
    'refuses %s with a sentence',
    (value) => {
      expect(typeof parseListen(value)).toBe('string');
    },
  );

  it('reads sizes with units', () => {
    expect(parseSize('16M')).toBe(16 * 1024 * 1024);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
    expect(parseSize(70000)).toBe(70000);
    expect(parseSize('2G')).toMatch(/at most/);
    expect(parseSize('lots')).toMatch(/is not a size/);
    expect(parseSize(100000.5)).toMatch(/whole number/);
  });
});
