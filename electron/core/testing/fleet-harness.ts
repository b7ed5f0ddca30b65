import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { dispatch } from '../api/dispatch';
import { Zedops } from '../zedops';
import type { AddHostParams, MethodName, MethodParams, MethodResult } from '../../shared/api';
import type { TestEnv } from '../../../testenv/testenv';
import { AgentProcess } from './agent-process';
import type { ApiErrorBody } from '../../shared/api';
import type { Server, ServerEvent } from '../../shared/servers';

/**
 * Test support: a fresh catalog and data root per harness, one host on the
 * test environment's dockerd, and calls that go through `dispatch` exactly
 * as the UI's and the CLI's do.
 */
export class FleetHarness {
  readonly docker: Docker;
  /** The agent process an `agent` harness runs for its host. */
  agent: AgentProcess | undefined;

  private constructor(
    readonly zedops: Zedops,
    readonly home: string,
    readonly dataRoot: string,
    readonly hostId: string,
    dockerSocket: string,
    readonly pzSimImage: string,
  ) {
    this.docker = new Docker({ socketPath: dockerSocket });
  }

  /**
   * `dataRoot` gives the host another harness's data root, as a second
   * workstation sharing the same dockerd would have; it is left in place on close.
   */
  static async start(
    env: HarnessEnv,
    options: { dataRoot?: string; kind?: TestHostKind; params?: AddHostParams } = {},
  ): Promise<FleetHarness> {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-fleet-'));
    const dataRoot = options.dataRoot ?? path.join(home, 'servers');
    // DOCKER_HOST points nowhere, so no "This computer" is added: the test adds its own host.
    // The home folder is the harness's own, so no ~/.ssh/config or ssh-agent of the machine plays a part.
    const zedops = await Zedops.start({
      dataDir: home,
      mode: 'browser',
      env: { DOCKER_HOST: 'unix:///nonexistent.sock' },
      homedir: home,
    });
    // An agent host gets an agent of its own, on this harness's data root, reached through the testenv's sshd.
    const kind = options.kind ?? 'local';
    const agent =
      kind === 'agent' && !options.params
        ? await AgentProcess.start({ dockerSocket: env.dockerSocket, dataRoot })
        : undefined;
    const outcome = await dispatch(
      zedops.handlers,
      'hosts.add',
      options.params ?? testHostParams(env, kind, dataRoot, 'box', agent?.socket),
    );
    if (!outcome.ok) {
      zedops.close();
      await agent?.destroy();
      throw new Error(outcome.error.message);
    }
    const harness = new FleetHarness(
      zedops,
      home,
      dataRoot,
      (outcome.result as { id: string }).id,
      env.dockerSocket,
      env.pzSimImage,
    );
    harness.agent = agent;
    return harness;
  }

  async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const outcome = await dispatch(this.zedops.handlers, method, params);
    if (!outcome.ok) throw new CallFailed(outcome.error);
    return outcome.result as MethodResult<M>;
  }

  /** The error a call ends with; fails the test if it succeeds. */
  async refusal<M extends MethodName>(method: M, params: unknown): Promise<ApiErrorBody> {
    const outcome = await dispatch(this.zedops.handlers, method, params);
    if (outcome.ok) throw new Error(`${method} succeeded but should have been refused`);
    return outcome.error;
  }

  /** Creates a pz-sim server with consecutive ports from `gamePort` (game, UDP, RCON). */
  async createSim(
    name: string,
    gamePort: number,
    extra: { hostId?: string; env?: Record<string, string> } = {},
  ): Promise<Server> {
    return this.call('servers.create', {
      hostId: extra.hostId ?? this.hostId,
      name,
      image: this.pzSimImage,
      adminPassword: 'admin-secret',
      gamePort,
      udpPort: gamePort + 1,
      rconPort: gamePort + 2,
      env: extra.env ?? {},
    });
  }

  async close(): Promise<void> {
    const leftovers = await this.docker.listContainers({ all: true, filters: { label: ['zedops.managed=true'] } });
    const mine = new Set(this.zedops.catalog.servers.list().map((s) => s.id));
    for (const c of leftovers) {
      if (mine.has(c.Labels['zedops.server.id'] ?? '')) await this.docker.getContainer(c.Id).remove({ force: true });
    }
    this.zedops.close();
    await this.agent?.destroy();
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

/** The connection kinds the test environment can reach its dockerd by. */
export const testHostKinds = ['local', 'tls', 'ssh', 'agent'] as const;
export type TestHostKind = (typeof testHostKinds)[number];

/** Kinds to run the parameterized suites on: all of them, or the ones listed in ZEDOPS_TEST_HOST_KINDS. */
export function suiteHostKinds(): TestHostKind[] {
  const wanted = process.env.ZEDOPS_TEST_HOST_KINDS?.split(',').map((k) => k.trim());
  return testHostKinds.filter((k) => !wanted || wanted.includes(k));
}

/** What a harness needs of the test environment: the socket always, the TLS and SSH parts for those kinds. */
export type HarnessEnv = Pick<TestEnv, 'dockerHost' | 'dockerSocket' | 'pzSimImage'> & Partial<TestEnv>;

/** `hosts.add` for the test dockerd over a connection of the given kind. */
export function testHostParams(
  env: HarnessEnv,
  kind: TestHostKind,
  dataRoot: string,
  name = 'box',
  agentSocket?: string,
): AddHostParams {
  const need = <T>(part: T | undefined, what: string): T => {
    if (part === undefined) throw new Error(`A ${kind} test host needs the test environment's ${what}.`);
    return part;
  };
  switch (kind) {
    case 'local':
      return { name, kind, address: env.dockerHost, dataRoot };
    case 'tls': {
      const tls = need(env.tls, 'TLS listener');
      return {
        name,
        kind,
        address: `tcp://${tls.host}:${tls.port}`,
        caFile: tls.ca,
        certFile: tls.cert,
        keyFile: tls.key,
        helperImage: need(env.helperImage, 'helper image'),
        dataRoot,
      };
    }
    case 'ssh': {
      const ssh = need(env.ssh, 'sshd');
      return {
        name,
        kind,
        address: `${ssh.user}@${ssh.host}:${ssh.port}`,
        identityFile: ssh.identity,
        dockerSocket: env.dockerSocket,
        acceptHostKey: ssh.hostKeyFingerprint,
        dataRoot,
      };
    }
    case 'agent': {
      const ssh = need(env.ssh, 'sshd');
      return {
        name,
        kind,
        address: `ssh://${ssh.user}@${ssh.host}:${ssh.port}`,
        identityFile: ssh.identity,
        acceptHostKey: ssh.hostKeyFingerprint,
        agentSocket: need(agentSocket, 'running agent'),
        dataRoot,
      };
    }
  }
}

export class CallFailed extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(`${body.code}: ${body.message}`);
  }
}

