import { type ReactNode, useEffect, useId, useRef } from 'react';

const FOCUSABLE =
  'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

type Props = { title: string; onClose: () => void; children: ReactNode };

/** What opened the latest modal, for one that opens while nothing has focus. */
let lastTrigger: HTMLElement | null = null;

/**
 * A native modal <dialog>: the page behind is inert (focus stays inside), Escape closes it, and
 * focus returns to whatever opened it (the trigger) when it closes.
 */
export function Modal({ title, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const focused = document.activeElement;
    // Opened as another closes (phase 1 replacing the connect dialog), nothing has focus: focus
    // goes back to what opened that one. (A development remount finds focus already inside.)
    const trigger =
      focused instanceof HTMLElement && focused !== document.body && !dialog?.contains(focused)
        ? focused
        : lastTrigger;
    lastTrigger = trigger;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      // After React removes the dialog; the trigger may have gone with the view.
      queueMicrotask(() => {
        if (trigger?.isConnected) trigger.focus();
      });
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      // Named by its visible heading.
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        // The page behind is inert, but Tab past the last control would leave for the
        // browser's own UI: wrap around instead, so focus stays inside while it is open.
        if (event.key !== 'Tab' || !ref.current) return;
        const focusable = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
          (el) => !el.hasAttribute('disabled') && el.getClientRects().length > 0,
        );
        const first = focusable[0];
        const last = focusable.at(-1);
        if (!first || !last) return;
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }}
    >
      <div className="modal__header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      <div className="modal__body">{children}</div>
    </dialog>
  );
}
