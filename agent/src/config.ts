import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { logLevels, type LogLevel } from './log';

/** Where everything lives when neither a flag nor the config file says otherwise. */
export const defaults = {
  socket: '/run/zedops/agent.sock',
  dockerHost: 'unix:///var/run/docker.sock',
  dataRoot: '/var/lib/zedops/servers',
  stateDir: '/var/lib/zedops-agent',
  logLevel: 'info' as LogLevel,
  journalMaxBytes: 16 * 1024 * 1024,
} as const;

export const minJournalBytes = 64 * 1024;
export const maxJournalBytes = 1024 * 1024 * 1024;

/** The agent's settings once flags, the config file and the defaults are merged and checked. */
export interface AgentConfig {
  configFile?: string;
  socket: string;
  dockerHost: string;
  /** The path in `dockerHost`. */
  dockerSocket: string;
  dataRoot: string;
  stateDir: string;
  /** The mutual-TLS listener, when `listen` is set (with all three TLS files). */
  tls?: { host: string; port: number; ca: string; cert: string; key: string };
  logLevel: LogLevel;
  journalMaxBytes: number;
}

/** One setting: its key in the config file, its flag, and the rule for its value. */
const settings = {
  socket: { flag: '--socket' },
  dockerHost: { flag: '--docker-host' },
  dataRoot: { flag: '--data-root' },
  stateDir: { flag: '--state-dir' },
  listen: { flag: '--listen' },
  tlsCa: { flag: '--tls-ca' },
  tlsCert: { flag: '--tls-cert' },
  tlsKey: { flag: '--tls-key' },
  logLevel: { flag: '--log-level' },
  journalMaxBytes: { flag: '--journal-max-bytes' },
} as const;

export type SettingKey = keyof typeof settings;
export const settingKeys = Object.keys(settings) as SettingKey[];
export const flagFor = (key: SettingKey): string => settings[key].flag;

/** Values as they come from the command line (strings; paths may be relative to the working directory). */
export type Flags = Partial<Record<SettingKey, string>> & { config?: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const absolutePath = (what: string) =>
  z
    .string({ error: `must be the absolute path of ${what}, as a string` })
    .min(1, `must be the absolute path of ${what}; it is empty`)
    .refine((v) => path.isAbsolute(v), `must be an absolute path (${what}), such as /var/lib/zedops-agent`)
    .refine((v) => !v.includes('\0'), 'cannot contain a NUL byte');

const dockerHostSchema = z
  .string({ error: 'must be a string such as unix:///var/run/docker.sock' })
  .refine(
    (v) => v.startsWith('unix://') && path.isAbsolute(v.slice('unix://'.length)),
    'must be unix:// followed by the absolute path of the Docker socket, such as unix:///var/run/docker.sock ' +
      '(the agent runs on the Docker host and talks to Docker through its socket)',
  );

const listenSchema = z.string({ error: 'must be a string such as tls://0.0.0.0:27701' }).superRefine((v, ctx) => {
  const parsed = parseListen(v);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

const sizeSchema = z
  .union([z.number(), z.string()], { error: 'must be a size in bytes, such as 16777216 or "16M"' })
  .superRefine((v, ctx) => {
    const parsed = parseSize(v);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  });

const schemas: Record<SettingKey, z.ZodType> = {
  socket: absolutePath('the unix socket the agent listens on'),
  dockerHost: dockerHostSchema,
  dataRoot: absolutePath("the folder holding the servers' data"),
  stateDir: absolutePath("the folder for the agent's own state (its event journal)"),
  listen: listenSchema,
  tlsCa: absolutePath('the CA certificate (PEM) that client certificates must be signed by'),
  tlsCert: absolutePath("the agent's TLS certificate (PEM)"),
  tlsKey: absolutePath("the agent's TLS private key (PEM)"),
  logLevel: z.enum(logLevels as [LogLevel, ...LogLevel[]], { error: `must be one of ${logLevels.join(', ')}` }),
  journalMaxBytes: sizeSchema,
};

const fileSchema = z.strictObject(Object.fromEntries(settingKeys.map((key) => [key, schemas[key].optional()])));

/** `tls://ADDR:PORT` (ADDR an IPv4 address, [IPv6] or a host name) as host and port, or what is wrong with it. */
export function parseListen(value: string): { host: string; port: number } | string {
  const example = 'write it as tls://ADDRESS:PORT, such as tls://0.0.0.0:27701 or tls://[::]:27701';
  const m = /^([a-z]+):\/\/(.*)$/.exec(value);
  if (!m) return `"${value}" is not an address to listen on: ${example}`;
  if (m[1] !== 'tls') return `"${m[1]}://" is not supported: the agent only listens on TCP with mutual TLS; ${example}`;
  const rest = m[2] ?? '';
  const hp = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]/]+)):(\d+)$/.exec(rest);
  if (!hp) return `"${value}" has no address and port: ${example}`;
  const host = hp[1] ?? hp[2] ?? '';
  if (hp[1] !== undefined && net.isIPv6(host) === false) return `"${host}" is not an IPv6 address: ${example}`;
  const port = Number(hp[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `the port ${hp[3]} is not from 1 to 65535`;
  return { host, port };
}

/** A size in bytes, as a number or text with an optional K, M or G (powers of 1024). */
export function parseSize(value: number | string): number | string {
  let bytes: number;
  if (typeof value === 'number') bytes = value;
  else {
    const m = /^\s*(\d+)\s*([kmg])?i?b?\s*$/i.exec(value);
    if (!m) return `"${value}" is not a size: write a number of bytes, or one with K, M or G, such as 16M`;
    const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
    bytes = Number(m[1]) * unit;
  }
  if (!Number.isInteger(bytes)) return 'must be a whole number of bytes';
  if (bytes < minJournalBytes) return `must be at least ${minJournalBytes} bytes (64K)`;
  if (bytes > maxJournalBytes) return `must be at most ${maxJournalBytes} bytes (1G)`;
  return bytes;
}

function describeIssues(issues: readonly z.core.$ZodIssue[], name: (key: string) => string): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        lines.push(`"${key}" is not a setting the agent knows. The keys are: ${settingKeys.join(', ')}.`);
      }
      continue;
    }
    const key = issue.path[0];
    lines.push(key === undefined ? issue.message : `${name(String(key))} ${issue.message}.`);
  }
  return lines;
}

