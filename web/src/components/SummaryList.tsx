import type { ComponentChildren } from "preact";
import "./SummaryList.css";

/** One row: what it is, what it is set to, and where to change it. */
export type SummaryRow = {
  key: string;
  value: ComponentChildren;
  /** A link to where the value is changed; its text reads "Change <key>". */
  change?: string;
};

/**
 * GOV.UK's summary list: keys and values as a description list, each row
 * with an optional "Change" link whose hidden words name the row, so a
 * screen-reader list of links is not a column of identical "Change"s.
 */
export function SummaryList({ rows }: { rows: readonly SummaryRow[] }) {
  return (
    <dl class="summary-list">
      {rows.map((row) => (
        <div class="summary-list__row" key={row.key}>
          <dt class="summary-list__key">{row.key}</dt>
          <dd class="summary-list__value">{row.value}</dd>
          {row.change && (
            <dd class="summary-list__actions">
              <a href={row.change}>Change<span class="visually-hidden"> {row.key.toLowerCase()}</span></a>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}
