import { AddHostChoice, type Choice } from './AddHostChoice';
import { defaultHelperImage, type AddHostFieldOf, type TlsSource } from './AddHostForm';
import { FormField } from './FormField';

const sources: readonly Choice<TlsSource>[] = [
  { value: 'files', label: 'Certificate files' },
  { value: 'context', label: 'A Docker context' },
  { value: 'env', label: 'Docker’s environment' },
];

const onThisComputer = 'on the computer ZedOps runs on';

/** Remote Docker over mutual TLS: where it listens, where the certificates come from, and the helper image. */
export function AddHostTlsFields({
  source,
  onSourceChange,
  field,
}: {
  source: TlsSource;
  onSourceChange(source: TlsSource): void;
  field: AddHostFieldOf;
}) {
  return (
    <>
      <FormField
        label={source === 'files' ? 'Docker address' : 'Docker address (optional)'}
        {...field('tlsAddress')}
        placeholder="tcp://docker.example.com:2376"
        hint={
          source === 'files'
            ? 'Where Docker listens with TLS, like tcp://docker.example.com:2376 (2376 if no port is given).'
            : `Like tcp://docker.example.com:2376. Leave empty to take it from ${
                source === 'context' ? 'the context' : 'DOCKER_HOST'
              }.`
        }
        inputClassName="mono"
      />
      <AddHostChoice
        legend="Certificates from"
        layout="inline"
        value={source}
        options={sources}
        onChange={onSourceChange}
      />
      {source === 'files' && (
        <>
          <FormField
            label="CA certificate file"
            {...field('caFile')}
            placeholder="/home/you/.docker/ca.pem"
            hint={`The CA that signed the Docker host’s certificate (ca.pem), as a full path ${onThisComputer}.`}
            inputClassName="mono"
          />
          <FormField
            label="Client certificate file"
            {...field('certFile')}
            placeholder="/home/you/.docker/cert.pem"
            hint="The certificate ZedOps presents to Docker (cert.pem), signed by a CA the host trusts."
            inputClassName="mono"
          />
          <FormField
            label="Client key file"
            {...field('keyFile')}
            placeholder="/home/you/.docker/key.pem"
            hint="The client certificate’s private key (key.pem). ZedOps keeps a sealed copy in its catalog."
            inputClassName="mono"
          />
        </>
      )}
      {source === 'context' && (
        <FormField
          label="Docker context"
          {...field('context')}
          hint={`A context made with “docker context create”, from ~/.docker (or DOCKER_CONFIG) ${onThisComputer}.`}
          inputClassName="mono"
        />
      )}
      {source === 'env' && (
        <p className="field-hint add-host__note">
          ZedOps reads ca.pem, cert.pem and key.pem from the folder DOCKER_CERT_PATH names (or from ~/.docker when only
          DOCKER_TLS_VERIFY is set), as set where ZedOps was started. The Docker host’s certificate is always verified.
        </p>
      )}
      <FormField
        label="Helper image (optional)"
        {...field('helperImage')}
        placeholder={defaultHelperImage}
        hint={`Over TLS only Docker’s API is reachable, so ZedOps briefly runs this small image on the host to make data folders and read its listening ports. Empty: ${defaultHelperImage}; the host must have it or be able to pull it.`}
        inputClassName="mono"
      />
    </>
  );
}
