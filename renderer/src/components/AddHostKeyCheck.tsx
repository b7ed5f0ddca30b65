import { useId, type Ref } from 'react';
import type { MethodResult } from '../../../electron/shared/api';
import { hostKeyFileFor } from './AddHostForm';

/** The key a host presented, and the address it was read for. */
export type CheckedHostKey = MethodResult<'hosts.sshHostKey'> & { address: string };

interface Props {
  hostKey: CheckedHostKey | null;
  confirmed: boolean;
  onConfirmedChange(confirmed: boolean): void;
  onCheck(): void;
  /** False while the address is not valid, or while the dialog waits on the core. */
  canCheck: boolean;
  /** A problem with the fingerprint itself (it does not look like one). */
  error: string | null;
  checkRef: Ref<HTMLButtonElement>;
  confirmRef: Ref<HTMLInputElement>;
}

/**
 * First use of an SSH host: ZedOps reads the key the host presents, the user
 * compares its fingerprint with the host's own and says it is the right one.
 * Only then can the host be added (with that fingerprint as acceptHostKey).
 */
export function AddHostKeyCheck({
  hostKey,
  confirmed,
  onConfirmedChange,
  onCheck,
  canCheck,
  error,
  checkRef,
  confirmRef,
}: Props) {
  const id = useId();
  const blockId = `${id}-key`;
  const howId = `${id}-how`;
  const errorId = `${id}-error`;
  return (
    <section className="add-host-key" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="server-dialog__section">
        Host key
      </h3>
      {!hostKey && (
        <p className="field-hint">
          Before ZedOps logs in, make sure it reaches the right machine: it reads the key the host presents, and you
          compare its fingerprint with the one the host itself reports.
        </p>
      )}
      <button ref={checkRef} type="button" onClick={onCheck} disabled={!canCheck}>
        {hostKey ? 'Check again' : 'Check host key'}
      </button>
      {hostKey && (
        <>
          <dl id={blockId} className="add-host-key__block mono" aria-label="Host key presented">
            <dt>Host</dt>
            <dd>{hostKey.host}</dd>
            <dt>Port</dt>
            <dd>{hostKey.port}</dd>
            <dt>Key type</dt>
            <dd>{hostKey.keyType}</dd>
            <dt>Fingerprint</dt>
            <dd className="add-host-key__fingerprint">{hostKey.fingerprint}</dd>
          </dl>
          <div id={howId} className="add-host-key__how">
            <p>On the host itself, from a console you already trust, run:</p>
            <code className="mono add-host-key__command">ssh-keygen -lf {hostKeyFileFor(hostKey.keyType)}</code>
            <p>
              The SHA256 fingerprint it prints must be exactly the one above. If it is not, do not go on: something may
              be standing between you and the host.
            </p>
          </div>
          <label className="checkbox add-host-key__confirm">
            <input
              ref={confirmRef}
              type="checkbox"
              checked={confirmed}
              onChange={(e) => onConfirmedChange(e.target.checked)}
              aria-describedby={[error ? errorId : null, blockId, howId].filter(Boolean).join(' ')}
              aria-invalid={!!error}
            />
            This is the right key
          </label>
          {error && (
            <p id={errorId} className="field-error">
              {error}
            </p>
          )}
          {!confirmed && <p className="field-hint">Add host stays off until you confirm the key.</p>}
        </>
      )}
    </section>
  );
}
