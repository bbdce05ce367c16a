import { Select } from "./Select";

type Props = {
  id: string;
  name: string;
  label: string;
  /** Value → what the option reads; "All" (the empty value) comes first. */
  options: Record<string, string>;
};

/** A labelled select that narrows a list, for a filter form. */
export function FilterSelect({ id, name, label, options }: Props) {
  return (
    <div>
      <label for={id}>{label}</label>
      <Select id={id} name={name} value="" choices={[["", "All"], ...Object.entries(options)]} />
    </div>
  );
}
