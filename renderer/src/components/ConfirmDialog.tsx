import { useEffect, useId, useRef, type ReactNode } from 'react';

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
 * A modal `<dialog>`: the browser traps focus, Escape cancels, and it is
 * named by its title. Focus starts on the first `data-autofocus` element (Cancel
 * unless the body has one), so Enter never destroys by accident.
 */
export function ConfirmDialog({ title, confirmLabel, canConfirm = true, onConfirm, onCancel, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (canConfirm) onConfirm();
        }}
      >
        <h2 id={titleId} className="confirm-dialog__title">
          {title}
        </h2>
        <div className="confirm-dialog__body">{children}</div>
        <div className="confirm-dialog__buttons">
          <button type="button" onClick={onCancel} data-autofocus>
            Cancel
          </button>
          <button type="submit" className="button--danger" disabled={!canConfirm}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
