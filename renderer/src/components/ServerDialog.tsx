import { ModalDialog } from './ModalDialog';
import { useEffect, useId, useRef, useState } from 'react';
import type { PortConflict } from '../../../electron/shared/servers';
import { useClient } from '../client/client-context';
import {
  createParams,
  defaultHost,
  defaultImage,
  emptyForm,
  formFromServer,
  hasErrors,
  portFields,
  retryParams,
  validateForm,
  validPorts,
  type FormMode,
  type PortField,
  type ServerForm,
} from '../server-form/server-form';
import { useHostsStore } from '../store/hosts-store';
import { EnvRowsEditor } from './EnvRowsEditor';
import { FormField } from './FormField';
import { usePortCheck } from './use-port-check';
import { useOperationWatch } from './use-operation-watch';

const roleField: Record<PortConflict['role'], PortField> = { game: 'gamePort', udp: 'udpPort', rcon: 'rconPort' };
const portLabel: Record<PortField, string> = { gamePort: 'Game port', udpPort: 'UDP port', rconPort: 'RCON port' };
const portHint: Record<PortField, string> = {
  gamePort: 'UDP, for players.',
  udpPort: 'UDP, direct connections.',
  rconPort: 'TCP, on 127.0.0.1 only.',
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Create server and Edit & Retry: one modal form. Retry starts from the failed
 * server (host and name fixed) and sends only what changed.
 */
export function ServerDialog({ mode, onClose }: { mode: FormMode; onClose(): void }) {
  const client = useClient();
  const hosts = useHostsStore((s) => s.hosts);
  const hostFieldId = useId();
  const retrying = mode.kind === 'retry' ? mode.server : null;
  const [form, setForm] = useState<ServerForm>(() => {
    if (retrying) return formFromServer(retrying);
    const host = defaultHost(hosts);
    return emptyForm(host?.id ?? '', defaultImage(host));
  });
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [imageEdited, setImageEdited] = useState(false);
  // A suggestion that arrives after the user typed a port must not overwrite it.
  const portsEdited = useRef(false);
  const [suggestError, setSuggestError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { progress, watch, stop, startedId } = useOperationWatch(client);
  const [advancedOpen] = useState(form.rows.length > 0);

  const errors = validateForm(form, mode);
  const ports = validPorts(form);
  const conflicts = usePortCheck(client, form.hostId, ports, retrying?.id, submitting);
  const conflictOf = (f: PortField) =>
    conflicts
      .filter((c) => roleField[c.role] === f)
      .map((c) => c.message)
      .join(' ') || null;
  const invalid = hasErrors(errors) || conflicts.length > 0;

  // Create: suggest free ports for the chosen host when the dialog opens and whenever the host changes.
  const hostId = form.hostId;
  useEffect(() => {
    if (retrying || hostId === '') return;
    let current = true;
    client
      .call('ports.suggest', { hostId })
      .then((p) => {
        if (!current || portsEdited.current) return;
        setSuggestError(null);
        setForm((f) => ({
          ...f,
          gamePort: String(p.gamePort),
          udpPort: String(p.udpPort),
          rconPort: String(p.rconPort),
        }));
      })
      .catch((err: unknown) => current && setSuggestError(`Could not suggest ports: ${message(err)}`));
    return () => {
      current = false;
    };
  }, [client, hostId, retrying]);

  const set = <K extends keyof ServerForm>(key: K, value: ServerForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setTouched((t) => new Set(t).add(key));
  };
  const shown = (key: keyof typeof errors) => {
    const e = errors[key];
    return touched.has(key) && typeof e === 'string' ? e : null;
  };

  const onHostChange = (id: string) => {
    const host = hosts.find((h) => h.id === id);
    portsEdited.current = false;
    setForm((f) => ({ ...f, hostId: id, image: imageEdited ? f.image : defaultImage(host) }));
  };

  const submit = async () => {
    if (invalid || submitting) return;
    setSubmitting(true);
    setError(null);
    watch(retrying ? { serverId: retrying.id } : { hostId: form.hostId, name: form.name });
    try {
      if (retrying) await client.call('servers.retry', retryParams(form, retrying));
      else await client.call('servers.create', createParams(form));
      stop();
      onClose();
    } catch (err) {
      stop();
      // Once the operation got going, a failure leaves the server failed and its card says why (with Edit & Retry).
      const id = startedId();
      const now = id ? await client.call('servers.get', { serverId: id }).catch(() => undefined) : undefined;
      if (now?.status === 'failed') {
        onClose();
        return;
      }
      setError(message(err));
      setSubmitting(false);
    }
  };

  const title = retrying ? `Edit & Retry ${retrying.name}` : 'Create server';
  const verb = retrying ? 'Retrying' : 'Creating';
  const rconHint = retrying
    ? `Leave empty to keep the stored one (RCON is ${retrying.rconEnabled ? 'on' : 'off'}).`
    : 'Optional. Without it RCON stays off.';

  return (
    <ModalDialog title={title} className="server-dialog" noValidate onCancel={onClose} onSubmit={() => void submit()}>
      <fieldset className="server-dialog__fields" disabled={submitting}>
        <div className="form-field">
          <label htmlFor={hostFieldId} className="field-label">
            Host
          </label>
          <select
            id={hostFieldId}
            className="text-input"
            value={form.hostId}
            disabled={!!retrying}
            onChange={(e) => onHostChange(e.target.value)}
          >
            {hosts.length === 0 && <option value="">No hosts</option>}
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
                {h.status === 'online' ? '' : ` (${h.status})`}
              </option>
            ))}
          </select>
        </div>
        <FormField
          label="Name"
          value={form.name}
          onChange={(v) => set('name', v)}
          error={shown('name')}
          readOnly={!!retrying}
          hint={retrying ? 'The name cannot change: it names the container and the data folder.' : undefined}
          data-autofocus={retrying ? undefined : true}
          inputClassName="mono"
        />
        <FormField
          label="Image"
          value={form.image}
          onChange={(v) => {
            setImageEdited(true);
            set('image', v);
          }}
          error={shown('image')}
          data-autofocus={retrying ? true : undefined}
        />
        <div className="server-dialog__ports">
          {portFields.map((f) => (
            <FormField
              key={f}
              label={portLabel[f]}
              value={form[f]}
              onChange={(v) => {
                portsEdited.current = true;
                set(f, v);
              }}
              inputMode="numeric"
              hint={portHint[f]}
              error={shown(f)}
              conflict={conflictOf(f)}
            />
          ))}
        </div>
        {suggestError && <p className="field-error">{suggestError}</p>}
        <FormField
          label="Admin password"
          type="password"
          value={form.adminPassword}
          onChange={(v) => set('adminPassword', v)}
          error={shown('adminPassword')}
          hint={retrying ? 'Leave empty to keep the stored one.' : 'Required: the in-game admin account uses it.'}
          autoComplete="new-password"
        />
        <FormField
          label="RCON password"
          type="password"
          value={form.rconPassword}
          onChange={(v) => set('rconPassword', v)}
          error={shown('rconPassword')}
          hint={rconHint}
          autoComplete="new-password"
        />
        <h3 className="server-dialog__section">Game settings</h3>
        <FormField
          label="Public name"
          value={form.publicName}
          onChange={(v) => set('publicName', v)}
          placeholder={form.name || 'the server name'}
        />
        <FormField
          label="Max players"
          value={form.maxPlayers}
          onChange={(v) => set('maxPlayers', v)}
          inputMode="numeric"
          placeholder="image default"
          error={shown('maxPlayers')}
          hint="1 to 100."
        />
        <label className="checkbox server-dialog__checkbox">
          <input
            type="checkbox"
            checked={form.publicListing}
            onChange={(e) => set('publicListing', e.target.checked)}
          />
          List publicly in the in-game server browser
        </label>
        <FormField
          label="Mods: Steam Workshop IDs"
          value={form.modIds}
          onChange={(v) => set('modIds', v)}
          placeholder="2169435993;2392709985"
          error={shown('modIds')}
          hint="Separated by semicolons."
          inputClassName="mono"
        />
        <details className="server-dialog__advanced" open={advancedOpen}>
          <summary>Advanced: more environment variables</summary>
          <EnvRowsEditor rows={form.rows} errors={errors.rows} onChange={(rows) => set('rows', rows)} />
          {errors.env && <p className="field-error">{errors.env}</p>}
        </details>
      </fieldset>
      {submitting && (
        <div className="server-dialog__progress">
          <progress aria-label={`${verb} ${form.name}`} max={1} value={progress?.fraction ?? undefined} />
          <p aria-live="polite">{progress?.message ?? `${verb}…`}</p>
        </div>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="confirm-dialog__buttons">
        <button type="button" onClick={onClose}>
          {submitting ? 'Close' : 'Cancel'}
        </button>
        <button type="submit" disabled={invalid || submitting}>
          {retrying ? 'Retry' : 'Create'}
        </button>
      </div>
    </ModalDialog>
  );
}
