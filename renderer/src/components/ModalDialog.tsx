import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  title: ReactNode;
  /** Extra class beside `confirm-dialog`, e.g. `server-dialog` for the wider forms. */
  className?: string;
  /** Leave validation to the form's own messages instead of the browser's bubbles. */
  noValidate?: boolean;
  onCancel(): void;
  onSubmit(): void;
  children: ReactNode;
}

/**
 * Every dialog of the app: a modal `<dialog>` (the browser traps focus,
 * Escape cancels), named by its title, with a form whose submit is ours.
 * Focus starts on the first `data-autofocus` element inside.
 */
export function ModalDialog({ title, className, noValidate, onCancel, onSubmit, children }: Props) {
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
      className={className ? `confirm-dialog ${className}` : 'confirm-dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        noValidate={noValidate}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <h2 id={titleId} className="confirm-dialog__title">
          {title}
        </h2>
        {children}
      </form>
    </dialog>
  );
}
