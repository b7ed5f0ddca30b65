import { ModalDialog } from './ModalDialog';
import { useEffect, useRef, useState } from 'react';
import { useClient } from '../client/client-context';
import { FormField } from './FormField';
import { AddHostChoice, type Choice } from './AddHostChoice';
import {
  addHostParamsOf,
  emptyAddHostForm,
  hasAddHostErrors,
  needsHostKey,
  progressText,
  validateAddHost,
  type AddHostField,
  type AddHostFieldOf,
  type AddHostForm,
  type AddHostKind,
} from './AddHostForm';
import { AddHostAgentFields } from './AddHostAgentFields';
import { AddHostKeyCheck, type CheckedHostKey } from './AddHostKeyCheck';
import { AddHostSshFields } from './AddHostSshFields';
import { AddHostTlsFields } from './AddHostTlsFields';
import './AddHostDialog.css';

const kinds: readonly Choice<AddHostKind>[] = [
  {
    value: 'local',
    label: 'This computer (Docker socket)',
    hint: 'Docker on the machine ZedOps runs on.',
  },
  {
    value: 'tls',
    label: 'Remote Docker over TLS',
    hint: 'Docker listening on tcp://HOST:2376 with client certificates.',
  },
  {
    value: 'ssh',
    label: 'SSH',
    hint: 'Log in over SSH and reach Docker’s socket there.',
  },
  {
    value: 'agent',
    label: 'ZedOps agent',
    hint: 'The agent on the host allows only what ZedOps needs: the least-privilege choice for hosts you own.',
  },
];

