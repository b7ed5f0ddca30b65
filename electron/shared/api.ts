import { z } from 'zod';
import {
  createServerParams,
  operationProgressSchema,
  portConflictSchema,
  portSetSchema,
  portSchema,
  purgeServerParams,
  retryServerParams,
  serverActionParams,
  serverEventSchema,
  serverListParams,
  serverSchema,
} from './servers';

/**
 * The API contract: every call the UI can make and every event it can
 * receive, with runtime schemas. The Electron IPC bridge, the WebSocket
 * bridge (browser mode) and the CLI are generic adapters over this one map.
 */

export const hostKinds = ['local', 'tls', 'ssh', 'agent'] as const;
export const hostStatuses = ['online', 'offline', 'unknown'] as const;

const isoTime = z.string().datetime({ offset: true });

export const hostSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(hostKinds),
  address: z.string(),
  dataRoot: z.string(),
  registry: z.string().nullable(),
  status: z.enum(hostStatuses),
  lastSeen: isoTime.nullable(),
  dockerVersion: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Host = z.infer<typeof hostSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  mode: z.enum(['desktop', 'browser']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const noParams = z.object({}).strict();
const id = z.string().min(1).max(100);
const hostRef = z.object({ hostId: id }).strict();
const serverRef = z.object({ serverId: id }).strict();

export const settingKeys = ['deleted-retention', 'sync-interval'] as const;
export type SettingKey = (typeof settingKeys)[number];
const settingSchema = z.object({ key: z.enum(settingKeys), value: z.string(), isDefault: z.boolean() });

const hostName = z
  .string()
  .trim()
  .min(1, 'A host needs a name.')
  .max(64, 'A host name is at most 64 characters.')
  .refine((n) => ![...n].some((ch) => ch.charCodeAt(0) < 32), 'A host name cannot contain control characters.');
const dataRoot = z
  .string()
  .max(1024)
  .refine((p) => p.startsWith('/'), 'The data root must be an absolute path.')
  .optional();
const filePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'A file path cannot contain NUL characters.');
/** OpenSSH's form of a host key fingerprint: `SHA256:` and 43 characters of unpadded base64. */
export const hostKeyFingerprintSchema = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'A host key fingerprint looks like SHA256: followed by 43 characters.');
const commonHostFields = {
  name: hostName,
  dataRoot,
  registry: z.string().max(512).nullable().optional(),
};

export const addHostParams = z.discriminatedUnion('kind', [
  z
    .object({
      ...commonHostFields,
      kind: z.literal('local'),
      address: z.string().min(1).max(1024),
    })
    .strict(),
  z
    .object({
      ...commonHostFields,
      kind: z.literal('tls'),
      /** `tcp://HOST:PORT`; optional with `context`, or when DOCKER_HOST names one. */
      address: z.string().min(1).max(1024).optional(),
      /** The three PEM files; without them Docker's conventions apply (DOCKER_CERT_PATH, ~/.docker). */
      caFile: filePath.optional(),
      certFile: filePath.optional(),
      keyFile: filePath.optional(),
      /** A Docker context to take the address and certificates from. */
      context: z.string().min(1).max(256).optional(),
      /** The image of the short-lived helper that does host operations (default busybox). */
      helperImage: z.string().min(1).max(512).optional(),
    })
    .strict(),
  z
    .object({
      ...commonHostFields,
      kind: z.literal('ssh'),
      /** `USER@HOST[:PORT]`, `ssh://USER@HOST[:PORT]`, or a Host alias from ~/.ssh/config. */
      address: z.string().min(1).max(1024),
      /** A private key file; without it the ssh-agent (SSH_AUTH_SOCK) or the config's IdentityFile is used. */
      identityFile: filePath.optional(),
      passphrase: z.string().max(1024).optional(),
      /** Where the host's Docker socket is (default /var/run/docker.sock). */
      dockerSocket: z
        .string()
        .max(1024)
        .refine((p) => p.startsWith('/'), 'The Docker socket must be an absolute path on the host.')
        .optional(),
      /** The host key fingerprint the user confirmed; required the first time. */
      acceptHostKey: hostKeyFingerprintSchema.optional(),
    })
    .strict(),
  z
    .object({
      ...commonHostFields,
      kind: z.literal('agent'),
      /** `ssh://USER@HOST[:PORT]` (to the agent's unix socket through SSH) or `tls://HOST:PORT` (mutual TLS). */
      address: z.string().min(1).max(1024),
      /** The agent's socket on the host, for ssh:// (default /run/zedops/agent.sock). */
      agentSocket: z
        .string()
        .max(1024)
        .refine((p) => p.startsWith('/'), "The agent's socket must be an absolute path on the host.")
        .optional(),
      identityFile: filePath.optional(),
      passphrase: z.string().max(1024).optional(),
      acceptHostKey: hostKeyFingerprintSchema.optional(),
      /** The client bundle `zedops-agent certs init` made, for tls://. */
      caFile: filePath.optional(),
      certFile: filePath.optional(),
      keyFile: filePath.optional(),
    })
    .strict(),
]);
export type AddHostParams = z.input<typeof addHostParams>;

