import { HostOpsError } from './host-ops';

/**
 * The refusals of the one rule in `host-ops.ts`, worded once so that every
 * implementation (local, SSH, helper container) says the same thing.
 */
export const onlyInside =
  'ZedOps only writes and deletes in real folders directly in a data root that is itself a real folder, so nothing was changed.';

export function rootIsSymlink(root: string, target: string): HostOpsError {
  return new HostOpsError(
    'unsafe',
    `The data root ${root} is a symlink to ${target}. ${onlyInside} Set the host's data root to ${target} ` +
      'if the servers live there.',
  );
}

export function rootIsFile(root: string): HostOpsError {
  return new HostOpsError(
    'unsafe',
    `The data root ${root} is a file, not a folder. Move it away or choose another data root.`,
  );
}

export function dirIsSymlink(dir: string, target: string): HostOpsError {
  return new HostOpsError(
    'unsafe',
    `${dir} is a symlink to ${target}, not a folder of its own. ${onlyInside} Check what the link points to, ` +
      'and remove the link yourself if that data is no longer needed.',
  );
}

export function dirIsFile(dir: string): HostOpsError {
  return new HostOpsError(
    'unsafe',
    `${dir} is a file, not a server folder, so ZedOps left it alone. Move or delete it yourself, then try again.`,
  );
}

export function dirResolvesElsewhere(dir: string, realDir: string, expected: string): HostOpsError {
  return new HostOpsError(
    'unsafe',
    `${dir} resolves to ${realDir}, not ${expected}. ${onlyInside} Check the links on that path.`,
  );
}

/** What `realpath` of a dangling symlink is shown as. */
export const missingTarget = 'a path that does not exist';
