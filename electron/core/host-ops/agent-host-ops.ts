import type Docker from 'dockerode';
import { HostOpsError, type DataDirStatus, type HostOps, type HostOpsErrorKind, type ListeningPorts } from './host-ops';
import { serverDir } from './server-dir';
import path from 'node:path';

const kinds: readonly HostOpsErrorKind[] = ['invalid', 'unsafe', 'unsupported', 'io'];

/**
 * Host operations answered by the ZedOps agent on the host (`/zedops/v1/…`),
 * over the same link as its Docker proxy. The agent applies LocalHostOps' rules
 * on its own filesystem; its refusals come back as HostOpsErrors of the same kind.
 */
export class AgentHostOps implements HostOps {
  constructor(
    private readonly docker: Docker,
    readonly dataRoot: string,
  ) {}

  async dataDirStatus(name: string): Promise<DataDirStatus> {
    return this.call<DataDirStatus>('GET', this.dirPath(name));
  }

  async createDataDirs(name: string): Promise<{ bin: string; data: string }> {
    return this.call('POST', this.dirPath(name));
  }

  async removeDataDir(name: string): Promise<{ removed: boolean }> {
    return this.call('DELETE', this.dirPath(name));
  }

  async listeningPorts(): Promise<ListeningPorts> {
    const ports = await this.call<{ tcp: number[]; udp: number[] }>('GET', '/zedops/v1/ports');
    return { tcp: new Set(ports.tcp), udp: new Set(ports.udp) };
  }

  /** Checked here first, so a bad name never travels. */
  private dirPath(name: string): string {
    serverDir(this.dataRoot, name, path.posix);
    return `/zedops/v1/data-dirs/${encodeURIComponent(name)}`;
  }

  private call<T>(method: string, urlPath: string): Promise<T> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        { path: urlPath, method, options: {}, statusCodes: { 200: true, 201: true } },
        (err: unknown, data: unknown) => {
          if (!err) return resolve(data as T);
          const body = (err as { json?: { message?: unknown; kind?: unknown } }).json;
          if (body && typeof body.message === 'string') {
            const kind = kinds.includes(body.kind as HostOpsErrorKind) ? (body.kind as HostOpsErrorKind) : 'io';
            return reject(new HostOpsError(kind, body.message));
          }
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }
}
