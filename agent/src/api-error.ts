import { HostOpsError } from '../../electron/core/host-ops/host-ops';

/**
 * What an agent endpoint answers when it cannot do what was asked: an HTTP
 * status and the JSON body `{ "message": "...", "kind": "..." }`. The kinds
 * mirror `HostOpsError` (invalid, unsafe, io, unsupported) plus the HTTP ones.
 */
export type ApiErrorKind = 'invalid' | 'unsafe' | 'not-found' | 'method' | 'too-large' | 'io' | 'unsupported';

export const statusForKind: Record<ApiErrorKind, number> = {
  invalid: 400,
  unsafe: 403,
  'not-found': 404,
  method: 405,
  'too-large': 413,
  io: 500,
  unsupported: 501,
};

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;

  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = statusForKind[kind];
  }
}

/** Any failure as an `ApiError`: host operations keep their kind; anything unexpected is `io` with its message. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HostOpsError) return new ApiError(err.kind, err.message);
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('io', `The agent could not do that: ${message}`);
}
