import { addHostParams, hostKeyFingerprintSchema, type AddHostParams } from '../../../electron/shared/api';

/**
 * The Add host form's pure logic: what the user typed, per connection kind,
 * checked against the contract's own schema (`addHostParams`) plus the few
 * shapes the core would refuse anyway, so mistakes show beside their field.
 */

export type AddHostKind = 'local' | 'tls' | 'ssh' | 'agent';
/** Where a TLS host's CA, client certificate and key come from. */
export type TlsSource = 'files' | 'context' | 'env';
/** How ZedOps reaches a ZedOps agent: through SSH to its unix socket, or over mutual TLS. */
export type AgentTransport = 'ssh' | 'tls';

export interface AddHostForm {
  kind: AddHostKind;
  name: string;
  dataRoot: string;
  registry: string;
  /** `local`: a Docker socket on this computer. */
  localAddress: string;
  /** `tls`: `tcp://HOST:2376`. */
  tlsAddress: string;
  tlsSource: TlsSource;
  /** `tls` (from files) and `agent` over TLS: the CA, client certificate and key files. */
  caFile: string;
  certFile: string;
  keyFile: string;
  context: string;
  helperImage: string;
  /** `ssh` and `agent` through SSH: `USER@HOST[:PORT]` (`ssh://` optional) or a ~/.ssh/config alias. */
  sshAddress: string;
  identityFile: string;
  passphrase: string;
  dockerSocket: string;
  agentTransport: AgentTransport;
  /** `agent` through SSH: the agent's unix socket on the host. */
  agentSocket: string;
  /** `agent` over TLS: `tls://HOST:PORT`. */
  agentTlsAddress: string;
}

export type AddHostField = Exclude<keyof AddHostForm, 'kind' | 'tlsSource' | 'agentTransport'> | 'hostKey';
export type AddHostErrors = Partial<Record<AddHostField, string>>;

export const defaultLocalAddress = 'unix:///var/run/docker.sock';
export const defaultDataRoot = '/var/lib/zedops/servers';
export const defaultRemoteDockerSocket = '/var/run/docker.sock';
export const defaultHelperImage = 'busybox:1.36';
export const defaultAgentSocket = '/run/zedops/agent.sock';

export function emptyAddHostForm(): AddHostForm {
  return {
    kind: 'local',
    name: '',
    dataRoot: defaultDataRoot,
    registry: '',
    localAddress: defaultLocalAddress,
    tlsAddress: '',
    tlsSource: 'files',
    caFile: '',
    certFile: '',
    keyFile: '',
    context: '',
    helperImage: '',
    sshAddress: '',
    identityFile: '',
    passphrase: '',
    dockerSocket: '',
    agentTransport: 'ssh',
    agentSocket: '',
    agentTlsAddress: '',
  };
}

/** The agent's address through SSH as the contract wants it: `ssh://` added when it was left out. */
export function agentSshAddressOf(address: string): string {
  const a = address.trim();
  return /^ssh:\/\//i.test(a) ? a : `ssh://${a}`;
}

/** The agent's TLS address as the contract wants it: `tls://` added when it was left out. */
function agentTlsAddressOf(address: string): string {
  const a = address.trim();
  return /^tls:\/\//i.test(a) ? a : `tls://${a}`;
}

/** Whether the form's host is reached over SSH, so its host key must be checked and confirmed first. */
export function needsHostKey(form: AddHostForm): boolean {
  return form.kind === 'ssh' || (form.kind === 'agent' && form.agentTransport === 'ssh');
}

/** Leaves out what the user left empty, so the core's defaults apply. */
function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  const v = value.trim();
  return v === '' ? {} : ({ [key]: v } as Record<K, string>);
}

