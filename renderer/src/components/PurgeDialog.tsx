import { useId, useState } from 'react';
import type { Server } from '../../../electron/shared/servers';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  server: Server;
  /** Where its world lives on the host, when the host is known. */
  dataDir: string | null;
  onConfirm(opts: { keepData: boolean; confirmName: string }): void;
  onCancel(): void;
}

/** Purge is never one click: the server's name must be typed. */
export function PurgeDialog({ server, dataDir, onConfirm, onCancel }: Props) {
  const [typed, setTyped] = useState('');
  const [keepData, setKeepData] = useState(false);
  const nameId = useId();
  const where = dataDir ? ` (${dataDir})` : '';
  const dataSentence = !server.dataExists
    ? 'There is no world data on the host to remove.'
    : keepData
      ? `The world data on the host${where} will be kept.`
      : `The world data on the host${where} will be removed for good.`;
  return (
    <ConfirmDialog
      title={`Purge ${server.name}?`}
      confirmLabel="Purge"
      canConfirm={typed === server.name}
      onConfirm={() => onConfirm({ keepData, confirmName: typed })}
      onCancel={onCancel}
    >
      <p>
        ZedOps forgets this server: its container, settings and history go, and ports {server.gamePort},{' '}
        {server.udpPort} and {server.rconPort} are released. This cannot be undone.
      </p>
      <p className="purge-dialog__data" aria-live="polite">
        {dataSentence}
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={keepData} onChange={(e) => setKeepData(e.target.checked)} />
        Keep the world data
      </label>
      <label htmlFor={nameId} className="field-label">
        Type <strong className="mono">{server.name}</strong> to confirm
      </label>
      <input
        id={nameId}
        className="text-input mono"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        data-autofocus
      />
    </ConfirmDialog>
  );
}
