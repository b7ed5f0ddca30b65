import { AddHostChoice, type Choice } from './AddHostChoice';
import { defaultAgentSocket, type AddHostFieldOf, type AgentTransport } from './AddHostForm';
import { AddHostSshFields } from './AddHostSshFields';
import { FormField } from './FormField';

const transports: readonly Choice<AgentTransport>[] = [
  { value: 'ssh', label: 'Through SSH' },
  { value: 'tls', label: 'Over TLS' },
];

/**
 * A ZedOps agent: through SSH to its unix socket (no port open on the host;
 * the SSH fields and host key step of the SSH kind), or over mutual TLS with
 * the client bundle `zedops-agent certs init` made.
 */
export function AddHostAgentFields({
  transport,
  onTransportChange,
  field,
}: {
  transport: AgentTransport;
  onTransportChange(transport: AgentTransport): void;
  field: AddHostFieldOf;
}) {
  return (
    <>
      <AddHostChoice
        legend="Reach the agent"
        layout="inline"
        value={transport}
        options={transports}
        onChange={onTransportChange}
      />
      {transport === 'ssh' ? (
        <>
          <AddHostSshFields field={field} kind="agent" />
          <FormField
            label="Agent socket on the host (optional)"
            {...field('agentSocket')}
            placeholder={defaultAgentSocket}
            hint={`The agent’s unix socket (its --socket); empty: ${defaultAgentSocket}. The SSH user must be allowed to use it (root, or the zedops group).`}
            inputClassName="mono"
          />
        </>
      ) : (
        <>
          <FormField
            label="Agent address"
            {...field('agentTlsAddress')}
            placeholder="tls://game1.example.org:27701"
            hint="Where the agent listens with mutual TLS (its --listen), as tls://HOST:PORT."
            inputClassName="mono"
          />
          <p className="field-hint add-host__note">
            The three files of the client bundle that <code className="mono">zedops-agent certs init</code> wrote on the
            host (in its <code className="mono">client/</code> folder), copied to the computer ZedOps runs on.
          </p>
          <FormField
            label="CA certificate file"
            {...field('caFile')}
            placeholder="/home/you/zedops-agent/ca.pem"
            hint="ca.pem: the CA that signed the agent’s certificate, as a full path on the computer ZedOps runs on."
            inputClassName="mono"
          />
          <FormField
            label="Client certificate file"
            {...field('certFile')}
            placeholder="/home/you/zedops-agent/cert.pem"
            hint="cert.pem: the certificate ZedOps presents to the agent."
            inputClassName="mono"
          />
          <FormField
            label="Client key file"
            {...field('keyFile')}
            placeholder="/home/you/zedops-agent/key.pem"
            hint="key.pem: the client certificate’s private key. ZedOps keeps a sealed copy in its catalog."
            inputClassName="mono"
          />
        </>
      )}
    </>
  );
}
