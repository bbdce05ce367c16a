import type { JSX } from "preact";

/** One option of a select: its value, and what it reads. */
export type Choice = readonly [value: string, text: string];

type Props = Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, "value" | "defaultValue" | "children"> & {
  id: string;
  /** The saved (or default) value: the option shown. */
  value: string;
  choices: readonly Choice[];
};

/**
 * The only select in the SPA, so that a form shows what is saved. Preact
 * does not apply defaultValue to a select (the element has no such
 * property): such a select shows its first option, and a form saved
 * unchanged saves that. Here the option for value carries the selected
 * attribute, as in server-rendered HTML, so it is shown, the visitor's
 * choice stands until the saved value changes, and form.reset() returns to
 * it. A value missing from choices is added, so a save never swaps it for
 * another. With onChange the page holds the value itself (controlled).
 */
export function Select({ value, choices, onChange, ...rest }: Props) {
  const list: readonly Choice[] = choices.some(([v]) => v === value) ? choices : [[value, value], ...choices];
  return (
    <select {...rest} onChange={onChange} {...(onChange ? { value } : {})}>
      {list.map(([v, text]) => <option key={v} value={v} {...{ defaultSelected: v === value }}>{text}</option>)}
    </select>
  );
}

/** Choices that read as their values. */
export const plainChoices = (values: readonly string[]): Choice[] => values.map((v) => [v, v]);
