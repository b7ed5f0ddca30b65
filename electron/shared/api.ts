import { z } from 'zod';

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

export const apiMethods = {
  'app.info': { params: noParams, result: appInfoSchema },
  'hosts.list': { params: noParams, result: z.array(hostSchema) },
} as const;

export const apiEvents = {
  'host.changed': hostSchema,
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