/** Waits for the change feed to show the server matching `predicate` (checking the current state first). Never sleeps. */
export async function waitForServer(
  h: FleetHarness,
  serverId: string,
  predicate: (s: Server) => boolean,
  timeoutMs = 15_000,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    let off = () => {};
    const timer = setTimeout(() => {
      off();
      const now = h.zedops.catalog.servers.get(serverId);
      reject(new Error(`server ${serverId} did not reach the expected state in ${timeoutMs} ms (now ${now?.status})`));
    }, timeoutMs);
    const check = (s: Server) => {
      if (s.id !== serverId || !predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    };
    off = h.zedops.feed.subscribe('server.changed', check);
    try {
      check(h.zedops.fleet.get(serverId));
    } catch {
      // not in the catalog yet
    }
  });
}

/** Waits, on the change feed, until the server's history satisfies `predicate`. */
export async function waitForHistory(
  h: FleetHarness,
  serverId: string,
  predicate: (events: ServerEvent[]) => boolean,
  timeoutMs = 15_000,
): Promise<ServerEvent[]> {
  const read = () => h.zedops.fleet.history(serverId, 200);
  return new Promise((resolve, reject) => {
    let off = () => {};
    const timer = setTimeout(() => {
      off();
      reject(new Error(`history of ${serverId} never matched; it is ${JSON.stringify(read().map((e) => e.kind))}`));
    }, timeoutMs);
    const check = () => {
      const events = read();
      if (!predicate(events)) return;
      clearTimeout(timer);
      off();
      resolve(events);
    };
    off = h.zedops.feed.subscribe('server.changed', (s) => s.id === serverId && check());
    check();
  });
}

/**
 * A stop cut off half-way: a slow save keeps it busy on RCON while `breakLink`
 * takes the host's link away. The stop must fail in words (no stack) with its
 * lease released; after `mendLink`, a sync must leave the catalog agreeing with
 * Docker and the server usable again.
 */
export async function stopCutOffHalfway(
  h: FleetHarness,
  name: string,
  gamePort: number,
  breakLink: () => Promise<void>,
  mendLink: () => Promise<void>,
): Promise<void> {
  const s = await h.createSim(name, gamePort, { env: { PZSIM_SAVE_DELAY: '5' } });
  await waitForServer(h, s.id, (x) => x.health === 'healthy');
  const stopping = h.refusal('servers.action', { serverId: s.id, action: 'stop' });
  await new Promise((r) => setTimeout(r, 1000));
  await breakLink();
  const outcome = await stopping;
  if (outcome.code !== 'failed' || /\n\s+at /.test(outcome.message))
    throw new Error(`the cut-off stop should fail in words, but ended with ${JSON.stringify(outcome)}`);
  if ((await h.call('servers.get', { serverId: s.id })).operation !== null)
    throw new Error('the cut-off stop left its lease behind');

  await mendLink();
  await h.call('fleet.sync', { hostId: h.hostId });
  const info = await h.docker.getContainer(s.containerId!).inspect();
  const after = await h.call('servers.get', { serverId: s.id });
  const truth = info.State.Running ? 'running' : 'stopped';
  if (after.status !== truth) throw new Error(`the catalog says ${after.status} but Docker says ${truth}`);
  const next = await h.call('servers.action', { serverId: s.id, action: truth === 'running' ? 'stop' : 'start' });
  const expected = truth === 'running' ? 'stopped' : 'running';
  if (next.status !== expected) throw new Error(`the next action left it ${next.status}, not ${expected}`);
}