/** The `hosts.add` params the form stands for (SSH: with the host key the user confirmed, if any). */
export function addHostParamsOf(form: AddHostForm, acceptHostKey?: string): AddHostParams {
  const common = {
    name: form.name.trim(),
    ...optional('dataRoot', form.dataRoot),
    registry: form.registry.trim() || null,
  };
  switch (form.kind) {
    case 'local':
      return { ...common, kind: 'local', address: form.localAddress.trim() };
    case 'tls':
      return {
        ...common,
        kind: 'tls',
        ...optional('address', form.tlsAddress),
        ...(form.tlsSource === 'files'
          ? {
              ...optional('caFile', form.caFile),
              ...optional('certFile', form.certFile),
              ...optional('keyFile', form.keyFile),
            }
          : {}),
        ...(form.tlsSource === 'context' ? optional('context', form.context) : {}),
        ...optional('helperImage', form.helperImage),
      };
    case 'ssh':
      return {
        ...common,
        kind: 'ssh',
        address: form.sshAddress.trim(),
        ...optional('identityFile', form.identityFile),
        // Spaces in a passphrase are the user's: never trimmed.
        ...(form.passphrase !== '' ? { passphrase: form.passphrase } : {}),
        ...optional('dockerSocket', form.dockerSocket),
        ...(acceptHostKey ? { acceptHostKey } : {}),
      };
    case 'agent':
      return form.agentTransport === 'ssh'
        ? {
            ...common,
            kind: 'agent',
            address: agentSshAddressOf(form.sshAddress),
            ...optional('agentSocket', form.agentSocket),
            ...optional('identityFile', form.identityFile),
            ...(form.passphrase !== '' ? { passphrase: form.passphrase } : {}),
            ...(acceptHostKey ? { acceptHostKey } : {}),
          }
        : {
            ...common,
            kind: 'agent',
            address: agentTlsAddressOf(form.agentTlsAddress),
            ...optional('caFile', form.caFile),
            ...optional('certFile', form.certFile),
            ...optional('keyFile', form.keyFile),
          };
  }
}

/** Which form field a `hosts.add` param is typed into. */
function fieldOfParam(form: AddHostForm, param: PropertyKey | undefined): AddHostField | undefined {
  const { kind } = form;
  switch (param) {
    case 'name':
    case 'dataRoot':
    case 'registry':
    case 'caFile':
    case 'certFile':
    case 'keyFile':
    case 'context':
    case 'helperImage':
    case 'identityFile':
    case 'passphrase':
    case 'dockerSocket':
    case 'agentSocket':
      return param;
    case 'address':
      if (kind === 'agent') return form.agentTransport === 'ssh' ? 'sshAddress' : 'agentTlsAddress';
      return kind === 'local' ? 'localAddress' : kind === 'tls' ? 'tlsAddress' : 'sshAddress';
    case 'acceptHostKey':
      return 'hostKey';
    default:
      return undefined;
  }
}

interface Issue {
  code?: string;
  message: string;
  path: readonly PropertyKey[];
  maximum?: unknown;
}

/** Zod's own words for sizes are for programmers; the refinements' messages are already sentences. */
function wordsFor(issue: Issue): string {
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') return `At most ${issue.maximum} characters.`;
  if (issue.code === 'too_small') return 'This cannot be empty.';
  return issue.message;
}

const schemeOf = (text: string) => /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();

function localAddressError(address: string): string | undefined {
  if (address === '') return 'Say where Docker listens on this computer, like unix:///var/run/docker.sock.';
  const scheme = schemeOf(address);
  if (scheme === 'tcp' || scheme === 'https' || scheme === 'http')
    return 'That is a network address: for Docker on another machine choose “Remote Docker over TLS”.';
  if (scheme === 'ssh') return 'That is an SSH address: choose “SSH” for this host.';
  if (scheme === 'tls') return 'That is a ZedOps agent’s address: choose “ZedOps agent” for this host.';
  if (scheme === 'unix') {
    return address.slice('unix://'.length).startsWith('/')
      ? undefined
      : 'The socket path must be absolute, as in unix:///var/run/docker.sock.';
  }
  if (scheme === 'npipe') return undefined;
  return 'Write a Docker socket on this computer, like unix:///var/run/docker.sock.';
}

