import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Host, HostTest } from '../../../electron/shared/api';
import { useClient } from '../client/client-context';
import { ModalDialog } from './ModalDialog';
import './HostTestDialog.css';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

type TestState = { phase: 'running' } | { phase: 'done'; result: HostTest } | { phase: 'failed'; error: string };

function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

/**
 * `hosts.test` for one host: connects and says what works (Docker version,
 * round trip, each host operation). Only reads; nothing on the host changes.
 */
export function HostTestDialog({ host, onClose }: { host: Host; onClose(): void }) {
  const client = useClient();
  const [state, setState] = useState<TestState>({ phase: 'running' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    client
      .call('hosts.test', { hostId: host.id })
      .then((result) => current && setState({ phase: 'done', result }))
      .catch((err: unknown) => current && setState({ phase: 'failed', error: message(err) }));
    return () => {
      current = false;
    };
  }, [client, host.id, attempt]);

  const again = () => {
    setState({ phase: 'running' });
    setAttempt((a) => a + 1);
  };

  const running = state.phase === 'running';
  return (
    <ModalDialog
      title={`Test connection: ${host.name}`}
      className="server-dialog host-test"
      onCancel={onClose}
      onSubmit={onClose}
    >
      <p className="host-test__address">
        <span className="mono">{host.address}</span>
      </p>
      <div aria-live="polite">
        {running && <p className="host-test__progress">Connecting to {host.name} and trying each operation…</p>}
        {state.phase === 'done' && <HostTestResult result={state.result} />}
      </div>
      {state.phase === 'failed' && (
        <div className="notice notice--error host-test__error" role="alert">
          <p>
            <strong>The connection test failed.</strong>
          </p>
          <p>{state.error}</p>
        </div>
      )}
      <div className="confirm-dialog__buttons">
        <button type="button" onClick={again} disabled={running}>
          Test again
        </button>
        <button type="submit" className="button--primary" data-autofocus>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

function HostTestResult({ result }: { result: HostTest }) {
  const unavailable = result.operations.filter((o) => !o.available).length;
  return (
    <>
      <p className="host-test__summary">
        {unavailable === 0
          ? 'Connected: everything ZedOps needs works.'
          : `Connected, but ${unavailable} ${unavailable === 1 ? 'operation is' : 'operations are'} not available.`}
      </p>
      <dl className="facts host-test__facts">
        <dt>Docker</dt>
        <dd>
          Docker {result.dockerVersion} (API {result.apiVersion})
        </dd>
        <dt>Round trip</dt>
        <dd>{formatMs(result.rttMs)}</dd>
      </dl>
      <table className="host-test__ops">
        <caption className="visually-hidden">Operations</caption>
        <thead>
          <tr>
            <th scope="col">Operation</th>
            <th scope="col">Available</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {result.operations.map((o) => (
            <tr key={o.name} className={o.available ? 'is-available' : 'is-unavailable'}>
              <th scope="row">{o.name}</th>
              <td className="host-test__availability">
                <span aria-hidden="true">{o.available ? '✓' : '✗'}</span> {o.available ? 'Yes' : 'No'}
              </td>
              <td className="host-test__detail">{o.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The host header's "Test connection" button and the dialog it opens (outside the card, in the body). */
export function HostTestButton({ host }: { host: Host }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="host-test__button" onClick={() => setOpen(true)}>
        Test connection
      </button>
      {open && createPortal(<HostTestDialog host={host} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}
