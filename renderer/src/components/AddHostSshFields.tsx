import { defaultRemoteDockerSocket, type AddHostFieldOf } from './AddHostForm';
import { FormField } from './FormField';

/**
 * SSH: where to log in, with which key, and (the SSH kind) where Docker's
 * socket is on the host. A ZedOps agent reached through SSH uses the same
 * login, and its own socket instead of Docker's (AddHostAgentFields).
 */
export function AddHostSshFields({ field, kind = 'ssh' }: { field: AddHostFieldOf; kind?: 'ssh' | 'agent' }) {
  return (
    <>
      <FormField
        label="SSH address"
        {...field('sshAddress')}
        placeholder={kind === 'agent' ? 'ssh://root@203.0.113.10' : 'root@203.0.113.10'}
        hint={
          kind === 'agent'
            ? 'ssh://USER@HOST, or ssh://USER@HOST:PORT when sshd is not on port 22 (ssh:// may be left out), or a Host alias from ~/.ssh/config.'
            : 'USER@HOST, or USER@HOST:PORT when sshd is not on port 22, or a Host alias from ~/.ssh/config.'
        }
        inputClassName="mono"
      />
      <FormField
        label="Key file (optional)"
        {...field('identityFile')}
        placeholder="/home/you/.ssh/id_ed25519"
        hint="A private key, as a full path on the computer ZedOps runs on; ZedOps keeps a sealed copy in its catalog. Empty: the running ssh-agent, else the IdentityFile from ~/.ssh/config or ~/.ssh/id_*."
        inputClassName="mono"
      />
      <FormField
        label="Key passphrase (optional)"
        {...field('passphrase')}
        type="password"
        hint="Only if the key is protected by one. Kept sealed, never stored in plain text."
      />
      {kind === 'ssh' && (
        <FormField
          label="Docker socket on the host (optional)"
          {...field('dockerSocket')}
          placeholder={defaultRemoteDockerSocket}
          hint={`Where Docker listens on the host; empty: ${defaultRemoteDockerSocket}. The SSH user must be allowed to use it.`}
          inputClassName="mono"
        />
      )}
    </>
  );
}
