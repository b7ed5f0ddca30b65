import net from 'node:net';
import path from 'node:path';
import SSHConfig from 'ssh-config';

/** Where one SSH host is, as `ssh` itself would resolve it (spec first, then ~/.ssh/config, then defaults). */
export interface SshTarget {
  /** Host name or IP address to connect to (IPv6 without brackets). */
  host: string;
  port: number;
  username: string;
  /** The ~/.ssh/config `Host` name the spec used, when the config gave it a HostName. */
  alias?: string;
  /** `IdentityFile`s from ~/.ssh/config, expanded (`~`, `%d`, `%u`, `%r`, `%h`, `%p`, `%n`, `${VAR}`), in config order. Empty when the config names none. */
  identityFiles: string[];
  /** The ssh-agent socket: the config's `IdentityAgent` (expanded), else `SSH_AUTH_SOCK`; absent when there is none (or `IdentityAgent none`). */
  identityAgent?: string;
}

/** A host address or SSH setting that cannot be used as given. Its message is one sentence for the user. */
export class SshSetupError extends Error {
  override name = 'SshSetupError';
}

export interface ResolveSshTargetOptions {
  /** The text of ~/.ssh/config, if there is one. `Match exec` lines are never run. */
  configText?: string;
  env: Record<string, string | undefined>;
  homeDir: string;
}

const DEFAULT_PORT = 22;
// Host names, IPv4 addresses and config aliases; IPv6 goes in brackets (or bare, without a port).
const HOST_TOKEN = /^[A-Za-z0-9._-]+$/;
// ASCII control characters and any whitespace: never part of a host, user or alias.
const CONTROL_OR_SPACE = { test: (text: string): boolean => /\s/.test(text) || [...text].some(isControl) };

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/** `user@host:port`, with IPv6 in brackets: how ZedOps names an SSH target in messages. */
export function describeSshTarget(target: Pick<SshTarget, 'host' | 'port' | 'username'>): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.username}@${host}:${target.port}`;
}

/**
 * Resolves `USER@HOST[:PORT]`, `ssh://USER@HOST[:PORT]`, `HOST` or a ~/.ssh/config alias to the
 * address, user and keys to use. A user or port in the spec wins over the config.
 */
export function resolveSshTarget(spec: string, options: ResolveSshTargetOptions): SshTarget {
  const parsed = parseSpec(spec);
  const config = options.configText ? computeConfig(options.configText, parsed.host) : {};

  let host = parsed.host;
  let alias: string | undefined;
  const configuredHostName = first(config.hostname);
  if (configuredHostName !== undefined) {
    const expanded = configuredHostName.replace(/%(%|h)/g, (_m, token: string) => (token === '%' ? '%' : parsed.host));
    host = checkHost(expanded.startsWith('[') && expanded.endsWith(']') ? expanded.slice(1, -1) : expanded, {
      what: `The HostName "${expanded}" that ~/.ssh/config gives for "${parsed.host}"`,
    });
    alias = parsed.host;
  }

  const username =
    parsed.username ?? first(config.user) ?? options.env.USER ?? options.env.LOGNAME ?? options.env.USERNAME;
  if (!username) {
    throw new SshSetupError(
      `No SSH user for "${spec}": write it as USER@${parsed.host}, or set User for this host in ~/.ssh/config.`,
    );
  }
  checkUser(username, `The user "${username}" for "${spec}"`);

  let port = parsed.port;
  if (port === undefined) {
    const configuredPort = first(config.port);
    port =
      configuredPort === undefined
        ? DEFAULT_PORT
        : parsePort(configuredPort, `The Port "${configuredPort}" that ~/.ssh/config gives for "${parsed.host}"`);
  }

  const tokens: Record<string, string> = {
    '%': '%',
    d: options.homeDir,
    h: host,
    n: parsed.host,
    p: String(port),
    r: username,
    u: options.env.USER ?? options.env.LOGNAME ?? options.env.USERNAME ?? '',
  };
  const identityFiles = list(config.identityfile)
    .filter((file) => file.toLowerCase() !== 'none')
    .map((file) => expandPath(file, tokens, options));

  let identityAgent: string | undefined;
  const configuredAgent = first(config.identityagent);
  if (configuredAgent === undefined || configuredAgent === 'SSH_AUTH_SOCK') {
    identityAgent = options.env.SSH_AUTH_SOCK || undefined;
  } else if (configuredAgent.toLowerCase() !== 'none') {
    identityAgent =
      configuredAgent.startsWith('$') && !configuredAgent.startsWith('${')
        ? options.env[configuredAgent.slice(1)] || undefined
        : expandPath(configuredAgent, tokens, options) || undefined;
  }

  return {
    host,
    port,
    username,
    ...(alias !== undefined ? { alias } : {}),
    identityFiles,
    ...(identityAgent !== undefined ? { identityAgent } : {}),
  };
}

interface ParsedSpec {
  host: string;
  username?: string;
  port?: number;
}

