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
/** A save under way: a move (with the button pressed) or a removal; settled once the caller's save returned. */
type Pending = { key: string; name: string; from: number; dir?: Direction; settled: boolean };

/**
 * A list the organiser orders, edits and prunes in place. Moving keeps
 * focus on the button pressed (its row is redrawn in the new place) and
 * says where the item went in a live region; an edit form opens in the
 * item's row with focus on its first field and gives focus back to "Edit"
 * when closed; removing asks first, then says so and puts focus on the
 * list. The caller saves; the list follows the items it is given, so a
 * save that failed moves or removes nothing and announces nothing.
 */
export function ListEditor<T>(props: Props<T>) {
  const { label, items, keyOf, nameOf, children, empty, busy, onMove, edit, remove, add } = props;
  const list = useRef<HTMLDivElement>(null);
  const [said, say] = useState("");
  const [pending, setPending] = useState<Pending | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [refocus, setRefocus] = useState<string | null>(null);

  const button = (key: string, action: string) =>
    [...(list.current?.querySelectorAll<HTMLElement>("[data-action]") ?? [])]
      .find((b) => b.dataset.key === key && b.dataset.action === action);

  // After a save returned and the list was redrawn: say what happened, and put focus back.
  useEffect(() => {
    if (!pending?.settled) return;
    setPending(null);
    const at = items.findIndex((i) => keyOf(i) === pending.key);
    if (!pending.dir) {
      if (at >= 0) return;
      say(`${pending.name} removed.`);
      list.current?.focus();
      return;
    }
    if (at < 0) return;
    button(pending.key, pending.dir)?.focus();
    if (at !== pending.from) say(`${pending.name} moved to position ${at + 1} of ${items.length}.`);
  }, [pending, items]);

  useEffect(() => {
    if (refocus === null) return;
    setRefocus(null);
    button(refocus, "edit")?.focus();
  }, [refocus]);

  useEffect(() => {
    if (editing === null) return;
    const row = [...(list.current?.querySelectorAll<HTMLElement>("[data-row]") ?? [])].find((r) => r.dataset.row === editing);
    row?.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea")?.focus();
  }, [editing]);

  /** Runs the caller's save, then lets the effect above report on it. */
  const track = async (item: T, from: number, save: () => Promise<unknown> | void, dir?: Direction): Promise<void> => {
    const started = { key: keyOf(item), name: nameOf(item), from, dir, settled: false };
    setPending(started);
    await save();
    setPending({ ...started, settled: true });
  };

  const move = (from: number, dir: Direction) => {
    const item = items[from];
    const to = dir === "up" ? from - 1 : from + 1;
    if (busy || pending || !onMove) return;
    if (to < 0 || to >= items.length) {
      say(`${nameOf(item)} is already ${to < 0 ? "first" : "last"}.`);
      return;
    }
    return track(item, from, () => onMove(from, to), dir);
  };

  return (
    <div class="list-editor">
      <p class="visually-hidden" role="status">{said}</p>
      <div ref={list} tabIndex={-1} class="list-editor__region" aria-label={label} role="group">
        {items.length === 0 ? empty : (
          <ol class="list-editor__list">
            {items.map((item, i) => {
              const key = keyOf(item);
              if (edit && editing === key) {
                const close = () => { setEditing(null); setRefocus(key); };
                return <li key={key} data-row={key} class="list-editor__item list-editor__item--editing">{edit(item, close)}</li>;
              }
              return (
                <li key={key} data-row={key} class="list-editor__item">
                  <div class="list-editor__summary">{children(item)}</div>
                  <ItemActions itemKey={key} name={nameOf(item)} busy={busy}
                    onEdit={edit && (() => setEditing(key))}
                    onMove={onMove && items.length > 1 ? (dir) => move(i, dir) : undefined}
                    atEdge={(dir) => dir === "up" ? i === 0 : i === items.length - 1}
                    remove={remove && {
                      title: remove.title(item), consequence: () => remove.consequence(item), keepLabel: remove.keepLabel,
                      onRemove: () => track(item, i, () => remove.onRemove(item)),
                    }} />
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

type ActionsProps = {
  itemKey: string;
  name: string;
  busy?: boolean;
  onEdit?: () => void;
  onMove?: (dir: Direction) => void;
  atEdge: (dir: Direction) => boolean;
  remove?: { title: string; consequence: () => ComponentChildren | Promise<ComponentChildren>; keepLabel: string; onRemove: () => Promise<void> };
};

/**
 * A row's buttons, each naming its item for a screen reader ("Move up
 * Grace Hopper"). A move that cannot go further is aria-disabled, not
 * disabled, so it keeps focus after the last press and says why.
 */
function ItemActions({ itemKey, name, busy, onEdit, onMove, atEdge, remove }: ActionsProps) {
  const hidden = <>{" "}<span class="visually-hidden">{name}</span></>;
  return (
    <div class="list-editor__actions">
      {onEdit && (
        <button type="button" class="secondary" data-key={itemKey} data-action="edit" disabled={busy} onClick={onEdit}>Edit{hidden}</button>
      )}
      {onMove && (["up", "down"] as const).map((dir) => (
        <button key={dir} type="button" class="secondary" data-key={itemKey} data-action={dir}
          aria-disabled={atEdge(dir) || busy ? "true" : undefined} onClick={() => onMove(dir)}>
          Move {dir}{hidden}
        </button>
      ))}
      {remove && (
        <ConfirmButton class="secondary" disabled={busy} label={<>Remove{hidden}</>}
          title={remove.title} consequence={remove.consequence}
          confirmLabel="Yes, remove it" keepLabel={remove.keepLabel} onConfirm={remove.onRemove} />
      )}
    </div>
  );
}