function tlsAddressError(address: string, source: TlsSource): string | undefined {
  if (address === '') {
    return source === 'files' ? 'Say where Docker listens with TLS, like tcp://docker.example.com:2376.' : undefined;
  }
  const scheme = schemeOf(address);
  if (scheme === 'http')
    return 'Plain HTTP would reach Docker without TLS. Write tcp://HOST:2376, or add the host over SSH.';
  if (scheme === 'unix' || scheme === 'npipe') return 'That is a socket on this computer: choose “This computer”.';
  if (scheme === 'ssh') return 'That is an SSH address: choose “SSH” for this host.';
  if (scheme === 'tls') return 'That is a ZedOps agent’s address: choose “ZedOps agent” for this host.';
  if (scheme !== undefined && scheme !== 'tcp' && scheme !== 'https') return 'Write the address as tcp://HOST:2376.';
  const rest = scheme ? address.slice(scheme.length + 3) : address;
  if (rest === '' || rest.startsWith(':')) return 'The address names no host. Write it as tcp://HOST:2376.';
  if (/\s/.test(rest)) return 'An address cannot contain spaces.';
  if (rest.includes('@'))
    return 'A TLS address has no user name: the client certificate says who you are. Write tcp://HOST:2376.';
  return undefined;
}

/** The core reads files as given: `~` is not a shell here. */
function filePathError(path: string): string | undefined {
  return path.startsWith('~') ? 'Write the full path: ~ is not expanded here.' : undefined;
}

