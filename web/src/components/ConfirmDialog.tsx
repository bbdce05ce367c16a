import type { ComponentChildren, RefObject } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import "./ConfirmDialog.css";

type DialogProps = {
  open: boolean;
  title: string;
  /** What will happen, stated plainly: who is emailed, what cannot be undone. */
  children: ComponentChildren;
  confirmLabel: string;
  keepLabel: string;
  /** False while the consequence is not known: confirming waits for it. */
  ready?: boolean;
  onConfirm: () => void | Promise<void>;
  /** Closed: by "Keep …", by Escape, or on confirming. */
  onClose: () => void;
  /** The button that opened the dialog, which gets focus back. */
  opener?: RefObject<HTMLElement>;
};

/**
 * The step before an action that cannot be undone: a modal <dialog>
 * labelled by its question and described by the consequence. Focus starts
 * on the safe choice; Escape and "Keep …" dismiss it; focus returns to the
 * button that opened it.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, keepLabel, ready = true, onConfirm, onClose, opener }: DialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    const el = dialog.current;
    if (!el || !open || el.open) return;
    if (typeof el.showModal === "function") el.showModal();
    else el.setAttribute("open", ""); // jsdom has no showModal
    keep.current?.focus();
    return () => {
      if (el.open) (typeof el.close === "function" ? el.close() : el.removeAttribute("open"));
      const back = opener?.current;
      if (back?.isConnected) back.focus();
    };
  }, [open]);
  if (!open) return null;
  const closeNow = () => {
    const el = dialog.current;
    if (el?.open) (typeof el.close === "function" ? el.close() : el.removeAttribute("open"));
  };
  // Dismissing gives focus back at once, not in the effect's cleanup, which
  // Preact runs only after the next frame: by then a keyboard user may
  // already have pressed Tab from the top of the page.
  const dismiss = () => {
    closeNow();
    const back = opener?.current;
    if (back?.isConnected) back.focus();
    onClose();
  };
  // The dialog closes before the action runs, so that whatever the action
  // focuses afterwards (its outcome) is no longer inert behind the modal.
  const confirm = () => {
    closeNow();
    onClose();
    return onConfirm();
  };
  return (
    <dialog ref={dialog} class="confirm-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-consequence`}
      onCancel={(e) => { e.preventDefault(); dismiss(); }}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-consequence`}>{children}</div>
      <div class="actions">
        <button type="button" ref={keep} class="secondary" onClick={dismiss}>{keepLabel}</button>
        <button type="button" class="warning" disabled={!ready} onClick={confirm}>{confirmLabel}</button>
      </div>
    </dialog>
  );
}

type ButtonProps = Omit<DialogProps, "open" | "onClose" | "opener" | "children" | "ready"> & {
  /** The button's own text (may hold visually hidden words). */
  label: ComponentChildren;
  class?: string;
  disabled?: boolean;
  /** The consequence; fetched when the button is pressed, so its figures are current. */
  consequence: () => ComponentChildren | Promise<ComponentChildren>;
};

/** A button whose action is confirmed first in a ConfirmDialog. */
export function ConfirmButton({ label, class: className, disabled, consequence, ...dialog }: ButtonProps) {
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  // null while the consequence is being found out; confirming waits for it.
  const [text, setText] = useState<{ said: ComponentChildren; known: boolean } | null>(null);
  const ask = async () => {
    setText(null);
    setOpen(true);
    try {
      setText({ said: await consequence(), known: true });
    } catch {
      setText({ said: "What this would do could not be checked: the server could not be reached. Try again later.", known: false });
    }
  };
  const said = text === null ? "Checking what this would do…" : text.said;
  return (
    <>
      <button type="button" ref={button} class={className} disabled={disabled} onClick={ask}>{label}</button>
      <ConfirmDialog {...dialog} open={open} ready={text?.known === true} opener={button} onClose={() => setOpen(false)}>
        {typeof said === "string" ? <p>{said}</p> : said}
      </ConfirmDialog>
    </>
  );
}
