import { useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

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

const focusable = 'a[href], button, input, select, textarea, summary, [tabindex]';

/** What Tab can reach inside the dialog, in order: enabled, shown, not taken out of the tab order. */
function tabbables(dialog: HTMLElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(focusable)].filter(
    (el) => el.tabIndex >= 0 && !el.matches(':disabled') && el.getClientRects().length > 0,
  );
}

/**
 * Every dialog of the app: a modal `<dialog>` (Escape cancels), named by its
 * title, with a form whose submit is ours. Focus starts on the first
 * `data-autofocus` element inside; Tab and Shift+Tab wrap around inside the
 * dialog (the browser alone would let focus leave it for the address bar);
 * when it closes, focus goes back to what opened it.
 */
export function ModalDialog({ title, className, noValidate, onCancel, onSubmit, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // A layout effect: its cleanup runs while the dialog is still in the page, so focus can move back in time.
  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => {
      if (!dialog) return;
      const active = document.activeElement;
      const hadFocus = !active || active === document.body || dialog.contains(active);
      dialog.close();
      if (hadFocus && opener && opener !== dialog && !dialog.contains(opener) && opener.isConnected) opener.focus();
    };
  }, []);

  const keepTabInside = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
    const dialog = e.currentTarget;
    const items = tabbables(dialog);
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) {
      e.preventDefault();
      return;
    }
    const active = document.activeElement;
    const outside = !active || active === dialog || !dialog.contains(active);
    if (e.shiftKey && (active === first || outside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || outside)) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={className ? `confirm-dialog ${className}` : 'confirm-dialog'}
      aria-labelledby={titleId}
      onKeyDown={keepTabInside}
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