function parseSpec(spec: string): ParsedSpec {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new SshSetupError('No SSH host given: write it as USER@HOST[:PORT], ssh://USER@HOST[:PORT] or a Host alias.');
  }
  if (CONTROL_OR_SPACE.test(spec)) {
    throw new SshSetupError(
      `The SSH host ${JSON.stringify(spec)} contains a space or a control character; write it as USER@HOST[:PORT].`,
    );
  }
  if (spec.startsWith('-')) {
    throw new SshSetupError(
      `The SSH host "${spec}" starts with "-", which ssh would read as an option; write it as USER@HOST[:PORT].`,
    );
  }

  let rest = spec;
  const fromUrl = /^ssh:\/\//i.test(rest);
  if (fromUrl) {
    rest = rest.slice('ssh://'.length);
    if (rest.endsWith('/')) rest = rest.slice(0, -1);
    if (/[/?#]/.test(rest)) {
      throw new SshSetupError(`The SSH address "${spec}" has a path or query; write it as ssh://USER@HOST[:PORT].`);
    }
  } else if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(rest)) {
    throw new SshSetupError(`"${spec}" is not an SSH address; write it as USER@HOST[:PORT] or ssh://USER@HOST[:PORT].`);
  }

  // Like ssh: the user is everything before the last "@".
  let username: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    username = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (fromUrl) {
      try {
        username = decodeURIComponent(username);
      } catch {
        throw new SshSetupError(`The user in "${spec}" is not valid percent-encoding.`);
      }
    }
    if (username === '') throw new SshSetupError(`The SSH address "${spec}" has an empty user before "@".`);
    checkUser(username, `The user "${username}" in "${spec}"`);
  }

  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0)
      throw new SshSetupError(`The SSH address "${spec}" opens "[" for an IPv6 address but never closes it.`);
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) {
        throw new SshSetupError(
          `The SSH address "${spec}" has "${after}" after the IPv6 address; only ":PORT" may follow.`,
        );
      }
      portText = after.slice(1);
    }
    if (!net.isIPv6(host.replace(/%[A-Za-z0-9_.-]+$/, ''))) {
      throw new SshSetupError(`"${host}" in "${spec}" is not an IPv6 address.`);
    }
  } else {
    const colons = rest.split(':').length - 1;
    if (colons === 1) {
      [host, portText] = rest.split(':') as [string, string];
    } else if (colons > 1) {
      if (!net.isIPv6(rest)) throw new SshSetupError(`"${rest}" in "${spec}" is not a host name or an IPv6 address.`);
      host = rest; // a bare IPv6 address: no port possible, as with ssh
    } else {
      host = rest;
    }
    if (!net.isIPv6(host)) host = checkHost(host, { what: `The host "${host}" in "${spec}"` });
  }
  if (host === '') throw new SshSetupError(`The SSH address "${spec}" has no host.`);

  return {
    host,
    ...(username !== undefined ? { username } : {}),
    ...(portText !== undefined ? { port: parsePort(portText, `The port "${portText}" in "${spec}"`) } : {}),
  };
}

function checkHost(host: string, { what }: { what: string }): string {
  if (host === '') throw new SshSetupError(`${what} is empty.`);
  if (host.startsWith('-')) throw new SshSetupError(`${what} starts with "-", which ssh would read as an option.`);
  if (net.isIPv6(host.replace(/%[A-Za-z0-9_.-]+$/, ''))) return host;
  if (CONTROL_OR_SPACE.test(host) || !HOST_TOKEN.test(host)) {
    throw new SshSetupError(`${what} is not a host name: use letters, digits, ".", "-" and "_" only.`);
  }
  return host;
}

function checkUser(user: string, what: string): void {
  if (user.startsWith('-')) throw new SshSetupError(`${what} starts with "-", which ssh would read as an option.`);
  if (CONTROL_OR_SPACE.test(user)) throw new SshSetupError(`${what} contains a space or a control character.`);
  if (/[:/@]/.test(user)) throw new SshSetupError(`${what} contains ":", "/" or "@", which no user name has.`);
}

function parsePort(text: string, what: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new SshSetupError(`${what} is not a port number between 1 and 65535.`);
  }
  return Number(text);
}

function computeConfig(configText: string, host: string): Record<string, string | string[]> {
  let config: SSHConfig;
  try {
    config = SSHConfig.parse(configText);
  } catch (error) {
    throw new SshSetupError(`~/.ssh/config could not be read: ${error instanceof Error ? error.message : error}.`);
  }
  // matchExec false: resolving a host must never run a shell command from the config.
  return config.compute(host, { ignoreCase: true, matchExec: false });
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function expandPath(
  value: string,
  tokens: Record<string, string>,
  options: Pick<ResolveSshTargetOptions, 'env' | 'homeDir'>,
): string {
  let out = value;
  if (out === '~') out = options.homeDir;
  else if (out.startsWith('~/')) out = path.join(options.homeDir, out.slice(2));
  out = out.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => options.env[name] ?? '');
  out = out.replace(/%([%dhnpru])/g, (_m, token: string) => tokens[token] ?? '');
  return out;
}
