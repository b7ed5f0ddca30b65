import { useState } from 'react';
import type { Host } from '../../../electron/shared/api';
import type { Server } from '../../../electron/shared/servers';
import { useClient } from '../client/client-context';
import { bulkCandidates, describeBulkResult, listNames } from '../fleet/bulk';
import { ConfirmDialog } from './ConfirmDialog';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

type Outcome = { ok: true; text: string } | { ok: false; text: string };

/** "Clean up failed (n)" and "Purge deleted (n)" for one host; each asks first and says what it did. */
export function HostBulkActions({ host, servers }: { host: Host; servers: Server[] }) {
  const client = useClient();
  const { failed, deleted } = bulkCandidates(servers, host.id);
  const [confirming, setConfirming] = useState<'cleanup' | 'purge' | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async (kind: 'cleanup' | 'purge') => {
    setConfirming(null);
    setBusy(true);
    setOutcome(null);
    try {
      const { purged } =
        kind === 'cleanup'
          ? await client.call('servers.cleanupFailed', { hostId: host.id })
          : await client.call('servers.purgeDeleted', { hostId: host.id });
      setOutcome({ ok: true, text: describeBulkResult(kind, purged) });
    } catch (err) {
      const what = kind === 'cleanup' ? 'clean up the failed servers' : 'purge the deleted servers';
      setOutcome({ ok: false, text: `Could not ${what} on ${host.name}: ${message(err)}` });
    } finally {
      setBusy(false);
    }
  };

  if (failed.length === 0 && deleted.length === 0 && !outcome) return null;
  return (
    <div className="host-bulk">
      <div className="host-bulk__buttons" role="group" aria-label={`Bulk actions for ${host.name}`}>
        {failed.length > 0 && (
          <button type="button" disabled={busy} onClick={() => setConfirming('cleanup')}>
            Clean up failed ({failed.length})
          </button>
        )}
        {deleted.length > 0 && (
          <button type="button" className="button--danger" disabled={busy} onClick={() => setConfirming('purge')}>
            Purge deleted ({deleted.length})
          </button>
        )}
      </div>
      {busy && <p className="host-bulk__note">Working…</p>}
      {outcome && (
        <div className={outcome.ok ? 'host-bulk__result' : 'server-card__alert'} role={outcome.ok ? 'status' : 'alert'}>
          <p>{outcome.text}</p>
          <button type="button" className="button--quiet" onClick={() => setOutcome(null)}>
            Dismiss
          </button>
        </div>
      )}
      {confirming === 'cleanup' && (
        <ConfirmDialog
          title={`Clean up ${failed.length} failed ${failed.length === 1 ? 'server' : 'servers'} on ${host.name}?`}
          confirmLabel="Clean up"
          onConfirm={() => void run('cleanup')}
          onCancel={() => setConfirming(null)}
        >
          <p>
            ZedOps forgets {listNames(failed.map((s) => s.name))}: their containers, settings and history go and their
            ports are released.
          </p>
          <p>Their world data on the host is kept.</p>
        </ConfirmDialog>
      )}
      {confirming === 'purge' && (
        <ConfirmDialog
          title={`Purge ${deleted.length} deleted ${deleted.length === 1 ? 'server' : 'servers'} on ${host.name}?`}
          confirmLabel="Purge all"
          onConfirm={() => void run('purge')}
          onCancel={() => setConfirming(null)}
        >
          <ul className="host-bulk__names">
            {deleted.map((s) => (
              <li key={s.id} className="mono">
                {s.name}
              </li>
            ))}
          </ul>
          <p>
            ZedOps forgets these servers and their world data on the host is removed for good. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
