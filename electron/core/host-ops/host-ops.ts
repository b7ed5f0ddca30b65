/** What is on disk for one server under a host's data root. */
export interface DataDirStatus {
  dir: string;
  exists: boolean;
  binExists: boolean;
  dataExists: boolean;
}

/** Ports with a socket bound on the host. */
export interface ListeningPorts {
  tcp: ReadonlySet<number>;
  udp: ReadonlySet<number>;
}

/**
 * A host's filesystem and sockets as core needs them. Implemented for this
 * machine (`LocalHostOps`) and later over SSH and by the agent, so it stays
 * small and async.
 *
 * Every implementation keeps to one rule for writes and deletes: they happen
 * only in `<data root>/<name>`, where the data root is a real folder (not a
 * symlink itself) and `<name>` is a real folder directly in it, so that
 * realpath(`<data root>/<name>`) is exactly realpath(`<data root>`)/`<name>`.
 * Anything else is refused with a `HostOpsError` and nothing is touched.
 */
export interface HostOps {
  readonly dataRoot: string;
  dataDirStatus(name: string): Promise<DataDirStatus>;
  /** Makes `<root>/<name>/bin` and `/data`, and the root itself when missing. */
  createDataDirs(name: string): Promise<{ bin: string; data: string }>;
  /** Deletes `<root>/<name>` and nothing else; symlinks inside it are removed, never followed. */
  removeDataDir(name: string): Promise<{ removed: boolean }>;
  listeningPorts(): Promise<ListeningPorts>;
}

export type HostOpsErrorKind =
  /** A bad server name or data root: nothing was tried. */
  | 'invalid'
  /** The path resolves outside the data root: refused, nothing touched. */
  | 'unsafe'
  /** This host cannot do it yet. */
  | 'unsupported'
  /** The filesystem said no (permissions, full disk, ...). */
  | 'io';

/** A host operation that failed or was refused; the message says why and what to do. */
export class HostOpsError extends Error {
  override name = 'HostOpsError';

  constructor(
    readonly kind: HostOpsErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
