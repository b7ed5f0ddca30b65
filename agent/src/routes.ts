import { ApiError } from './api-error';

/** Every agent endpoint lives under this prefix; anything else goes to the Docker proxy. */
export const apiPrefix = '/zedops/v1/';

export const defaultJournalLimit = 1000;
export const maxJournalLimit = 10_000;

export type Route =
  | { kind: 'info' }
  | { kind: 'data-dir'; method: 'GET' | 'POST' | 'DELETE'; name: string }
  | { kind: 'ports' }
  | { kind: 'journal'; after: number; follow: boolean; limit: number };

export const endpointList =
  'GET /zedops/v1/info, GET|POST|DELETE /zedops/v1/data-dirs/NAME, GET /zedops/v1/ports, ' +
  'GET /zedops/v1/journal?after=SEQ[&limit=N][&follow=1]';

/** A Docker API version prefix (`/v1.41`), which dockerode adds to every path when it is given a version. */
const versionPrefix = /^\/v\d+(?:\.\d+)?(?=\/)/;

/** True for paths the agent answers itself (`/zedops` and below, with or without `/v1.41` before); Docker's API has none. */
export function isAgentPath(url: string): boolean {
  const p = (url.split('?')[0] ?? '').replace(versionPrefix, '');
  return p === '/zedops' || p.startsWith('/zedops/');
}

/** Parses one request line into a route, or throws the `ApiError` to answer with. */
export function parseRoute(method: string, url: string): Route {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://agent.invalid');
  } catch {
    throw new ApiError('invalid', `"${url.slice(0, 200)}" is not a request path.`);
  }
  const segments = parsed.pathname.replace(versionPrefix, '').split('/').slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    throw new ApiError('invalid', `The path ${parsed.pathname.slice(0, 200)} has a broken %-escape.`);
  }
  const [zedops, version, endpoint, ...rest] = decoded;
  const unknown = (): ApiError =>
    new ApiError(
      'not-found',
      `There is no agent endpoint ${parsed.pathname.slice(0, 200)}. The endpoints are: ${endpointList}.`,
    );
  if (zedops !== 'zedops' || version !== 'v1') throw unknown();
  const query = parsed.searchParams;
  const allowOnly = (allowed: string[]): void => {
    for (const key of new Set(query.keys())) {
      if (!allowed.includes(key)) {
        throw new ApiError(
          'invalid',
          allowed.length === 0
            ? `${parsed.pathname} takes no query parameters; got "${key}".`
            : `${parsed.pathname} does not know the parameter "${key}"; it takes ${allowed.join(', ')}.`,
        );
      }
    }
  };
  const methods = (allowed: string[]): void => {
    if (!allowed.includes(method)) {
      throw new ApiError('method', `${parsed.pathname} answers ${allowed.join(', ')}, not ${method}.`, {
        Allow: allowed.join(', '),
      });
    }
  };

  switch (endpoint) {
    case 'info':
    case 'ports':
      if (rest.length > 0) throw unknown();
      methods(['GET']);
      allowOnly([]);
      return { kind: endpoint };
    case 'data-dirs': {
      if (rest.length !== 1 || !rest[0]) {
        throw new ApiError(
          rest.length === 0 ? 'not-found' : 'invalid',
          rest.length === 0
            ? 'Name the server: /zedops/v1/data-dirs/NAME.'
            : `A server name is one path segment; got "${rest.join('/').slice(0, 200)}".`,
        );
      }
      methods(['GET', 'POST', 'DELETE']);
      allowOnly([]);
      return { kind: 'data-dir', method: method as 'GET' | 'POST' | 'DELETE', name: rest[0] };
    }
    case 'journal': {
      if (rest.length > 0) throw unknown();
      methods(['GET']);
      allowOnly(['after', 'follow', 'limit']);
      return {
        kind: 'journal',
        after: wholeNumber(query, 'after', 0, 0, Number.MAX_SAFE_INTEGER, 'a sequence number'),
        follow: flag(query, 'follow'),
        limit: wholeNumber(
          query,
          'limit',
          defaultJournalLimit,
          1,
          maxJournalLimit,
          'how many events to return at most',
        ),
      };
    }
    default:
      throw unknown();
  }
}

function single(query: URLSearchParams, key: string): string | undefined {
  const all = query.getAll(key);
  if (all.length > 1) throw new ApiError('invalid', `"${key}" is given ${all.length} times; give it once.`);
  return all[0];
}

function wholeNumber(
  query: URLSearchParams,
  key: string,
  fallback: number,
  min: number,
  max: number,
  what: string,
): number {
  const value = single(query, key);
  if (value === undefined) return fallback;
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ApiError(
      'invalid',
      `"${key}" is ${what}: a whole number from ${min} to ${max}; got "${value.slice(0, 40)}".`,
    );
  }
  return n;
}

function flag(query: URLSearchParams, key: string): boolean {
  const value = single(query, key);
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true' || value === '') return true;
  throw new ApiError('invalid', `"${key}" is 1 (or true) or 0 (or false); got "${value.slice(0, 40)}".`);
}
