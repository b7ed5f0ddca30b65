import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeContainersNamed, testDocker, zedops } from './fleet-cli';
import { freshHome, startServe, stopServe, testEnv, type ServeHandle } from './serve-fixture';

/**
 * The scene most UI specs start from, set up with the CLI as an admin
 * would: a fresh data dir, one host "box" on the test dockerd with a temp
 * data root, some pz-sim servers on it, and `zedops serve` running with no
 * other Docker in sight (so "box" is the only host).
 */
export class BoxScene {
  private constructor(
    readonly serve: ServeHandle,
    readonly home: string,
    readonly dataRoot: string,
    private readonly child: ChildProcess,
    private readonly containerPrefix: string,
  ) {}

  /** `servers`: [name, game port]; UDP is game + 1 and RCON game + 2. Names start with `containerPrefix`. */
  static async start(containerPrefix: string, servers: ReadonlyArray<readonly [string, number]>): Promise<BoxScene> {
    await removeContainersNamed(testDocker(), containerPrefix);
    const home = freshHome();
    const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-e2e-data-'));
    zedops(home, 'host', 'add', 'box', '--docker', testEnv().dockerHost, '--data-root', dataRoot);
    for (const [name, game] of servers) createSim(home, name, game);
    const { handle, child } = await startServe({ DOCKER_HOST: 'unix:///nonexistent/zedops/docker.sock' }, home);
    return new BoxScene(handle, home, dataRoot, child, containerPrefix);
  }

  async stop(): Promise<void> {
    await stopServe(this.child, this.home);
    await removeContainersNamed(testDocker(), this.containerPrefix);
    fs.rmSync(this.dataRoot, { recursive: true, force: true });
  }
}

/** Creates a pz-sim server on "box" through the CLI. */
export function createSim(home: string, name: string, gamePort: number): void {
  zedops(
    home,
    'server',
    'create',
    name,
    '--host',
    'box',
    '--image',
    testEnv().pzSimImage,
    '--game-port',
    String(gamePort),
    '--rcon-port',
    String(gamePort + 2),
  );
}
