import { describedBy, type ChoiceItem } from "./Checkboxes";
import "./Checkboxes.css";
import "./Radios.css";

type Props = {
  name: string;
  /** The group's id (for an error summary's link) and the prefix of each input's id. */
  idPrefix: string;
  legend: string;
  hint?: string;
  error?: string;
  items: readonly ChoiceItem[];
  /** The value chosen when the form is drawn (or reset). */
  value: string;
  disabled?: boolean;
  /** Told the value chosen, for a form that shows more when it changes. */
  onChange?: (value: string) => void;
};

/**
 * GOV.UK-style large radios: one question, a few answers all in view (a
 * select hides them). Uncontrolled; the saved value is the checked one.
 */
export function Radios({ name, idPrefix, legend, hint, error, items, value, disabled, onChange }: Props) {
  return (
    <fieldset class={`choices choices--radios${error ? " choices--error" : ""}`} id={idPrefix}
      aria-describedby={describedBy(idPrefix, hint, error)}>
      <legend>{legend}</legend>
      {hint && <span id={`${idPrefix}-hint`} class="hint">{hint}</span>}
      {error && <span id={`${idPrefix}-error`} class="field-error"><span class="visually-hidden">Error: </span>{error}</span>}
      {items.map((item) => {
        const id = `${idPrefix}-${item.value}`;
        return (
          <div class="choices__item" key={item.value}>
            <input class="choices__input" type="radio" id={id} name={name} value={item.value} disabled={disabled}
              defaultChecked={item.value === value} onChange={onChange && (() => onChange(item.value))} aria-describedby={item.hint ? `${id}-hint` : undefined} />
            <label class="choices__label" for={id}>{item.label}</label>
            {item.hint && <span id={`${id}-hint`} class="hint">{item.hint}</span>}
          </div>
        );
      })}
    </fieldset>
  );
}
