import type { z } from 'zod';
import {
  ApiError,
  apiMethods,
  isMethodName,
  type CallOutcome,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from '../../shared/api';

export type ApiHandlers = {
  [M in MethodName]: (params: z.output<(typeof apiMethods)[M]['params']>) => Promise<MethodResult<M>> | MethodResult<M>;
};

export interface DispatchLog {
  error(obj: object, msg: string): void;
}

/** Says what was wrong with a request, in one readable line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => describeIssue(issue)).join('; ');
}

/** Ends a text with one full stop, never two. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map(String).join('.') : 'request';
  // A bad record key (an env name) nests its real reason one level down.
  if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    return `${where}: ${issue.issues.map((i) => i.message).join('; ')}`;
  }
  return `${where}: ${issue.message}`;
}

/**
 * The one door into core for every bridge (IPC, WebSocket, CLI): the method
 * must exist in the contract, its params must match the schema, and the
 * outcome is a value, never a thrown stack.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: string,
  params: unknown,
  log?: DispatchLog,
): Promise<CallOutcome> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `There is no API method "${method}".` } };
  }
  const spec = apiMethods[method];
  const parsed = spec.params.safeParse(params ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid_request',
        message: `Invalid request to ${method}: ${sentence(describeIssues(parsed.error))}`,
      },
    };
  }
  try {
    const handler = handlers[method] as (p: unknown) => Promise<unknown> | unknown;
    const result = await handler(parsed.data);
    return { ok: true, result: spec.result.parse(result) };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err.toBody() };
    log?.error({ err, method }, 'API call failed unexpectedly');
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'internal', message: `${method} failed: ${message}` } };
  }
}

export type { MethodParams };
