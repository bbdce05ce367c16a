import type { ComponentChildren } from "preact";
import "./Checkboxes.css";

/** One box or circle of a Checkboxes or Radios group. */
export type ChoiceItem = { value: string; label: ComponentChildren; hint?: string };

type Props = {
  /** The form field's name; every ticked box sends its value under it. */
  name: string;
  /** Prefix of each input's id: `${idPrefix}-${value}`; the group's own id is idPrefix. */
  idPrefix: string;
  /** The question the group answers. Without one, the boxes stand alone (a single "I agree" box). */
  legend?: string;
  hint?: string;
  error?: string;
  items: readonly ChoiceItem[];
  /** The values ticked when the form is drawn (or reset). */
  checked?: readonly string[];
  disabled?: boolean;
};

/**
 * GOV.UK-style large checkboxes: a fieldset whose legend asks the question,
 * each box 40 px with its label beside it. Uncontrolled, so a form reads
 * them with FormData and form.reset() brings back what was saved.
 */
export function Checkboxes({ name, idPrefix, legend, hint, error, items, checked = [], disabled }: Props) {
  const body = (
    <>
      {hint && <span id={`${idPrefix}-hint`} class="hint">{hint}</span>}
      {error && <span id={`${idPrefix}-error`} class="field-error"><span class="visually-hidden">Error: </span>{error}</span>}
      {items.map((item) => {
        const id = `${idPrefix}-${item.value}`;
        return (
          <div class="choices__item" key={item.value}>
            <input class="choices__input" type="checkbox" id={id} name={name} value={item.value} disabled={disabled}
              defaultChecked={checked.includes(item.value)}
              aria-describedby={[item.hint && `${id}-hint`, !legend && describedBy(idPrefix, hint, error)].filter(Boolean).join(" ") || undefined} />
            <label class="choices__label" for={id}>{item.label}</label>
            {item.hint && <span id={`${id}-hint`} class="hint">{item.hint}</span>}
          </div>
        );
      })}
    </>
  );
  const className = `choices choices--checkboxes${error ? " choices--error" : ""}`;
  if (!legend) return <div class={className} id={idPrefix}>{body}</div>;
  return (
    <fieldset class={className} id={idPrefix} aria-describedby={describedBy(idPrefix, hint, error)}>
      <legend>{legend}</legend>
      {body}
    </fieldset>
  );
}

/** The ids of a group's hint and error, for aria-describedby. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
}
