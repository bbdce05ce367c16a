import { useEffect, useId, useRef, useState } from "preact/hooks";
import "./SideNavigation.css";

/** One link of a SideNavigation. */
export type NavItem = { href: string; text: string };

type Props = {
  /** The navigation landmark's name, e.g. "Event sections". */
  label: string;
  items: readonly NavItem[];
  /** The href of the page shown: its link carries aria-current="page". */
  current: string;
};

/**
 * A list of sibling pages beside the content (a column on a wide screen).
 * On a narrow screen it folds into one button that names the page shown
 * and opens the list below it, so the content starts within the first
 * screen; choosing a page, or Escape, folds it again.
 */
export function SideNavigation({ label, items, current }: Props) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const shown = items.find((i) => i.href === current);
  useEffect(() => setOpen(false), [current]);
  return (
    <nav class={`side-nav${open ? " side-nav--open" : ""}`} aria-label={label}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpen(false);
          toggle.current?.focus();
        }
      }}>
      <button type="button" ref={toggle} class="side-nav__toggle secondary" aria-expanded={open} aria-controls={listId}
        onClick={() => setOpen(!open)}>
        <span class="visually-hidden">{label}:</span>{" "}{shown?.text ?? "Sections"}
      </button>
      <ul class="side-nav__list" id={listId}>
        {items.map((item) => (
          <li key={item.href} class="side-nav__item">
            <a href={item.href} aria-current={item.href === current ? "page" : undefined}>{item.text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
