import crypto from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import { HostOpsError, type DataDirStatus } from './host-ops';
import {
  ScriptHostOps,
  hostOpsScript,
  seconds,
  type ScriptHostOpsOptions,
  type ScriptReply,
  type ScriptRun,
} from './posix-host-ops';
import { serverDir } from './server-dir';

/** The image helper containers run from unless the host says otherwise: small, and has a POSIX sh, realpath and rm. */
export const defaultHelperImage = 'busybox:1.36';

/** On every helper container. The reconciler looks only at `zedops.managed`, so it never sees these. */
export const helperLabel = 'zedops.helper';

/** Where the helper sees the host's /: a host path P is `${mountPrefix}P` inside. */
export const mountPrefix = '/zedops-host';

/** Exited helpers older than this are left over from a ZedOps that died mid-operation, and are removed. */
const staleAfterMs = 60 * 60 * 1000;

/** What the helper logs; a pino logger fits. */
export interface HelperLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface HelperContainerHostOpsOptions extends ScriptHostOpsOptions {
  /** The host's Docker Engine. */
  docker: Dockerode;
  /** The data root on the host: an absolute POSIX path other than /. */
  dataRoot: string;
  /** The image the helper containers run [`busybox:1.36`]; it needs /bin/sh, realpath or readlink -f, mkdir and rm. */
  helperImage?: string;
  log?: HelperLog;
  /** How long pulling the helper image may take [5 min]. */
  pullTimeoutMs?: number;
}

/** The data root's parent is not on the host, so neither is anything in it. */
class NothingThere extends Error {}

/**
 * `tls` hosts, where ZedOps reaches only the Docker API: each operation runs
 * the host-ops script in one short-lived container from the helper image,
 * removed when it ends. File operations bind-mount the data root's parent
 * (so the script can see whether the data root itself is a symlink) with no
 * network; listing ports uses the host's network, since /proc/net shows the
 * sockets of the reader's network namespace.
 *
 * The mount uses `Mounts` (type bind), which refuses a source that does not
 * exist, and not `Binds`, which would create it: so checking or deleting a
 * server on a host whose data root's parent is missing creates nothing and
 * answers "not there" without a container. Creating walks up to the nearest
 * folder that exists and mounts that, and the script makes the rest, as
 * `mkdir -p` does on the host itself.
 */
export class HelperContainerHostOps extends ScriptHostOps {
  protected readonly prefix = mountPrefix;
  protected readonly seesWholeHost = false;
  protected readonly permissionAdvice =
    "The helper container runs as root, so the host's Docker keeps it out: a remapped root (user namespaces) or " +
    'a security policy. Choose a data root that containers may write to.';
  readonly helperImage: string;
  private readonly docker: Dockerode;
  private readonly log: HelperLog | undefined;
  private readonly pullTimeoutMs: number;
  private pulling: Promise<void> | undefined;
  private swept = false;

  constructor(options: HelperContainerHostOpsOptions) {
    super(options.dataRoot, options);
    if (this.dataRoot === '/') {
      throw new HostOpsError(
        'invalid',
        "The data root cannot be / itself: ZedOps mounts the data root's parent folder into a helper container, " +
          "and / has none. Set the host's data root to a folder such as /var/lib/zedops/servers.",
      );
    }
    this.docker = options.docker;
    this.helperImage = options.helperImage ?? defaultHelperImage;
    this.log = options.log;
    this.pullTimeoutMs = options.pullTimeoutMs ?? 300_000;
  }

  override async dataDirStatus(name: string): Promise<DataDirStatus> {
    try {
      return await super.dataDirStatus(name);
    } catch (err) {
      if (!(err instanceof NothingThere)) throw err;
      return { dir: serverDir(this.dataRoot, name, path.posix), exists: false, binExists: false, dataExists: false };
    }
  }

  override async removeDataDir(name: string): Promise<{ removed: boolean }> {
    try {
      return await super.removeDataDir(name);
    } catch (err) {
      if (!(err instanceof NothingThere)) throw err;
      return { removed: false };
    }
  }

