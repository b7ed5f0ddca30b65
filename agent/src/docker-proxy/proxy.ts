import type http from 'node:http';
import path from 'node:path';
import {
  checkContainerCreate,
  checkContainerUpdate,
  checkStartable,
  isManagedContainer,
  type InspectedContainer,
  type PolicyContext,
} from './container-policy';
import { DockerUpstream, type UpstreamAnswer } from './docker-upstream';
import { managedLabel, withManagedLabel } from './filters';
import { checkNetworkCreate, isManagedNetwork, parseNetworkConnect, type InspectedNetwork } from './network-policy';
import { Refusal, refuse, sendError } from './refusal';
import { forwardedQuery, parseTarget, type RequestTarget } from './routes';

export interface DockerProxyOptions {
  /** The real Docker socket path, e.g. /var/run/docker.sock */
  dockerSocket: string;
  /** Absolute host path; bind mounts are allowed only under it (realpath-resolved). */
  dataRoot: string;
  log?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export interface DockerProxy {
  /** Handles one HTTP request that is not an agent endpoint; answers it fully (forwarded or refused). */
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
  close(): void;
}

/** Largest request body read (container create, update, network create and connect): 1 MiB. */
export const bodyLimit = 1024 * 1024;
/** Beyond this, the rest of an oversized body is no longer read and thrown away: the connection is dropped. */
const discardLimit = 16 * bodyLimit;

/** A request already answered with Docker's own error (a 404 stays a 404). */
class Answered extends Error {
  constructor(readonly answer: Extract<UpstreamAnswer, { ok: false }>) {
    super(`Docker answered ${answer.status}`);
  }
}

export function createDockerProxy(options: DockerProxyOptions): DockerProxy {
  if (!path.posix.isAbsolute(options.dataRoot) || path.posix.normalize(options.dataRoot) === '/') {
    throw new Error(`The data root must be an absolute path other than "/", got "${options.dataRoot}".`);
  }
  const upstream = new DockerUpstream(options.dockerSocket);
  const log = options.log;
  let closed = false;

  const ctx: PolicyContext = {
    dataRoot: options.dataRoot,
    async network(nameOrId) {
      const answer = await upstream.lookup(`/networks/${encodeURIComponent(nameOrId)}`);
      if (!answer.ok) {
        if (answer.status === 404) return undefined;
        throw new Answered(answer);
      }
      return { managed: isManagedNetwork(answer.json as InspectedNetwork) };
    },
  };

  async function inspectContainer(id: string): Promise<InspectedContainer & { Id: string }> {
    const answer = await upstream.lookup(`/containers/${encodeURIComponent(id)}/json`);
    if (!answer.ok) throw new Answered(answer);
    const info = answer.json as InspectedContainer & { Id: string };
    if (!isManagedContainer(info)) {
      refuse('managed-only', `container ${id} is not labelled ${managedLabel}=true, so the agent does not touch it`);
    }
    return info;
  }

  async function inspectNetwork(id: string): Promise<InspectedNetwork & { Id: string }> {
    const answer = await upstream.lookup(`/networks/${encodeURIComponent(id)}`);
    if (!answer.ok) throw new Answered(answer);
    const info = answer.json as InspectedNetwork & { Id: string };
    if (!isManagedNetwork(info)) {
      refuse('networks', `network ${id} is not labelled ${managedLabel}=true; only ZedOps's networks are reachable`);
    }
    return info;
  }

  /** What to send Docker for an allowed request, after the policy has passed it. */
  async function plan(target: RequestTarget, body: Buffer): Promise<{ path: string; body?: Buffer }> {
    const { route, versionPrefix: v, query } = target;
    const param = target.param ?? '';
    const q = (overrides?: Record<string, string>) => forwardedQuery(route, query, overrides);
    const json = () => parseJson(body);
    switch (route.name) {
      case 'ping':
      case 'version':
        return { path: `${v}${route.path}${q()}` };
      case 'events':
      case 'containers.list':
      case 'networks.list':
        return { path: `${v}${route.path}${q({ filters: withManagedLabel(query.get('filters')) })}` };
      case 'containers.create': {
        const config = json();
        await checkContainerCreate(config, ctx);
        return { path: `${v}/containers/create${q()}`, body: Buffer.from(JSON.stringify(config)) };
      }
      case 'container.update': {
        const update = json();
        checkContainerUpdate(update);
        const info = await inspectContainer(param);
        return { path: `${v}/containers/${info.Id}/update`, body: Buffer.from(JSON.stringify(update)) };
      }
      case 'container.start':
      case 'container.restart': {
        const info = await inspectContainer(param);
        await checkStartable(info, ctx);
        return { path: `${v}/containers/${info.Id}/${route.name.slice('container.'.length)}${q()}` };
      }
      case 'container.inspect':
      case 'container.stop':
      case 'container.kill':
      case 'container.logs':
      case 'container.wait': {
        const info = await inspectContainer(param);
        const action = route.name === 'container.inspect' ? 'json' : route.name.slice('container.'.length);
        return { path: `${v}/containers/${info.Id}/${action}${q()}` };
      }
      case 'container.remove': {
        const info = await inspectContainer(param);
        return { path: `${v}/containers/${info.Id}${q()}` };
      }
      case 'images.pull': {
        if (query.has('fromSrc') || query.has('repo') || query.has('changes')) {
          refuse('images', 'importing an image (fromSrc) is not allowed; only pulls (fromImage)');
        }
        if (!query.get('fromImage')) refuse('images', 'a pull needs fromImage');
        return { path: `${v}/images/create${q()}` };
      }
      case 'image.inspect':
        return { path: `${v}/images/${param}/json` };
      case 'network.inspect': {
        const info = await inspectNetwork(param);
        return { path: `${v}/networks/${info.Id}${q()}` };
      }
      case 'networks.create': {
        const config = json();
        checkNetworkCreate(config);
        return { path: `${v}/networks/create`, body: Buffer.from(JSON.stringify(config)) };
      }
      case 'network.connect': {
        const connect = parseNetworkConnect(json());
        const network = await inspectNetwork(param);
        const container = await inspectContainer(connect.container);
        return {
          path: `${v}/networks/${network.Id}/connect`,
          body: Buffer.from(JSON.stringify(connect.withContainerId(container.Id))),
        };
      }
    }
  }

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? '').toUpperCase();
    const pathOnly = (req.url ?? '').split('?')[0];
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    let body: Buffer;
    try {
      body = await readBody(req, res);
    } catch (err) {
      if (err instanceof Refusal) answerRefusal(err);
      return; // the client went away
    }

