import type { Host } from '../../../electron/shared/api';
import {
  envSchema,
  imageReferenceSchema,
  passwordSchema,
  portSchema,
  serverNameSchema,
  type CreateServerInput,
  type PortSet,
  type RetryServerInput,
  type Server,
} from '../../../electron/shared/servers';
import {
  defaultCommonSettings,
  envFromFields,
  envRowErrors,
  fieldsFromEnv,
  maxPlayersError,
  modIdsError,
  sameEnv,
  type CommonSettings,
  type EnvRow,
} from './env-fields';

/** Everything the dialog holds, as typed (ports are text until they are valid). */
export interface ServerForm extends CommonSettings {
  hostId: string;
  name: string;
  image: string;
  gamePort: string;
  udpPort: string;
  rconPort: string;
  adminPassword: string;
  rconPassword: string;
  rows: EnvRow[];
}

/** Create starts empty; Edit & Retry starts from the failed server and changes only what differs. */
export type FormMode = { kind: 'create' } | { kind: 'retry'; server: Server };

export type PortField = 'gamePort' | 'udpPort' | 'rconPort';
export const portFields: readonly PortField[] = ['gamePort', 'udpPort', 'rconPort'];

export interface FormErrors {
  hostId?: string;
  name?: string;
  image?: string;
  gamePort?: string;
  udpPort?: string;
  rconPort?: string;
  adminPassword?: string;
  rconPassword?: string;
  maxPlayers?: string;
  modIds?: string;
  /** One entry per advanced row. */
  rows: (string | null)[];
  /** A problem of the env as a whole (e.g. too many variables). */
  env?: string;
}

export const fallbackImage = 'renegademaster/zomboid-dedicated-server:latest';

/** The host's registry copy of the image when it has a registry, else the public one. */
export function defaultImage(host: Pick<Host, 'registry'> | undefined): string {
  const registry = host?.registry?.trim().replace(/\/+$/, '');
  return registry ? `${registry}/zomboid-dedicated-server:latest` : fallbackImage;
}

/** The first online host, else the first one. */
export function defaultHost<H extends Pick<Host, 'status'>>(hosts: readonly H[]): H | undefined {
  return hosts.find((h) => h.status === 'online') ?? hosts[0];
}

export function emptyForm(hostId: string, image: string, ports?: PortSet): ServerForm {
  return {
    hostId,
    name: '',
    image,
    gamePort: ports ? String(ports.gamePort) : '',
    udpPort: ports ? String(ports.udpPort) : '',
    rconPort: ports ? String(ports.rconPort) : '',
    adminPassword: '',
    rconPassword: '',
    ...defaultCommonSettings,
    rows: [],
  };
}

export function formFromServer(server: Server): ServerForm {
  const { common, rows } = fieldsFromEnv(server.env);
  return {
    hostId: server.hostId,
    name: server.name,
    image: server.image,
    gamePort: String(server.gamePort),
    udpPort: String(server.udpPort),
    rconPort: String(server.rconPort),
    adminPassword: '',
    rconPassword: '',
    ...common,
    rows,
  };
}

/** The port as a number when the text is one, else undefined. */
export function parsePort(text: string): number | undefined {
  const t = text.trim();
  return /^\d{1,5}$/.test(t) ? Number(t) : undefined;
}

/** All three ports, when all three are valid (then they can be checked for conflicts). */
export function validPorts(form: ServerForm): PortSet | undefined {
  const [gamePort, udpPort, rconPort] = portFields.map((f) => {
    const n = parsePort(form[f]);
    return n !== undefined && portSchema.safeParse(n).success ? n : undefined;
  });
  return gamePort !== undefined && udpPort !== undefined && rconPort !== undefined
    ? { gamePort, udpPort, rconPort }
    : undefined;
}

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): string | undefined {
  return result.success ? undefined : (result.error?.issues[0]?.message ?? 'Not valid.');
}

function portError(text: string): string | undefined {
  if (text.trim() === '') return 'Give a port from 1024 to 65535.';
  const n = parsePort(text);
  return firstIssue(portSchema.safeParse(n ?? Number.NaN));
}

export function formEnv(form: ServerForm): Record<string, string> {
  return envFromFields(form, form.rows);
}

/** Every problem with the form, in the words shown under each field. */
export function validateForm(form: ServerForm, mode: FormMode): FormErrors {
  const errors: FormErrors = { rows: envRowErrors(form.rows) };
  if (form.hostId === '') errors.hostId = 'Pick a host.';
  if (mode.kind === 'create') {
    errors.name = form.name === '' ? 'A server needs a name.' : firstIssue(serverNameSchema.safeParse(form.name));
  }
  errors.image =
    form.image.trim() === ''
      ? 'Give an image, like renegademaster/zomboid-dedicated-server:latest.'
      : firstIssue(imageReferenceSchema.safeParse(form.image.trim()));
  for (const f of portFields) errors[f] = portError(form[f]);
  if (mode.kind === 'create' || form.adminPassword !== '') {
    errors.adminPassword =
      form.adminPassword === ''
        ? 'An admin password is required.'
        : firstIssue(passwordSchema.safeParse(form.adminPassword));
  }
  if (form.rconPassword !== '') errors.rconPassword = firstIssue(passwordSchema.safeParse(form.rconPassword));
  errors.maxPlayers = maxPlayersError(form.maxPlayers) ?? undefined;
  errors.modIds = modIdsError(form.modIds) ?? undefined;
  if (errors.rows.every((r) => r === null)) errors.env = firstIssue(envSchema.safeParse(formEnv(form)));
  return errors;
}

export function hasErrors(errors: FormErrors): boolean {
  return (
    errors.rows.some((r) => r !== null) ||
    Object.entries(errors).some(([k, v]) => k !== 'rows' && typeof v === 'string')
  );
}

/** `servers.create` params from a valid form. */
export function createParams(form: ServerForm): CreateServerInput {
  const ports = validPorts(form);
  return {
    hostId: form.hostId,
    name: form.name,
    image: form.image.trim(),
    ...ports,
    adminPassword: form.adminPassword,
    ...(form.rconPassword !== '' ? { rconPassword: form.rconPassword } : {}),
    env: formEnv(form),
  };
}

/**
 * `servers.retry` params from a valid form: only what differs from the failed
 * server, and passwords only when typed. A new game port brings its UDP port
 * along, because core would otherwise move UDP to game + 1 behind the form's back.
 */
export function retryParams(form: ServerForm, server: Server): RetryServerInput {
  const params: RetryServerInput = { serverId: server.id };
  const image = form.image.trim();
  if (image !== server.image) params.image = image;
  const ports = validPorts(form);
  if (ports) {
    if (ports.gamePort !== server.gamePort) params.gamePort = ports.gamePort;
    if (ports.udpPort !== server.udpPort || params.gamePort !== undefined) params.udpPort = ports.udpPort;
    if (ports.rconPort !== server.rconPort) params.rconPort = ports.rconPort;
  }
  if (form.adminPassword !== '') params.adminPassword = form.adminPassword;
  if (form.rconPassword !== '') params.rconPassword = form.rconPassword;
  const env = formEnv(form);
  if (!sameEnv(env, server.env)) params.env = env;
  return params;
}
