import { refuse } from './refusal';

/** The Docker Engine API calls ZedOps makes (electron/core), and nothing else. */
export type RouteName =
  | 'ping'
  | 'version'
  | 'events'
  | 'containers.list'
  | 'containers.create'
  | 'container.inspect'
  | 'container.start'
  | 'container.stop'
  | 'container.restart'
  | 'container.kill'
  | 'container.update'
  | 'container.remove'
  | 'container.logs'
  | 'container.wait'
  | 'images.pull'
  | 'image.inspect'
  | 'networks.list'
  | 'network.inspect'
  | 'networks.create'
  | 'network.connect';

export interface RouteSpec {
  name: RouteName;
  methods: readonly string[];
  /** Matched against the path without its version prefix; group 1 is the container, image or network. */
  pattern: RegExp;
  /** The query parameters forwarded (first value of each); every other one is dropped. */
  query: readonly string[];
  /** Whether the request's JSON body is read by the policy and forwarded; other bodies are dropped. */
  body: boolean;
  /** For the table in README.md. */
  path: string;
}

// Names and ids of containers and networks, as Docker allows them.
const name = '([A-Za-z0-9][A-Za-z0-9_.-]*)';
// An image reference: registry[:port]/path:tag or @sha256:digest, or an image id.
const image = '([A-Za-z0-9][A-Za-z0-9._:/@-]*)';
const logs = ['follow', 'stdout', 'stderr', 'since', 'until', 'timestamps', 'tail', 'details'];

export const routes: readonly RouteSpec[] = [
  { name: 'ping', methods: ['GET', 'HEAD'], path: '/_ping', pattern: /^\/_ping$/, query: [], body: false },
  { name: 'version', methods: ['GET'], path: '/version', pattern: /^\/version$/, query: [], body: false },
  {
    name: 'events',
    methods: ['GET'],
    path: '/events',
    pattern: /^\/events$/,
    query: ['since', 'until', 'filters'],
    body: false,
  },
  {
    name: 'containers.list',
    methods: ['GET'],
    path: '/containers/json',
    pattern: /^\/containers\/json$/,
    query: ['all', 'limit', 'size', 'filters'],
    body: false,
  },
  {
    name: 'containers.create',
    methods: ['POST'],
    path: '/containers/create',
    pattern: /^\/containers\/create$/,
    query: ['name', 'platform'],
    body: true,
  },
  ...(
    [
      ['container.inspect', 'GET', 'json', ['size']],
      ['container.start', 'POST', 'start', ['detachKeys']],
      ['container.stop', 'POST', 'stop', ['t', 'signal']],
      ['container.restart', 'POST', 'restart', ['t', 'signal']],
      ['container.kill', 'POST', 'kill', ['signal']],
      ['container.update', 'POST', 'update', []],
      ['container.logs', 'GET', 'logs', logs],
      ['container.wait', 'POST', 'wait', ['condition']],
    ] as const
  ).map(([routeName, method, action, query]): RouteSpec => ({
    name: routeName,
    methods: [method],
    path: `/containers/{id}/${action}`,
    pattern: new RegExp(`^/containers/${name}/${action}$`),
    query,
    body: routeName === 'container.update',
  })),
  {
    name: 'container.remove',
    methods: ['DELETE'],
    path: '/containers/{id}',
    pattern: new RegExp(`^/containers/${name}$`),
    query: ['v', 'force'],
    body: false,
  },
  {
    name: 'images.pull',
    methods: ['POST'],
    path: '/images/create?fromImage=',
    pattern: /^\/images\/create$/,
    query: ['fromImage', 'tag', 'platform'],
    body: false,
  },
  {
    name: 'image.inspect',
    methods: ['GET'],
    path: '/images/{name}/json',
    pattern: new RegExp(`^/images/${image}/json$`),
    query: [],
    body: false,
  },
  {
    name: 'networks.list',
    methods: ['GET'],
    path: '/networks',
    pattern: /^\/networks$/,
    query: ['filters'],
    body: false,
  },
  {
    name: 'networks.create',
    methods: ['POST'],
    path: '/networks/create',
    pattern: /^\/networks\/create$/,
    query: [],
    body: true,
  },
  {
    name: 'network.inspect',
    methods: ['GET'],
    path: '/networks/{id}',
    pattern: new RegExp(`^/networks/${name}$`),
    query: ['verbose', 'scope'],
    body: false,
  },
  {
    name: 'network.connect',
    methods: ['POST'],
    path: '/networks/{id}/connect',
    pattern: new RegExp(`^/networks/${name}/connect$`),
    query: [],
    body: true,
  },
];

