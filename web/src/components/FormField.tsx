import type { ComponentChildren } from "preact";

type Props = {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (describedBy: string | undefined) => ComponentChildren;
};

/** A labelled field with its hint and its error, announced with the input. */
export function FormField({ id, label, hint, error, children }: Props) {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field field--error" : "field"}>
      <label for={id}>{label}</label>
      {hint && <span id={`${id}-hint`} class="hint">{hint}</span>}
      {error && <span id={`${id}-error`} class="field-error"><span class="visually-hidden">Error: </span>{error}</span>}
      {children(ids)}
    </div>
  );
}
