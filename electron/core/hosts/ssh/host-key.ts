import crypto from 'node:crypto';

/** OpenSSH's fingerprint of a raw host key (the SSH wire blob): `SHA256:` and unpadded base64, as `ssh-keygen -lf` prints it. */
export function fingerprintOf(rawKey: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(rawKey).digest('base64').replace(/=+$/, '')}`;
}

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** True for an OpenSSH SHA-256 fingerprint (`SHA256:` and 43 characters of unpadded base64). */
export function isFingerprint(text: string): boolean {
  return typeof text === 'string' && FINGERPRINT.test(text);
}

/** A fingerprint as compared: trimmed, base64 padding dropped. Undefined when the text is not one. */
export function normalizeFingerprint(text: string): string | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim().replace(/=+$/, '');
  return isFingerprint(trimmed) ? trimmed : undefined;
}

/** The key type named at the start of a raw key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, ...). */
export function keyTypeOf(rawKey: Buffer): string {
  if (rawKey.length < 4) return 'unknown';
  const length = rawKey.readUInt32BE(0);
  if (length === 0 || length > 64 || rawKey.length < 4 + length) return 'unknown';
  return rawKey.subarray(4, 4 + length).toString('latin1');
}

/** The host key file whose fingerprint `ssh-keygen -lf` prints for a key type, on a usual OpenSSH host. */
export function hostKeyFileFor(keyType: string | undefined): string {
  if (keyType?.startsWith('ecdsa-')) return '/etc/ssh/ssh_host_ecdsa_key.pub';
  if (keyType === 'ssh-rsa' || keyType?.startsWith('rsa-')) return '/etc/ssh/ssh_host_rsa_key.pub';
  return '/etc/ssh/ssh_host_ed25519_key.pub';
}

export type SshHostKeyErrorKind = 'unknown' | 'changed';

/**
 * The host presented a key ZedOps may not trust: not confirmed yet (`unknown`), or not the one confirmed
 * before (`changed`). ZedOps did not authenticate and sent nothing to the host.
 */
export class SshHostKeyError extends Error {
  override name = 'SshHostKeyError';
  readonly kind: SshHostKeyErrorKind;
  /** `user@host:port`. */
  readonly host: string;
  /** What the server presented. */
  readonly fingerprint: string;
  /** What was confirmed before, for `changed`. */
  readonly expected?: string;
  readonly keyType?: string;

  constructor(init: {
    kind: SshHostKeyErrorKind;
    host: string;
    fingerprint: string;
    expected?: string;
    keyType?: string;
  }) {
    super(messageFor(init));
    this.kind = init.kind;
    this.host = init.host;
    this.fingerprint = init.fingerprint;
    if (init.expected !== undefined) this.expected = init.expected;
    if (init.keyType !== undefined) this.keyType = init.keyType;
  }
}

function messageFor(init: {
  kind: SshHostKeyErrorKind;
  host: string;
  fingerprint: string;
  expected?: string;
  keyType?: string;
}): string {
  const check = `ssh-keygen -lf ${hostKeyFileFor(init.keyType)}`;
  if (init.kind === 'unknown') {
    return (
      `The SSH host key of ${init.host} is not known yet. Its fingerprint is ${init.fingerprint}. ` +
      `Check it (on the host: \`${check}\`) and confirm it (CLI: --accept-host-key ${init.fingerprint}).`
    );
  }
  return (
    `The SSH host key of ${init.host} has CHANGED: it was ${init.expected ?? 'another key'}, ` +
    `and the host now presents ${init.fingerprint}. This may mean someone is intercepting the connection, ` +
    `or that the host was reinstalled or its keys were regenerated. ZedOps refused to connect. ` +
    `If the change is expected, check the new fingerprint on the host (\`${check}\`) and confirm it ` +
    `(CLI: --accept-host-key ${init.fingerprint}).`
  );
}
