import type { Schemas } from "../../api/client";
import { segmentNames } from "../../lib/mail";
import { sectorNames } from "../../lib/sectors";
import { FormField } from "../../components/FormField";
import { Select } from "../../components/Select";

/** A broadcast being written: who it goes to, its subject and its Markdown body. */
export type Draft = { segment: Schemas["Segment"]; sector: string; subject: string; body: string };
type Props = { draft: Draft; errors: Record<string, string>; onChange: (change: Partial<Draft>) => void };

/** The fields of a broadcast; the sector shows only when the segment is one. */
export function BroadcastFields({ draft, errors, onChange }: Props) {
  return (
    <>
      <FormField id="broadcast_segment" label="Send to" error={errors.broadcast_segment}>
        {(d) => (
          <Select id="broadcast_segment" value={draft.segment} aria-describedby={d} choices={Object.entries(segmentNames)}
            onChange={(e) => onChange({ segment: e.currentTarget.value as Draft["segment"] })} />
        )}
      </FormField>
      {draft.segment === "sector" && (
        <FormField id="broadcast_sector" label="Sector" error={errors.broadcast_sector}>
          {(d) => (
            <Select id="broadcast_sector" value={draft.sector} aria-describedby={d} onChange={(e) => onChange({ sector: e.currentTarget.value })}
              choices={[["", "Choose a sector"], ...Object.entries(sectorNames)]} />
          )}
        </FormField>
      )}
      <FormField id="broadcast_subject" label="Subject" error={errors.broadcast_subject}>
        {(d) => <input id="broadcast_subject" value={draft.subject} maxLength={200} aria-describedby={d} onInput={(e) => onChange({ subject: e.currentTarget.value })} />}
      </FormField>
      <FormField id="broadcast_body" label="Message" hint="Markdown: ## headings, **bold**, [links](https://…), lists." error={errors.broadcast_body}>
        {(d) => <textarea id="broadcast_body" rows={8} value={draft.body} aria-describedby={d} onInput={(e) => onChange({ body: e.currentTarget.value })} />}
      </FormField>
    </>
  );
}