  protected async runScript(run: ScriptRun): Promise<ScriptReply> {
    await this.sweepOnce();
    const container = await this.createHelper(run);
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new HostOpsError(
              'io',
              `Could not ${run.task}: the helper container did not finish within ${seconds(run.timeoutMs)}, ` +
                'so ZedOps stopped and removed it. Check that the host is not overloaded and its disk answers, ' +
                'then try again.',
            ),
          ),
        run.timeoutMs,
      );
    });
    try {
      return await Promise.race([this.runToEnd(container, run), late]);
    } finally {
      clearTimeout(timer);
      await this.discard(container);
      this.log?.debug({ operation: run.operation, ms: Date.now() - started }, 'helper container done');
    }
  }

  /** Creates the container, pulling the image first if the host lacks it. */
  private async createHelper(run: ScriptRun): Promise<Dockerode.Container> {
    let mounted = run.operation === 'ports' ? undefined : path.posix.dirname(this.dataRoot);
    let pulled = false;
    for (;;) {
      try {
        return await this.docker.createContainer(this.containerSpec(run, mounted));
      } catch (err) {
        if (mounted !== undefined && /bind source path does not exist/i.test(dockerMessage(err))) {
          if (run.operation !== 'create') throw new NothingThere();
          if (mounted === '/') throw this.dockerFailure(run, 'create the helper container', err);
          mounted = path.posix.dirname(mounted);
          continue;
        }
        if (!pulled && statusOf(err) === 404 && /no such image/i.test(dockerMessage(err))) {
          await this.pullOnce();
          pulled = true;
          continue;
        }
        throw this.dockerFailure(run, 'create the helper container', err);
      }
    }
  }

  private containerSpec(run: ScriptRun, mounted: string | undefined): Dockerode.ContainerCreateOptions {
    const files = run.operation !== 'ports';
    return {
      // A dot: no server's container (zedops-<name>) can have one.
      name: `zedops-helper.${run.operation}.${crypto.randomBytes(4).toString('hex')}`,
      Image: this.helperImage,
      Entrypoint: ['/bin/sh', '-c', hostOpsScript, 'zedops-host-ops'],
      Cmd: [...run.args],
      User: '0:0',
      WorkingDir: '/',
      Labels: { [helperLabel]: 'true', [`${helperLabel}.operation`]: run.operation },
      Tty: false,
      OpenStdin: false,
      HostConfig: {
        NetworkMode: files ? 'none' : 'host',
        Mounts:
          mounted === undefined
            ? []
            : [
                {
                  Type: 'bind',
                  Source: mounted,
                  Target: mounted === '/' ? mountPrefix : mountPrefix + mounted,
                  ReadOnly: run.operation === 'status',
                },
              ],
        ReadonlyRootfs: true,
        Privileged: false,
        // Root in the container may read, write and delete what other users own, and nothing more.
        CapDrop: ['ALL'],
        CapAdd: files ? ['DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER'] : [],
        // label=disable: an SELinux host would otherwise keep the container out of an unlabelled folder.
        SecurityOpt: ['no-new-privileges', 'label=disable'],
        // Read back once the container has exited, whatever the host's default log driver is.
        LogConfig: { Type: 'json-file', Config: {} },
      },
    };
  }

  private async runToEnd(container: Dockerode.Container, run: ScriptRun): Promise<ScriptReply> {
    try {
      await container.start();
    } catch (err) {
      throw new HostOpsError(
        'io',
        `Could not ${run.task}: the helper image ${this.helperImage} cannot run the host-ops script ` +
          `(${dockerMessage(err)}). It needs /bin/sh; use ${defaultHelperImage} or set another helper image for the host.`,
        { cause: err },
      );
    }
    const waited = (await container.wait()) as { StatusCode?: number };
    const logs = await container.logs({ follow: true, stdout: true, stderr: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.demuxStream(logs, collect(stdout), collect(stderr));
      logs.on('end', resolve);
      logs.on('error', reject);
    });
    return {
      code: waited.StatusCode ?? null,
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
    };
  }

  /** Removes the helper, running or not; it must never outlive its operation. */
  private async discard(container: Dockerode.Container): Promise<void> {
    try {
      await container.remove({ force: true });
    } catch (err) {
      if (statusOf(err) === 404) return;
      this.log?.warn({ container: container.id, err: dockerMessage(err) }, 'could not remove a helper container');
    }
  }

  /** One pull at a time, shared by the operations that found the image missing. */
  private pullOnce(): Promise<void> {
    this.pulling ??= this.pull().finally(() => {
      this.pulling = undefined;
    });
    return this.pulling;
  }

  private async pull(): Promise<void> {
    const image = this.helperImage;
    this.log?.info({ image }, 'pulling the helper image');
    let stream: NodeJS.ReadableStream | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        (async () => {
          stream = await this.docker.pull(image);
          await new Promise<void>((resolve, reject) => {
            this.docker.modem.followProgress(
              stream as NodeJS.ReadableStream,
              (err: Error | null, events: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
                const failed = events?.find((e) => e.error);
                if (err) reject(err);
                else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
                else resolve();
              },
            );
          });
        })(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`it did not finish within ${seconds(this.pullTimeoutMs)}`)),
            this.pullTimeoutMs,
          );
        }),
      ]);
    } catch (err) {
      (stream as { destroy?: () => void } | undefined)?.destroy?.();
      throw new HostOpsError(
        'io',
        `Could not pull the helper image ${image} on the host (${dockerMessage(err)}). ZedOps runs host operations ` +
          'on a tls host in a short-lived container from this image: let the host reach its registry, load the ' +
          'image there (docker load), or set another helper image for the host.',
        { cause: err },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Once per connection: helpers left by a ZedOps that died mid-operation. Best effort. */
  private async sweepOnce(): Promise<void> {
    if (this.swept) return;
    this.swept = true;
    try {
      const leftovers = await this.docker.listContainers({
        all: true,
        filters: { label: [`${helperLabel}=true`], status: ['created', 'exited', 'dead'] },
      });
      const cutoff = (Date.now() - staleAfterMs) / 1000;
      for (const c of leftovers.filter((c) => c.Created < cutoff)) {
        await this.discard(this.docker.getContainer(c.Id));
      }
    } catch (err) {
      this.log?.debug({ err: dockerMessage(err) }, 'could not look for leftover helper containers');
    }
  }

  private dockerFailure(run: ScriptRun, step: string, err: unknown): HostOpsError {
    return new HostOpsError(
      'io',
      `Could not ${run.task}: Docker on the host could not ${step} (${dockerMessage(err)}). Check the host and try again.`,
      { cause: err },
    );
  }
}

function collect(into: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      into.push(chunk);
      done();
    },
  });
}

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number } | undefined)?.statusCode;
}

/** Docker's own sentence when it gave one, else the error's. */
function dockerMessage(err: unknown): string {
  const json = (err as { json?: { message?: unknown } } | undefined)?.json;
  if (json && typeof json.message === 'string') return json.message.trim();
  return err instanceof Error ? err.message : String(err);
}
