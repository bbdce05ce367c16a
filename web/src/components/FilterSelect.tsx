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
      <select id={id} name={name}>
        <option value="">All</option>
        {Object.entries(options).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
      </select>
    </div>
  );
}
