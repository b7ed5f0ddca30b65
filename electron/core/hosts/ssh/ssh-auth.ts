import fs from 'node:fs';
import path from 'node:path';
import type { SshAuth } from './ssh-session';
import { describeSshTarget, SshSetupError, type SshTarget } from './ssh-target';

/** The key files ssh tries when ~/.ssh/config names none, in ssh's order. */
export const DEFAULT_IDENTITY_FILES = ['id_rsa', 'id_ecdsa', 'id_ed25519'] as const;

/**
 * What to log in with, as ssh would pick it: the first key file that exists (the config's
 * IdentityFiles, else ~/.ssh/id_rsa, id_ecdsa, id_ed25519) and the ssh-agent, when there is one.
 * Either may be missing, not both.
 */
export function loadSshAuth(
  target: SshTarget,
  options: { homeDir: string; passphrase?: string; readFile?: (file: string) => Buffer },
): SshAuth {
  const readFile = options.readFile ?? ((file: string) => fs.readFileSync(file));
  const candidates =
    target.identityFiles.length > 0
      ? target.identityFiles
      : DEFAULT_IDENTITY_FILES.map((name) => path.join(options.homeDir, '.ssh', name));
  const auth: SshAuth = {};
  for (const file of candidates) {
    let content: Buffer;
    try {
      content = readFile(file);
    } catch {
      continue; // like ssh: a missing key file is skipped
    }
    auth.privateKey = content;
    auth.privateKeyLabel = file;
    if (options.passphrase !== undefined) auth.passphrase = options.passphrase;
    break;
  }
  if (target.identityAgent) auth.agentSocket = target.identityAgent;
  if (auth.privateKey === undefined && auth.agentSocket === undefined) {
    throw new SshSetupError(
      `No SSH key for ${describeSshTarget(target)}: none of ${candidates.join(', ')} can be read, ` +
        'and no ssh-agent is running (SSH_AUTH_SOCK is not set).',
    );
  }
  return auth;
}