export const installAgentParams = z
  .object({
    hostId: z.string().min(1).max(100),
    /** SSH to log in with; without it, the host's own SSH settings (ssh and agent hosts). */
    address: z.string().min(1).max(1024).optional(),
    identityFile: filePath.optional(),
    passphrase: z.string().max(1024).optional(),
    acceptHostKey: hostKeyFingerprintSchema.optional(),
    /** Where things go on the host; the defaults are /opt/zedops-agent, /etc/zedops-agent, /var/lib/zedops-agent. */
    installDir: z
      .string()
      .max(1024)
      .refine((p) => p.startsWith('/'), 'Give an absolute path.')
      .optional(),
    configDir: z
      .string()
      .max(1024)
      .refine((p) => p.startsWith('/'), 'Give an absolute path.')
      .optional(),
    stateDir: z
      .string()
      .max(1024)
      .refine((p) => p.startsWith('/'), 'Give an absolute path.')
      .optional(),
    agentSocket: z
      .string()
      .max(1024)
      .refine((p) => p.startsWith('/'), 'Give an absolute path.')
      .optional(),
    /** The host's Docker socket, which the agent is to use (default /var/run/docker.sock). */
    dockerSocket: z
      .string()
      .max(1024)
      .refine((p) => p.startsWith('/'), 'Give an absolute path.')
      .optional(),
  })
  .strict();
export type InstallAgentParams = z.input<typeof installAgentParams>;
const installAgentResultSchema = z.object({
  hostId: z.string(),
  where: z.string(),
  bundleSha256: z.string(),
  installedTo: z.string(),
  upgraded: z.boolean(),
  /** systemd: started by its unit; already-running: no systemd, but an agent answers; not-started: see runCommand. */
  started: z.enum(['systemd', 'already-running', 'not-started']),
  agentVersion: z.string().nullable(),
  /** The host now goes through the agent. */
  switched: z.boolean(),
  runCommand: z.string().nullable(),
  message: z.string(),
});
export type InstallAgentResult = z.infer<typeof installAgentResultSchema>;

const hostTestSchema = z.object({
  dockerVersion: z.string(),
  apiVersion: z.string(),
  rttMs: z.number(),
  operations: z.array(z.object({ name: z.string(), available: z.boolean(), detail: z.string() })),
});
export type HostTest = z.infer<typeof hostTestSchema>;

const purgedSchema = z.object({ purged: z.array(z.object({ id: z.string(), name: z.string() })) });

export const apiMethods = {
  'app.info': { params: noParams, result: appInfoSchema },
  'hosts.list': { params: noParams, result: z.array(hostSchema) },
  'hosts.add': { params: addHostParams, result: hostSchema },
  'hosts.remove': { params: hostRef, result: z.object({ removed: z.string() }) },
  'hosts.test': { params: hostRef, result: hostTestSchema },
  'hosts.installAgent': { params: installAgentParams, result: installAgentResultSchema },
  /** The SSH host key a host presents, for the user to confirm before adding it. */
  'hosts.sshHostKey': {
    params: z.object({ address: z.string().min(1).max(1024) }).strict(),
    result: z.object({ host: z.string(), port: z.number().int(), fingerprint: z.string(), keyType: z.string() }),
  },
  'servers.list': { params: serverListParams, result: z.array(serverSchema) },
  'servers.get': { params: serverRef, result: serverSchema },
  'servers.history': {
    params: z.object({ serverId: id, limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    result: z.array(serverEventSchema),
  },
  'servers.create': { params: createServerParams, result: serverSchema },
  'servers.action': { params: serverActionParams, result: serverSchema },
  'servers.retry': { params: retryServerParams, result: serverSchema },
  'servers.purge': { params: purgeServerParams, result: purgedSchema },
  'servers.cleanupFailed': { params: hostRef, result: purgedSchema },
  'servers.purgeDeleted': { params: z.object({ hostId: id.optional() }).strict(), result: purgedSchema },
  'servers.importable': {
    params: hostRef,
    result: z.array(
      z.object({
        containerId: z.string(),
        name: z.string(),
        serverId: z.string(),
        image: z.string(),
        state: z.string(),
      }),
    ),
  },
  'servers.import': {
    params: z.object({ hostId: id, name: z.string().min(1).max(100) }).strict(),
    result: serverSchema,
  },
  'ports.suggest': { params: hostRef, result: portSetSchema },
  'ports.check': {
    params: z
      .object({ hostId: id, serverId: id.optional(), gamePort: portSchema, udpPort: portSchema, rconPort: portSchema })
      .strict(),
    result: z.object({ conflicts: z.array(portConflictSchema) }),
  },
  'fleet.sync': {
    params: z.object({ hostId: id.optional() }).strict(),
    result: z.object({
      hosts: z.array(
        z.object({
          hostId: id,
          host: z.string(),
          reachable: z.boolean(),
          changed: z.number().int(),
          purged: z.number().int(),
          error: z.string().nullable(),
        }),
      ),
    }),
  },
  'settings.get': { params: z.object({ key: z.enum(settingKeys) }).strict(), result: settingSchema },
  'settings.set': {
    params: z.object({ key: z.enum(settingKeys), value: z.string().max(100) }).strict(),
    result: settingSchema,
  },
} as const;

export const apiEvents = {
  'host.changed': hostSchema,
  'host.removed': z.object({ id: z.string(), name: z.string() }),
  'server.changed': serverSchema,
  'server.removed': z.object({ id: z.string(), hostId: z.string(), name: z.string() }),
  'operation.progress': operationProgressSchema,
} as const;

export type MethodName = keyof typeof apiMethods;
export type EventName = keyof typeof apiEvents;
export type MethodParams<M extends MethodName> = z.input<(typeof apiMethods)[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<(typeof apiMethods)[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof apiEvents)[E]>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(apiMethods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(apiEvents, name);
}

/** Error codes a caller can act on. Messages are sentences for people. */
export const apiErrorCodes = [
  'invalid_request',
  'unknown_method',
  'not_found',
  'not_allowed',
  'failed',
  'internal',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];
export const apiErrorSchema = z.object({ code: z.enum(apiErrorCodes), message: z.string() });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** What every UI holds: one client, whatever carries it (IPC or WebSocket). */
export interface ZedopsClient {
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Outcome of a call as it crosses a process boundary: a result or an error, never a thrown stack. */
export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };
export const callOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorSchema }),
]);
