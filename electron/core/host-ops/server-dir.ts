import path from 'node:path';
import { serverNameSchema } from '../../shared/servers';
import { HostOpsError } from './host-ops';

/**
 * `<data root>/<name>`, once the name is a valid server name (so it cannot
 * climb out with `..` or `/`) and the root is absolute (a relative root would
 * depend on whatever folder ZedOps was started from). `paths` is the path
 * flavour of the host, which is POSIX for SSH and agent hosts even when
 * ZedOps runs on Windows.
 */
export function serverDir(dataRoot: string, name: string, paths: path.PlatformPath = path): string {
  const parsed = serverNameSchema.safeParse(name);
  if (!parsed.success) {
    const reason = parsed.error.issues[0]?.message ?? 'It is not a valid server name.';
    throw new HostOpsError('invalid', `"${name}" cannot be a server folder. ${reason}`);
  }
  return paths.join(checkedDataRoot(dataRoot, paths), name);
}

/** The data root without `.`, `..` or a trailing slash, once it is known to be absolute. */
export function checkedDataRoot(dataRoot: string, paths: path.PlatformPath = path): string {
  if (!paths.isAbsolute(dataRoot) || dataRoot.includes('\0')) {
    throw new HostOpsError(
      'invalid',
      `The data root "${dataRoot}" is not an absolute path. Set the host's data root to a full path such as /var/lib/zedops/servers.`,
    );
  }
  return paths.resolve(dataRoot);
}
