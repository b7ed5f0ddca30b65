import { z } from 'zod';
import { serverActions, serverStatuses } from './lifecycle';

/**
 * Server shapes and input rules shared by core, the UI (to validate as you
 * type) and the CLI. Messages say what is wrong and what is allowed.
 */

export const serverNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,31}$/,
    'A server name is 1 to 32 characters of lowercase letters, digits and hyphens, starting with a letter or digit (it becomes a container and a folder name).',
  );

// Docker's reference grammar: [registry[:port]/]path[:tag][@digest], lowercase path components.
const imageReferencePattern =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export const imageReferenceSchema = z
  .string()
  .max(512, 'An image reference is at most 512 characters.')
  .regex(
    imageReferencePattern,
    'Not a Docker image reference. Write it like renegademaster/zomboid-dedicated-server:latest or registry.example:5000/team/pz:41.',
  );

export const portSchema = z
  .number({ error: 'A port is a whole number from 1024 to 65535.' })
  .int('A port is a whole number from 1024 to 65535.')
  .min(1024, 'Ports below 1024 are reserved; pick one from 1024 to 65535.')
  .max(65535, 'A port is at most 65535.');

/** Env vars ZedOps sets itself from the server's ports and secrets. */
export const managedEnvKeys = ['DEFAULT_PORT', 'UDP_PORT', 'RCON_PORT', 'ADMIN_PASSWORD', 'RCON_PASSWORD'] as const;

export const envKeySchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'An env key is letters, digits and underscores, not starting with a digit.')
  .refine((k) => !(managedEnvKeys as readonly string[]).includes(k), {
    message:
      'ZedOps sets this variable itself: use the port options for DEFAULT_PORT, UDP_PORT and RCON_PORT, and the password options for ADMIN_PASSWORD and RCON_PASSWORD.',
  });

export const envSchema = z
  .record(
    envKeySchema,
    z
      .string()
      .max(4096, 'An env value is at most 4096 characters.')
      .refine((v) => !v.includes('\0'), 'An env value cannot contain a NUL byte.'),
  )
  .refine((env) => Object.keys(env).length <= 200, 'At most 200 env variables.');

export const passwordSchema = z
  .string()
  .min(1, 'The password cannot be empty.')
  .max(256, 'A password is at most 256 characters.')
  .refine((v) => !/[\0\r\n]/.test(v), 'A password cannot contain line breaks or NUL bytes.');

export const portRoles = ['game', 'udp', 'rcon'] as const;
export type PortRole = (typeof portRoles)[number];

export const portSetSchema = z.object({ gamePort: portSchema, udpPort: portSchema, rconPort: portSchema });
export type PortSet = z.infer<typeof portSetSchema>;

const isoTime = z.string().datetime({ offset: true });

export const serverSchema = z.object({
  id: z.string(),
  name: z.string(),
  hostId: z.string(),
  host: z.string(),
  status: z.enum(serverStatuses),
  containerId: z.string().nullable(),
  image: z.string(),
  gamePort: z.number().int(),
  udpPort: z.number().int(),
  rconPort: z.number().int(),
  rconEnabled: z.boolean(),
  env: z.record(z.string(), z.string()),
  dataExists: z.boolean(),
  lastError: z.string().nullable(),
  deletedAt: isoTime.nullable(),
  purgeAt: isoTime.nullable(),
  operation: z.string().nullable(),
  /** From the container's health check, when it has one. */
  health: z.enum(['starting', 'healthy', 'unhealthy']).nullable(),
  /** Docker keeps restarting it: several crashes within a few minutes. */
  crashLooping: z.boolean(),
  /** Its host cannot be reached: the status is the last one known, as of hostLastSeen. */
  stale: z.boolean(),
  hostLastSeen: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Server = z.infer<typeof serverSchema>;

export const eventActors = ['user', 'reconciler', 'retention'] as const;
export const serverEventSchema = z.object({
  id: z.number().int(),
  serverId: z.string(),
  at: isoTime,
  kind: z.string(),
  fromStatus: z.enum(serverStatuses).nullable(),
  toStatus: z.enum(serverStatuses).nullable(),
  message: z.string(),
  actor: z.enum(eventActors),
});
export type ServerEvent = z.infer<typeof serverEventSchema>;

const id = z.string().min(1).max(100);

export const createServerParams = z
  .object({
    hostId: id,
    name: serverNameSchema,
    image: imageReferenceSchema,
    gamePort: portSchema.optional(),
    udpPort: portSchema.optional(),
    rconPort: portSchema.optional(),
    adminPassword: passwordSchema,
    rconPassword: passwordSchema.optional(),
    env: envSchema.default({}),
  })
  .strict();
export type CreateServerInput = z.input<typeof createServerParams>;

export const retryServerParams = z
  .object({
    serverId: id,
    image: imageReferenceSchema.optional(),
    gamePort: portSchema.optional(),
    udpPort: portSchema.optional(),
    rconPort: portSchema.optional(),
    adminPassword: passwordSchema.optional(),
    rconPassword: passwordSchema.optional(),
    /** Replaces the whole env when given. */
    env: envSchema.optional(),
  })
  .strict();
export type RetryServerInput = z.input<typeof retryServerParams>;

/** Actions that take nothing but the server. */
export const simpleActions = ['start', 'stop', 'restart', 'recover', 'rebuild', 'delete', 'restore'] as const;
export type SimpleAction = (typeof simpleActions)[number];

export const serverActionParams = z.object({ serverId: id, action: z.enum(simpleActions) }).strict();

export const purgeServerParams = z
  .object({
    serverId: id,
    keepData: z.boolean().default(false),
    /** The server's name, typed by the user: purge is never one click. */
    confirmName: z.string(),
  })
  .strict();

export const serverListParams = z
  .object({ hostId: id.optional(), include: z.enum(['active', 'deleted', 'all']).default('active') })
  .strict();

export const portConflictSchema = z.object({
  port: z.number().int(),
  protocol: z.enum(['udp', 'tcp']),
  role: z.enum(portRoles),
  layer: z.enum(['request', 'catalog', 'docker', 'host']),
  holder: z.string(),
  message: z.string(),
});
export type PortConflict = z.infer<typeof portConflictSchema>;

export const operationProgressSchema = z.object({
  serverId: z.string(),
  operation: z.enum(['create', ...serverActions]),
  step: z.string(),
  message: z.string(),
  /** 0..1 when known (image pulls). */
  fraction: z.number().min(0).max(1).nullable(),
});
export type OperationProgress = z.infer<typeof operationProgressSchema>;

export const durationPattern = /^(\d{1,6})(s|m|h|d)$/;
const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses 90s, 15m, 24h, 7d into milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const m = durationPattern.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * unitMs[m[2] as keyof typeof unitMs];
  return ms > 0 ? ms : undefined;
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', unitMs.d],
    ['h', unitMs.h],
    ['m', unitMs.m],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
