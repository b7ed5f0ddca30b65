import type http from 'node:http';

/**
 * Every rule the proxy enforces, by the name its refusals carry. The name is
 * what tests (and admins reading a log) look for: `zedops-agent refused: <rule>: <why>`.
 */
export type RuleName =
  | 'route'
  | 'api-version'
  | 'managed-only'
  | 'bind-mounts'
  | 'privileged'
  | 'host-namespaces'
  | 'capabilities'
  | 'devices'
  | 'security-opt'
  | 'sysctls'
  | 'volumes-from'
  | 'log-driver'
  | 'create-fields'
  | 'update-fields'
  | 'networks'
  | 'images'
  | 'bad-request'
  | 'bad-json'
  | 'body-size';

export const refusalPrefix = 'zedops-agent refused';

/** A request the proxy will not forward. Answered as Docker answers errors: a status and `{"message": ...}`. */
export class Refusal extends Error {
  constructor(
    readonly rule: RuleName,
    readonly why: string,
    readonly status: number = 403,
  ) {
    super(`${refusalPrefix}: ${rule}: ${why}`);
    this.name = 'Refusal';
  }
}

export function refuse(rule: RuleName, why: string, status = 403): never {
  throw new Refusal(rule, why, status);
}

/** Writes a Docker-style JSON error; a no-op when the response has already begun. */
export function sendError(res: http.ServerResponse, status: number, message: string): void {
  if (res.headersSent || res.destroyed) {
    if (!res.writableEnded) res.destroy();
    return;
  }
  const body = `${JSON.stringify({ message })}\n`;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