function sshAddressError(address: string, kind: AddHostKind): string | undefined {
  if (address === '') return 'Say which host to log in to, like root@203.0.113.10 or an alias from ~/.ssh/config.';
  if (/\s/.test(address)) return 'An SSH address cannot contain spaces.';
  const scheme = schemeOf(address);
  if (scheme === 'tls') {
    return kind === 'agent'
      ? 'That is the agent’s TLS address: choose “Over TLS” to reach it.'
      : 'That is a ZedOps agent’s address: choose “ZedOps agent” for this host.';
  }
  if (scheme === 'tcp' || scheme === 'https' || scheme === 'http')
    return 'That is a Docker TCP address: choose “Remote Docker over TLS” for it.';
  if (scheme === 'unix' || scheme === 'npipe') return 'That is a socket on this computer: choose “This computer”.';
  if (scheme !== undefined && scheme !== 'ssh') return 'Write it as USER@HOST, USER@HOST:PORT or an alias.';
  if (address.endsWith('@') || address.startsWith('@') || address.replace(/^ssh:\/\//i, '').startsWith('@'))
    return 'Write it as USER@HOST, USER@HOST:PORT or an alias.';
  return undefined;
}

function agentTlsAddressError(address: string): string | undefined {
  const example = 'tls://game1.example.org:27701';
  if (address === '') return `Say where the agent listens with TLS, like ${example}.`;
  const scheme = schemeOf(address);
  if (scheme === 'ssh') return 'That is an SSH address: choose “Through SSH” for this agent.';
  if (scheme === 'tcp' || scheme === 'https' || scheme === 'http')
    return `The agent’s address starts with tls://, like ${example}; tcp:// is Docker’s own (“Remote Docker over TLS”).`;
  if (scheme === 'unix' || scheme === 'npipe') return 'That is a socket on this computer: choose “This computer”.';
  if (scheme !== undefined && scheme !== 'tls') return `Write it as tls://HOST:PORT, like ${example}.`;
  const rest = scheme ? address.slice(scheme.length + 3) : address;
  if (/\s/.test(rest)) return 'An address cannot contain spaces.';
  if (rest.includes('@'))
    return 'A TLS address has no user name: the client certificate says who you are. Write tls://HOST:PORT.';
  if (rest === '' || rest.startsWith(':')) return 'The address names no host. Write it as tls://HOST:PORT.';
  const port = /:(\d+)\/?$/.exec(rest)?.[1];
  if (port === undefined || rest.endsWith(']'))
    return `Give the port the agent listens on (its --listen), like ${example}.`;
  if (Number(port) < 1 || Number(port) > 65535) return 'A port is a number from 1 to 65535.';
  return undefined;
}

/**
 * Every problem in the form, keyed by field. `acceptHostKey` is checked too
 * when given (SSH). Whether the SSH host key was confirmed is the dialog's
 * business, not a field error.
 */
export function validateAddHost(form: AddHostForm, acceptHostKey?: string): AddHostErrors {
  const errors: AddHostErrors = {};
  const set = (field: AddHostField, message: string | undefined) => {
    if (message && !errors[field]) errors[field] = message;
  };

  if (form.name.trim() === '') set('name', 'A host needs a name.');
  if (form.dataRoot.trim() === '') set('dataRoot', 'Say where server data goes on the host, as an absolute path.');
  if (form.kind === 'local') set('localAddress', localAddressError(form.localAddress.trim()));
  const certificateFiles = (signed: string) => {
    if (form.caFile.trim() === '') set('caFile', `Give the CA certificate that signed ${signed}.`);
    if (form.certFile.trim() === '') set('certFile', 'Give the client certificate ZedOps logs in with.');
    if (form.keyFile.trim() === '') set('keyFile', 'Give the client certificate’s private key.');
    set('caFile', filePathError(form.caFile.trim()));
    set('certFile', filePathError(form.certFile.trim()));
    set('keyFile', filePathError(form.keyFile.trim()));
  };
  if (form.kind === 'tls') {
    set('tlsAddress', tlsAddressError(form.tlsAddress.trim(), form.tlsSource));
    if (form.tlsSource === 'files') certificateFiles('the Docker host’s certificate');
    if (form.tlsSource === 'context' && form.context.trim() === '') set('context', 'Give the Docker context’s name.');
  }
  if (needsHostKey(form)) {
    set('sshAddress', sshAddressError(form.sshAddress.trim(), form.kind));
    set('identityFile', filePathError(form.identityFile.trim()));
  }
  if (form.kind === 'agent' && form.agentTransport === 'tls') {
    set('agentTlsAddress', agentTlsAddressError(form.agentTlsAddress.trim()));
    certificateFiles('the agent’s certificate (ca.pem of the client bundle)');
  }
  if (acceptHostKey !== undefined) set('hostKey', firstMessage(hostKeyFingerprintSchema.safeParse(acceptHostKey)));

  const parsed = addHostParams.safeParse(addHostParamsOf(form, acceptHostKey));
  if (!parsed.success) {
    for (const issue of parsed.error.issues as Issue[]) {
      const field = fieldOfParam(form, issue.path[0]);
      if (field) set(field, wordsFor(issue));
    }
  }
  return errors;
}

function firstMessage(result: { success: boolean; error?: { issues: { message: string }[] } }): string | undefined {
  return result.success ? undefined : (result.error?.issues[0]?.message ?? 'Not valid.');
}

export function hasAddHostErrors(errors: AddHostErrors): boolean {
  return Object.values(errors).some((e) => !!e);
}

/** The host key file whose fingerprint `ssh-keygen -lf` prints for a key type, on a usual OpenSSH host. */
export function hostKeyFileFor(keyType: string): string {
  if (keyType.startsWith('ecdsa-')) return '/etc/ssh/ssh_host_ecdsa_key.pub';
  if (keyType === 'ssh-rsa' || keyType.startsWith('rsa-')) return '/etc/ssh/ssh_host_rsa_key.pub';
  return '/etc/ssh/ssh_host_ed25519_key.pub';
}

/** What the dialog says while it waits on the core. */
export function progressText(form: AddHostForm): string {
  switch (form.kind) {
    case 'local':
      return 'Connecting to Docker…';
    case 'tls':
      return `Connecting to Docker at ${form.tlsAddress.trim() || 'the address Docker’s settings give'} over TLS…`;
    case 'ssh':
      return `Logging in to ${form.sshAddress.trim()} over SSH and reaching Docker…`;
    case 'agent':
      return form.agentTransport === 'ssh'
        ? `Logging in to ${form.sshAddress.trim()} over SSH and reaching the ZedOps agent…`
        : `Connecting to the ZedOps agent at ${form.agentTlsAddress.trim()} over TLS…`;
  }
}

/** What a text field of the form needs: its value, its setter, its error once shown, and a blur that shows it. */
export interface AddHostFieldProps {
  value: string;
  onChange(value: string): void;
  onBlur(): void;
  error: string | null;
}
export type AddHostFieldOf = (field: Exclude<AddHostField, 'hostKey'>) => AddHostFieldProps;
