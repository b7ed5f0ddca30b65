import { ModalDialog } from './ModalDialog';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  confirmLabel: string;
  /** False keeps the confirm button disabled (e.g. until a name is typed). */
  canConfirm?: boolean;
  onConfirm(): void;
  onCancel(): void;
  children: ReactNode;
}

/**
 * A question before something destructive. Focus starts on Cancel (unless
 * the body has its own `data-autofocus` field), so Enter never destroys by accident.
 */
export function ConfirmDialog({ title, confirmLabel, canConfirm = true, onConfirm, onCancel, children }: Props) {
  return (
    <ModalDialog title={title} onCancel={onCancel} onSubmit={() => canConfirm && onConfirm()}>
      <div className="confirm-dialog__body">{children}</div>
      <div className="confirm-dialog__buttons">
        <button type="button" onClick={onCancel} data-autofocus>
          Cancel
        </button>
        <button type="submit" className="button--danger" disabled={!canConfirm}>
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
