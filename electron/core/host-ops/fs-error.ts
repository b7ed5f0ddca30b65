import { HostOpsError } from './host-ops';

/** Turns a filesystem failure into a sentence with the next step; `doing` reads like "create the folder". */
export function describeFsError(doing: string, target: string, err: unknown): HostOpsError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const failed = `Could not ${doing} ${target}`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new HostOpsError(
        'io',
        `${failed}: permission denied. Give the user running ZedOps access to the data root, or choose a data root it can write to.`,
        { cause: err },
      );
    case 'ENOSPC':
      return new HostOpsError('io', `${failed}: the disk is full. Free some space on the host and try again.`, {
        cause: err,
      });
    case 'EROFS':
      return new HostOpsError('io', `${failed}: the disk is read-only. Choose a data root on a writable disk.`, {
        cause: err,
      });
    case 'EEXIST':
    case 'ENOTDIR':
      return new HostOpsError('io', `${failed}: a file is in the way. Move it out of the data root and try again.`, {
        cause: err,
      });
    default: {
      const reason = code ?? (err instanceof Error ? err.message : String(err));
      return new HostOpsError('io', `${failed} (${reason}). Check the data root on the host and try again.`, {
        cause: err,
      });
    }
  }
}

/** Runs a filesystem call, rethrowing its failure as a readable `HostOpsError`. */
export async function withFsError<T>(doing: string, target: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw describeFsError(doing, target, err);
  }
}