/** Oldest API version accepted in a `/v1.xx` prefix. Before 1.24, start took a HostConfig body. */
export const minApiVersion = { major: 1, minor: 24 } as const;

export interface RequestTarget {
  route: RouteSpec;
  /** The container, image or network named in the path. */
  param?: string;
  /** `/v1.41` or '' as the client sent it; forwarded as is. */
  versionPrefix: string;
  /** The client's query, of which only `route.query` is forwarded. */
  query: URLSearchParams;
}

const hijackRoutes = /^\/(containers\/[^/]+\/(attach|exec)|exec\/[^/]+\/start|session|grpc)(\/|$)/;

/**
 * Parses the request line into a route of the subset, or refuses it. The
 * path must be plain (no percent-encoding, no `.`/`..` or empty segments),
 * so that Docker reads it as the proxy does; the proxy forwards a path it
 * builds itself from the route and its parameter.
 */
export function parseTarget(method: string | undefined, rawUrl: string | undefined): RequestTarget {
  if (!rawUrl || !rawUrl.startsWith('/')) refuse('bad-request', 'the request target must be a path', 400);
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
  if (!/^[A-Za-z0-9._:/@-]+$/.test(rawPath)) {
    refuse(
      'bad-request',
      'the path has characters no Docker API call of ZedOps uses (percent-encoding, spaces...)',
      400,
    );
  }
  const segments = rawPath.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    refuse('bad-request', 'the path has empty, "." or ".." segments', 400);
  }

  let versionPrefix = '';
  let path = rawPath;
  const version = /^\/v([0-9.]+)(\/.*)$/.exec(rawPath);
  if (version) {
    const m = /^(\d+)\.(\d+)$/.exec(version[1]!);
    const major = m ? Number(m[1]) : NaN;
    const minor = m ? Number(m[2]) : NaN;
    if (!m || major < minApiVersion.major || (major === minApiVersion.major && minor < minApiVersion.minor)) {
      refuse(
        'api-version',
        `API version ${version[1]} is not accepted; use ${minApiVersion.major}.${minApiVersion.minor} or newer, or no version prefix`,
      );
    }
    versionPrefix = `/v${version[1]}`;
    path = version[2]!;
  }

  const verb = (method ?? '').toUpperCase();
  if (hijackRoutes.test(path)) {
    refuse(
      'route',
      `${verb} ${path} is not allowed: attach, exec and other hijacked connections open a channel into a container, and ZedOps never uses them`,
    );
  }
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (!route.methods.includes(verb)) continue;
    return { route, ...(match[1] !== undefined ? { param: match[1] } : {}), versionPrefix, query };
  }
  refuse('route', `${verb} ${path} is not in the Docker API subset ZedOps uses`);
}

/** The query forwarded for a route: its allowed parameters only, first value of each, re-encoded. */
export function forwardedQuery(
  route: RouteSpec,
  query: URLSearchParams,
  overrides: Record<string, string> = {},
): string {
  const out = new URLSearchParams();
  for (const key of route.query) {
    const value = key in overrides ? overrides[key] : query.get(key);
    if (value !== null && value !== undefined) out.set(key, value);
  }
  const s = out.toString();
  return s ? `?${s}` : '';
}
