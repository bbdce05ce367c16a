import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ConfirmButton } from "./ConfirmDialog";
import "./ListEditor.css";

/** How an item is removed: asked first, with what removing it does. */
export type RemoveStep<T> = {
  title: (item: T) => string;
  consequence: (item: T) => ComponentChildren | Promise<ComponentChildren>;
  keepLabel: string;
  onRemove: (item: T) => Promise<unknown> | void;
};

type Props<T> = {
  /** The list's accessible name, e.g. "Speakers". */
  label: string;
  items: readonly T[];
  keyOf: (item: T) => string;
  /** How the item is named in buttons and announcements. */
  nameOf: (item: T) => string;
  /** The row as read: what the item is. */
  children: (item: T) => ComponentChildren;
  /** Shown instead of an empty list. */
  empty: ComponentChildren;
  busy?: boolean;
  /** Saves the item at from at position to; without it the list has no order to change. */
  onMove?: (from: number, to: number) => Promise<unknown> | void;
  /** The item's form, drawn in its row; it calls close when saved or cancelled. */
  edit?: (item: T, close: () => void) => ComponentChildren;
  remove?: RemoveStep<T>;
  /** The form that adds an item, below the list. */
  add?: ComponentChildren;
};

type Direction = "up" | "down";
type Moving = { key: string; from: number; dir: Direction; settled: boolean };

/**
 * A list the organiser orders, edits and prunes in place. Moving keeps
 * focus on the button pressed (its row is redrawn in the new place) and
 * says where the item went in a live region; an edit form opens in the
 * item's row with focus on its first field and gives focus back to "Edit"
 * when closed; removing asks first. The caller saves; the list follows
 * the items it is given.
 */
export function ListEditor<T>(props: Props<T>) {
  const { label, items, keyOf, nameOf, children, empty, busy, onMove, edit, remove, add } = props;
  const list = useRef<HTMLDivElement>(null);
  const [said, say] = useState("");
  const [moving, setMoving] = useState<Moving | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [refocus, setRefocus] = useState<{ key: string; action: string } | null>(null);

  const button = (key: string, action: string) =>
    [...(list.current?.querySelectorAll<HTMLElement>("[data-action]") ?? [])]
      .find((b) => b.dataset.key === key && b.dataset.action === action);

  // After a move has been saved and the list redrawn: focus and announce.
  useEffect(() => {
    if (!moving?.settled) return;
    const at = items.findIndex((i) => keyOf(i) === moving.key);
    setMoving(null);
    if (at < 0) return;
    button(moving.key, moving.dir)?.focus();
    if (at !== moving.from) say(`${nameOf(items[at])} moved to position ${at + 1} of ${items.length}.`);
  }, [moving, items]);

  useEffect(() => {
    if (!refocus) return;
    setRefocus(null);
    if (refocus.action === "list") list.current?.focus();
    else button(refocus.key, refocus.action)?.focus();
  }, [refocus]);

  useEffect(() => {
    if (editing === null) return;
    const row = [...(list.current?.querySelectorAll<HTMLElement>("[data-row]") ?? [])].find((r) => r.dataset.row === editing);
    row?.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea")?.focus();
  }, [editing]);

  const move = async (from: number, dir: Direction) => {
    const item = items[from];
    const to = dir === "up" ? from - 1 : from + 1;
    if (busy || moving || !onMove) return;
    if (to < 0 || to >= items.length) {
      say(`${nameOf(item)} is already ${to < 0 ? "first" : "last"}.`);
      return;
    }
    const key = keyOf(item);
    setMoving({ key, from, dir, settled: false });
    await onMove(from, to);
    setMoving({ key, from, dir, settled: true });
  };

  const close = (key: string) => () => {
    setEditing(null);
    setRefocus({ key, action: "edit" });
  };

  return (
    <div class="list-editor">
      <p class="visually-hidden" role="status">{said}</p>
      <div ref={list} tabIndex={-1} class="list-editor__region" aria-label={label} role="group">
        {items.length === 0 ? empty : (
          <ol class="list-editor__list">
            {items.map((item, i) => {
              const key = keyOf(item);
              const name = nameOf(item);
              const hidden = <>{" "}<span class="visually-hidden">{name}</span></>;
              if (edit && editing === key) {
                return <li key={key} data-row={key} class="list-editor__item list-editor__item--editing">{edit(item, close(key))}</li>;
              }
              return (
                <li key={key} data-row={key} class="list-editor__item">
                  <div class="list-editor__summary">{children(item)}</div>
                  <div class="list-editor__actions">
                    {edit && (
                      <button type="button" class="secondary" data-key={key} data-action="edit" disabled={busy}
                        onClick={() => setEditing(key)}>Edit{hidden}</button>
                    )}
                    {onMove && items.length > 1 && (["up", "down"] as const).map((dir) => {
                      const atEdge = dir === "up" ? i === 0 : i === items.length - 1;
                      return (
                        <button key={dir} type="button" class="secondary" data-key={key} data-action={dir}
                          aria-disabled={atEdge || busy ? "true" : undefined} onClick={() => move(i, dir)}>
                          Move {dir}{hidden}
                        </button>
                      );
                    })}
                    {remove && (
                      <ConfirmButton class="secondary" disabled={busy} label={<>Remove{hidden}</>}
                        title={remove.title(item)} consequence={() => remove.consequence(item)}
                        confirmLabel="Yes, remove it" keepLabel={remove.keepLabel}
                        onConfirm={async () => {
                          await remove.onRemove(item);
                          say(`${name} removed.`);
                          setRefocus({ key, action: "list" });
                        }} />
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </div>
      {add}
    </div>
  );
}