    function answerRefusal(refusal: Refusal): void {
      // Never the query: dockerode puts a container's whole config, passwords included, in it.
      log?.warn({ rule: refusal.rule, method, path: pathOnly, status: refusal.status }, refusal.message);
      sendError(res, refusal.status, refusal.message);
    }

    if (closed) {
      sendError(res, 503, 'zedops-agent: the Docker proxy is shutting down');
      return;
    }
    let call: { path: string; body?: Buffer };
    let target: RequestTarget;
    try {
      target = parseTarget(method, req.url);
      call = await plan(target, body);
    } catch (err) {
      if (err instanceof Refusal) return answerRefusal(err);
      if (err instanceof Answered) {
        if (!res.headersSent) {
          res.writeHead(err.answer.status, {
            'Content-Type': err.answer.contentType,
            'Content-Length': err.answer.body.length,
          });
          res.end(err.answer.body);
        }
        return;
      }
      return answerUnreachable(err);
    }

    // The client left while the policy looked things up: nothing to open on its behalf.
    if (gone) return;
    if (method !== 'GET' && method !== 'HEAD') {
      log?.info({ method, route: target.route.name, target: target.param }, 'forwarding a Docker API request');
    }
    const headers: http.OutgoingHttpHeaders = {};
    const registryAuth = req.headers['x-registry-auth'];
    if (target.route.name === 'images.pull' && typeof registryAuth === 'string') {
      headers['X-Registry-Auth'] = registryAuth;
    }
    upstream.forward(res, { method, path: call.path, headers, ...(call.body ? { body: call.body } : {}) }, (err) =>
      answerUnreachable(err),
    );

    function answerUnreachable(err: unknown): void {
      const reason = err instanceof Error ? err.message : String(err);
      log?.warn({ method, path: pathOnly, err: reason }, 'Docker did not answer');
      sendError(res, 502, `zedops-agent: Docker Engine at ${options.dockerSocket} did not answer: ${reason}`);
    }
  }

  return {
    handle(req, res) {
      try {
        serve(req, res).catch((err: unknown) => {
          log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'the Docker proxy failed a request');
          sendError(res, 500, 'zedops-agent: the Docker proxy failed on this request');
        });
      } catch (err) {
        log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'the Docker proxy failed a request');
        sendError(res, 500, 'zedops-agent: the Docker proxy failed on this request');
      }
    },
    close() {
      closed = true;
      upstream.close();
    },
  };
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') refuse('bad-json', 'the request body is empty; a JSON object is expected', 400);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return refuse('bad-json', `the request body is not valid JSON (${(err as Error).message})`, 400);
  }
}

/**
 * Reads the whole body, up to bodyLimit. Past it, the request is refused
 * with 413 at once; the connection then ends after the answer, and what is
 * still coming is read and thrown away (up to discardLimit, and for 5 s at
 * most) so that the client gets to read the answer.
 */
function readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      req.removeListener('data', onData);
      let discarded = received;
      const socket = req.socket;
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > discardLimit) socket.destroy();
      });
      req.resume();
      // Once the answer is out, end our side; the client sees the 413 and then the end. Its
      // side stays open a moment so what it is still sending is read and dropped, rather than
      // refused, which could make it lose the answer (ECONNRESET, EPIPE).
      res.once('finish', () => {
        if (socket.destroyed) return;
        socket.end();
        const timer = setTimeout(() => socket.destroy(), 5000);
        timer.unref();
        socket.once('close', () => clearTimeout(timer));
      });
      reject(
        new Refusal(
          'body-size',
          `the request body is larger than ${bodyLimit / 1024 / 1024} MiB, the most the agent reads for one Docker API call`,
          413,
        ),
      );
    };
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > bodyLimit) tooLarge();
      else chunks.push(chunk);
    };
    if (declared > bodyLimit) {
      tooLarge();
      return;
    }
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection before sending the whole request'));
    });
  });
}
