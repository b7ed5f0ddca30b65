import { ModalDialog } from './ModalDialog';
import { useState } from 'react';
import { useClient } from '../client/client-context';
import { FormField } from './FormField';

const defaultAddress = 'unix:///var/run/docker.sock';
const defaultDataRoot = '/var/lib/zedops/servers';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Adds a host ZedOps reaches through a Docker socket address. The host shows
 * up through the change feed, so closing is all a success needs to do.
 */
export function AddHostDialog({ onClose }: { onClose(): void }) {
  const client = useClient();
  const [name, setName] = useState('');
  const [address, setAddress] = useState(defaultAddress);
  const [dataRoot, setDataRoot] = useState(defaultDataRoot);
  const [registry, setRegistry] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canAdd = name.trim() !== '' && address.trim() !== '' && dataRoot.trim() !== '' && !submitting;

  const submit = async () => {
    if (!canAdd) return;
    setSubmitting(true);
    setError(null);
    try {
      await client.call('hosts.add', {
        name: name.trim(),
        kind: 'local',
        address: address.trim(),
        dataRoot: dataRoot.trim(),
        registry: registry.trim() || null,
      });
      onClose();
    } catch (err) {
      setError(message(err));
      setSubmitting(false);
    }
  };

  return (
    <ModalDialog
      title={'Add host'}
      className="server-dialog"
      noValidate
      onCancel={onClose}
      onSubmit={() => void submit()}
    >
      <fieldset className="server-dialog__fields" disabled={submitting}>
        <FormField label="Name" value={name} onChange={setName} hint="How ZedOps shows this host." data-autofocus />
        <FormField
          label="Docker socket address"
          value={address}
          onChange={setAddress}
          hint="A Docker socket on this computer, like unix:///var/run/docker.sock."
          inputClassName="mono"
        />
        <FormField
          label="Data root"
          value={dataRoot}
          onChange={setDataRoot}
          hint="Absolute path on the host; each server's world goes in a folder named after it."
          inputClassName="mono"
        />
        <FormField
          label="Registry"
          value={registry}
          onChange={setRegistry}
          hint="Optional: where this host pulls images from, if not Docker Hub."
          inputClassName="mono"
        />
      </fieldset>
      {submitting && <p aria-live="polite">Connecting to Docker…</p>}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="confirm-dialog__buttons">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button--primary" disabled={!canAdd}>
          Add host
        </button>
      </div>
    </ModalDialog>
  );
}
