import type { Server } from '../../../electron/shared/servers';
import { ConfirmDialog } from './ConfirmDialog';

export function DeleteDialog({ server, onConfirm, onCancel }: { server: Server; onConfirm(): void; onCancel(): void }) {
  return (
    <ConfirmDialog title={`Delete ${server.name}?`} confirmLabel="Delete" onConfirm={onConfirm} onCancel={onCancel}>
      <p>
        {server.status === 'running' ? 'The server is stopped and its container removed' : 'Its container is removed'};
        its world data, settings and ports are kept until it is purged.
      </p>
      <p>You can restore it from “Show deleted” until then; deleted servers are purged automatically after a while.</p>
    </ConfirmDialog>
  );
}