/** Reads and checks a config file; throws a `ConfigError` that names the file and each bad key. */
export function readConfigFile(file: string): Partial<Record<SettingKey, unknown>> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'cannot be read: permission denied'
          : code === 'EISDIR'
            ? 'is a folder, not a file'
            : `cannot be read (${code ?? String(err)})`;
    throw new ConfigError(`The config file ${file} ${why}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`The config file ${file} is not valid JSON: ${(err as Error).message}.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(`The config file ${file} must hold one JSON object, such as { "dataRoot": "/srv/zedops" }.`);
  }
  const result = fileSchema.safeParse(json);
  if (!result.success) {
    const lines = describeIssues(result.error.issues, (key) => `"${key}"`);
    throw new ConfigError(
      `The config file ${file} has ${plural(lines.length, 'problem')}:\n${lines.map((l) => `  ${l}`).join('\n')}`,
    );
  }
  return result.data as Partial<Record<SettingKey, unknown>>;
}

function checkFlags(flags: Flags, cwd: string): Partial<Record<SettingKey, unknown>> {
  const out: Partial<Record<SettingKey, unknown>> = {};
  const lines: string[] = [];
  for (const key of settingKeys) {
    let value: unknown = flags[key];
    if (value === undefined) continue;
    if (['socket', 'dataRoot', 'stateDir', 'tlsCa', 'tlsCert', 'tlsKey'].includes(key) && value !== '') {
      value = path.resolve(cwd, String(value));
    }
    if (key === 'dockerHost' && typeof value === 'string' && value.startsWith('unix://') && value.length > 7) {
      value = `unix://${path.resolve(cwd, value.slice('unix://'.length))}`;
    }
    const result = schemas[key].safeParse(value);
    if (result.success) out[key] = result.data;
    else lines.push(...describeIssues(result.error.issues, () => '').map((l) => `${flagFor(key)} ${l.trim()}`));
  }
  if (lines.length > 0) throw new ConfigError(lines.join('\n'));
  return out;
}

/** Flags win over the config file, which wins over the defaults. */
export function resolveConfig(flags: Flags, cwd = process.cwd()): AgentConfig {
  const configFile = flags.config === undefined ? undefined : path.resolve(cwd, flags.config);
  const fromFile = configFile ? readConfigFile(configFile) : {};
  const fromFlags = checkFlags(flags, cwd);
  const merged = { ...fromFile, ...fromFlags };
  const where = (key: SettingKey): string =>
    key in fromFlags ? flagFor(key) : `"${key}" in ${configFile ?? 'the config file'}`;
  const str = (key: SettingKey): string | undefined => merged[key] as string | undefined;

  const dockerHost = str('dockerHost') ?? defaults.dockerHost;
  const listen = str('listen');
  const tlsFiles = (['tlsCa', 'tlsCert', 'tlsKey'] as const).filter((k) => merged[k] !== undefined);
  let tls: AgentConfig['tls'];
  if (listen !== undefined) {
    const missing = (['tlsCa', 'tlsCert', 'tlsKey'] as const).filter((k) => merged[k] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(
        `${where('listen')} sets up a mutual-TLS listener, which needs a CA, a certificate and a key: ` +
          `missing ${missing.map((k) => `${flagFor(k)} ("${k}")`).join(', ')}. ` +
          '"zedops-agent certs init --dir DIR" makes all three.',
      );
    }
    const parsed = parseListen(listen) as { host: string; port: number };
    tls = { ...parsed, ca: str('tlsCa') ?? '', cert: str('tlsCert') ?? '', key: str('tlsKey') ?? '' };
  } else if (tlsFiles.length > 0) {
    throw new ConfigError(
      `${tlsFiles.map(where).join(', ')} ${tlsFiles.length === 1 ? 'is' : 'are'} only used by the TLS listener, ` +
        'which is off: add --listen tls://ADDRESS:PORT ("listen") or remove the TLS settings.',
    );
  }
  const size = merged.journalMaxBytes;
  return {
    ...(configFile ? { configFile } : {}),
    socket: str('socket') ?? defaults.socket,
    dockerHost,
    dockerSocket: dockerHost.slice('unix://'.length),
    dataRoot: path.resolve(str('dataRoot') ?? defaults.dataRoot),
    stateDir: path.resolve(str('stateDir') ?? defaults.stateDir),
    ...(tls ? { tls } : {}),
    logLevel: (str('logLevel') as LogLevel | undefined) ?? defaults.logLevel,
    journalMaxBytes: size === undefined ? defaults.journalMaxBytes : (parseSize(size as number | string) as number),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
