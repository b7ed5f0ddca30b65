import { z } from 'zod';
import type { HostRecord } from '../catalog/hosts-repo';
import { defaultHelperImage } from '../host-ops/helper-container-host-ops';
import type { SecretCipher } from '../secrets/secret-cipher';

/**
 * What the catalog keeps to reach a remote host. Public parts (addresses,
 * certificates, the confirmed host key) go in the host's `settings`; private
 * keys and passphrases only in its sealed secret, through the secret cipher.
 */

export const defaultRemoteDockerSocket = '/var/run/docker.sock';

export const tlsSettingsSchema = z.object({
  tls: z.object({
    /** PEM of the CA that signed the Docker host's certificate, and of our client certificate. */
    ca: z.string(),
    cert: z.string(),
    /** Where they came from, for messages: "files", "DOCKER_CERT_PATH", "context NAME". */
    source: z.string(),
  }),
  helperImage: z.string().default(defaultHelperImage),
});
export type TlsSettings = z.infer<typeof tlsSettingsSchema>;

export const sshSettingsSchema = z.object({
  ssh: z.object({
    host: z.string(),
    port: z.number().int(),
    username: z.string(),
    /** The ~/.ssh/config Host alias the user typed, if any. */
    alias: z.string().optional(),
    dockerSocket: z.string(),
    /** The host key fingerprint the user confirmed. */
    hostKey: z.string(),
    /** `key`: a private key kept sealed in the catalog; `agent`: the running ssh-agent. */
    auth: z.enum(['key', 'agent']),
    /** An agent socket named by the config's IdentityAgent; else SSH_AUTH_SOCK at connect time. */
    agentSocket: z.string().optional(),
  }),
});
export type SshSettings = z.infer<typeof sshSettingsSchema>;

/** Where the agent listens when none is named: its systemd unit's RuntimeDirectory. */
export const defaultAgentSocket = '/run/zedops/agent.sock';

/**
 * An agent host: reached through SSH to the agent's unix socket (`ssh`, whose
 * `dockerSocket` is then the agent's socket) or over mutual TLS with the client
 * bundle `zedops-agent certs init` made (`tls`).
 */
export const agentSettingsSchema = z.object({
  agent: z.object({ transport: z.enum(['ssh', 'tls']) }),
  ssh: sshSettingsSchema.shape.ssh.optional(),
  tls: tlsSettingsSchema.shape.tls.optional(),
});
export type AgentSettings = z.infer<typeof agentSettingsSchema>;

export const hostSecretSchema = z
  .object({
    tlsKey: z.string().optional(),
    privateKey: z.string().optional(),
    passphrase: z.string().optional(),
  })
  .strict();
export type HostSecret = z.infer<typeof hostSecretSchema>;

/** The secret as the catalog's `secret_ref` column holds it: base64 of the sealed JSON. */
export function sealHostSecret(cipher: SecretCipher, secret: HostSecret): string {
  return cipher.encrypt(JSON.stringify(secret)).toString('base64');
}

export function unsealHostSecret(cipher: SecretCipher, host: HostRecord): HostSecret {
  if (!host.secretRef) return {};
  const json: unknown = JSON.parse(cipher.decrypt(Buffer.from(host.secretRef, 'base64')));
  return hostSecretSchema.parse(json);
}

export function tlsSettingsOf(host: HostRecord): TlsSettings {
  const parsed = tlsSettingsSchema.safeParse(host.settings);
  if (!parsed.success) throw new Error(`Host "${host.name}" has no usable TLS settings in the catalog; add it again.`);
  return parsed.data;
}

export function agentSettingsOf(host: HostRecord): AgentSettings {
  const parsed = agentSettingsSchema.safeParse(host.settings);
  const ok =
    parsed.success &&
    (parsed.data.agent.transport === 'ssh' ? parsed.data.ssh !== undefined : parsed.data.tls !== undefined);
  if (!ok) throw new Error(`Host "${host.name}" has no usable agent settings in the catalog; add it again.`);
  return parsed.data;
}

export function sshSettingsOf(host: HostRecord): SshSettings {
  const parsed = sshSettingsSchema.safeParse(host.settings);
  if (!parsed.success) throw new Error(`Host "${host.name}" has no usable SSH settings in the catalog; add it again.`);
  return parsed.data;
}
