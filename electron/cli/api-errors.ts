import type { z } from 'zod';
import { apiMethods, type ApiErrorBody, type ApiErrorCode, type MethodName } from '../shared/api';
import { CliError, exitCodes } from './cli-error';

/** Refusals change nothing (exit 2); failures may have changed something (exit 1). */
export const exitCodeByApiError: Readonly<Record<ApiErrorCode, number>> = {
  invalid_request: exitCodes.invalid,
  unknown_method: exitCodes.invalid,
  not_found: exitCodes.invalid,
  not_allowed: exitCodes.invalid,
  failed: exitCodes.failed,
  internal: exitCodes.failed,
};

/** How a command names each API parameter to its user: `gamePort` is `--game-port`. */
export type ParamNames = Readonly<Record<string, string>>;

/** An API call that came back with an error, carrying the API's code for callers that care. */
export class ApiCallError extends CliError {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message, exitCodeByApiError[code]);
    this.name = 'ApiCallError';
  }
}

/**
 * Builds the error a command reports. Dispatch has already decided that the
 * request is invalid; for schema refusals the same schema is read again only
 * to say which option was wrong in the words of the command line.
 */
export function toCliError(
  method: MethodName,
  params: unknown,
  error: ApiErrorBody,
  names: ParamNames = {},
): ApiCallError {
  if (error.code === 'invalid_request') {
    const parsed = apiMethods[method].params.safeParse(params);
    if (!parsed.success) return new ApiCallError(error.code, describeForCli(parsed.error.issues, names));
  }
  return new ApiCallError(error.code, error.message);
}

type Issue = z.core.$ZodIssue;

function describeForCli(issues: readonly Issue[], names: ParamNames): string {
  const lines = issues
    .flatMap((issue) => flatten(issue, []))
    .map(({ path, message }) => {
      const [head, ...rest] = path;
      const where = head === undefined ? '' : [names[String(head)] ?? String(head), ...rest.map(String)].join(' ');
      return where ? `${where}: ${message}` : message;
    });
  return [...new Set(lines)].join('\n');
}

/** Record keys fail as "Invalid key in record" with the real reason nested; report the reason. */
function flatten(issue: Issue, prefix: PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_key' && issue.issues.length > 0) return issue.issues.flatMap((i) => flatten(i, path));
  return [{ path, message: issue.message }];
}