/** Field names as the labels say them, for "Still needed: …". */
const labelOf: Record<AddHostField, string> = {
  name: 'Name',
  dataRoot: 'Data root',
  registry: 'Registry',
  localAddress: 'Docker socket address',
  tlsAddress: 'Docker address',
  caFile: 'CA certificate file',
  certFile: 'Client certificate file',
  keyFile: 'Client key file',
  context: 'Docker context',
  helperImage: 'Helper image',
  sshAddress: 'SSH address',
  identityFile: 'Key file',
  passphrase: 'Key passphrase',
  dockerSocket: 'Docker socket on the host',
  agentSocket: 'Agent socket on the host',
  agentTlsAddress: 'Agent address',
  hostKey: 'Host key',
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Adds a host: this computer's Docker socket, a remote Docker over mutual
 * TLS, a host reached over SSH (whose host key the user checks and confirms
 * first), or a ZedOps agent (through SSH, with the same host key step, or
 * over mutual TLS). The host shows up through the change feed, so closing is
 * all a success needs to do.
 */
export function AddHostDialog({ onClose }: { onClose(): void }) {
  const client = useClient();
  const [form, setForm] = useState<AddHostForm>(emptyAddHostForm);
  const [touched, setTouched] = useState<ReadonlySet<AddHostField>>(new Set());
  const [hostKey, setHostKey] = useState<CheckedHostKey | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  // What the dialog is waiting on the core for, in words; null when it is not.
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const checkRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const buttonsRef = useRef<HTMLDivElement>(null);
  // Where focus goes once a host key check has finished and the dialog is enabled again.
  const focusAfterCheck = useRef<'confirm' | 'check' | null>(null);

  useEffect(() => {
    if (busy !== null || !focusAfterCheck.current) return;
    const target = focusAfterCheck.current === 'confirm' ? confirmRef.current : checkRef.current;
    focusAfterCheck.current = null;
    target?.focus();
  }, [busy, hostKey, error]);
  // The dialog scrolls: bring the core's answer (just above the buttons) into view.
  useEffect(() => {
    if (error) buttonsRef.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);

  const isSsh = needsHostKey(form);
  const keyCurrent = isSsh && hostKey !== null && hostKey.address === form.sshAddress.trim();
  const acceptHostKey = keyCurrent && confirmed ? hostKey.fingerprint : undefined;
  const errors = validateAddHost(form, acceptHostKey);
  const canCheck = isSsh && !errors.sshAddress && busy === null;
  const canAdd = !hasAddHostErrors(errors) && busy === null && (!isSsh || acceptHostKey !== undefined);
  // Problems of fields not touched yet are not shown beside them (no red before typing): name them here.
  const stillNeeded = (Object.keys(errors) as AddHostField[]).filter(
    (f) => f !== 'hostKey' && errors[f] && !touched.has(f),
  );

  const touch = (field: AddHostField) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
  const set = (field: Exclude<AddHostField, 'hostKey'>, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    touch(field);
    // The core's last answer was about what the form said then.
    setError(null);
    // A key read for another address says nothing about this one.
    if (field === 'sshAddress') {
      if (hostKey && hostKey.address !== value.trim()) {
        setHostKey(null);
        setConfirmed(false);
      }
    }
  };
  const field: AddHostFieldOf = (key) => ({
    value: form[key],
    onChange: (v) => set(key, v),
    // Leaving a field shows what is wrong with what was typed; an empty one waits (see stillNeeded).
    onBlur: () => form[key].trim() !== '' && touch(key),
    error: touched.has(key) ? (errors[key] ?? null) : null,
  });

  const checkHostKey = async () => {
    if (!canCheck) return;
    const address = form.sshAddress.trim();
    setBusy(`Reading the host key of ${address}…`);
    setError(null);
    setHostKey(null);
    setConfirmed(false);
    try {
      const key = await client.call('hosts.sshHostKey', { address });
      // Stored with its address: shown (and confirmable) only while the address is still that one.
      setHostKey({ ...key, address });
      // The next thing to do is to compare and confirm: go there.
      focusAfterCheck.current = 'confirm';
    } catch (err) {
      setError(message(err));
      focusAfterCheck.current = 'check';
    } finally {
      setBusy(null);
    }
  };

  const add = async () => {
    if (!canAdd) return;
    setBusy(progressText(form));
    setError(null);
    try {
      await client.call('hosts.add', addHostParamsOf(form, acceptHostKey));
      onClose();
    } catch (err) {
      setError(message(err));
      setBusy(null);
    }
  };

  return (
    <ModalDialog
      title={'Add host'}
      className="server-dialog add-host-dialog"
      noValidate
      onCancel={onClose}
      onSubmit={() => void add()}
    >
      <fieldset className="server-dialog__fields" disabled={busy !== null}>
        <FormField label="Name" {...field('name')} hint="How ZedOps shows this host." data-autofocus />
        <AddHostChoice
          legend="Connection"
          value={form.kind}
          options={kinds}
          onChange={(kind) => {
            setForm((f) => ({ ...f, kind }));
            setError(null);
          }}
        />
        {form.kind === 'local' && (
          <FormField
            label="Docker socket address"
            {...field('localAddress')}
            hint="A Docker socket on this computer, like unix:///var/run/docker.sock."
            inputClassName="mono"
          />
        )}
        {form.kind === 'tls' && (
          <AddHostTlsFields
            source={form.tlsSource}
            onSourceChange={(tlsSource) => {
              setForm((f) => ({ ...f, tlsSource }));
              setError(null);
            }}
            field={field}
          />
        )}
        {form.kind === 'ssh' && <AddHostSshFields field={field} />}
        {form.kind === 'agent' && (
          <AddHostAgentFields
            transport={form.agentTransport}
            onTransportChange={(agentTransport) => {
              setForm((f) => ({ ...f, agentTransport }));
              setError(null);
            }}
            field={field}
          />
        )}
        <FormField
          label="Data root"
          {...field('dataRoot')}
          hint={
            form.kind === 'local'
              ? 'Absolute path on this computer; each server’s world goes in a folder named after it.'
              : form.kind === 'agent'
                ? 'Absolute path on the host: the agent’s own data root (its --data-root), the only place it lets servers keep files.'
                : 'Absolute path on the remote host; each server’s world goes in a folder named after it.'
          }
          inputClassName="mono"
        />
        <FormField
          label="Registry"
          {...field('registry')}
          hint="Optional: where this host pulls images from, if not Docker Hub."
          inputClassName="mono"
        />
        {isSsh && (
          <AddHostKeyCheck
            hostKey={keyCurrent ? hostKey : null}
            confirmed={confirmed}
            onConfirmedChange={setConfirmed}
            onCheck={() => void checkHostKey()}
            canCheck={canCheck}
            error={errors.hostKey ?? null}
            checkRef={checkRef}
            confirmRef={confirmRef}
          />
        )}
      </fieldset>
      {/* Always there, so screen readers announce the text when it appears. */}
      <p className="add-host-dialog__progress" role="status" aria-live="polite">
        {busy}
      </p>
      {stillNeeded.length > 0 && busy === null && (
        <p className="field-hint add-host-dialog__needed">
          Still needed: {stillNeeded.map((f) => labelOf[f]).join(', ')}.
        </p>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div ref={buttonsRef} className="confirm-dialog__buttons">
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
