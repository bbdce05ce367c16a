import { useEffect, useState } from "preact/hooks";
import { api } from "../../../api/client";
import { formValues, useSubmit } from "../../../lib/forms";
import { FormField } from "../../../components/FormField";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Radios } from "../../../components/Radios";
import type { LiveSettings } from "./types";
import "./LiveSettingsForm.css";

const labels = { join_lead_minutes: "Minutes before the start the live page opens", attended_minutes: "Minutes on the live page that count as attended", moderation: "New questions" };

/** A number field's value: the number typed, or the text itself so that the server can say what is wrong with it. */
const asNumber = (s: string): number | string => (s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : s);

/** When the live page opens, how long counts as attended, and whether questions wait for approval. */
export function LiveSettingsForm({ eventID }: { eventID: string }) {
  const url = `/api/v1/manage/events/${eventID}/live/settings`;
  const [settings, setSettings] = useState<LiveSettings | null>(null);
  const [saved, setSaved] = useState("");
  const { errors, message, busy, submit } = useSubmit();
  useEffect(() => { submit(async () => setSettings(await api.get<LiveSettings>(url))); }, [url]);

  return (
    <section class="editor-section live-settings" aria-labelledby="live-settings-title">
      <h2 id="live-settings-title">Live settings</h2>
      <ErrorSummary message={message} errors={errors} labels={labels} />
      {!settings && !message && <p aria-live="polite">Loading the live settings…</p>}
      {settings && (
        <form key={JSON.stringify(settings)} noValidate onSubmit={(e) => {
          e.preventDefault();
          const v = formValues(e.currentTarget);
          setSaved("");
          submit(async () => {
            setSettings(await api.put<LiveSettings>(url, {
              join_lead_minutes: asNumber(v.join_lead_minutes),
              attended_minutes: asNumber(v.attended_minutes),
              moderation: v.moderation,
            }));
            setSaved("Live settings saved.");
          });
        }}>
          <FormField id="join_lead_minutes" label={labels.join_lead_minutes} error={errors.join_lead_minutes}
            hint="Confirmed registrants can join from then; before that their page counts down.">
            {(d) => <input id="join_lead_minutes" name="join_lead_minutes" type="number" inputMode="numeric" min={0} max={1440}
              class="live-settings__minutes" defaultValue={String(settings.join_lead_minutes)} aria-describedby={d} />}
          </FormField>
          <FormField id="attended_minutes" label={labels.attended_minutes} error={errors.attended_minutes}
            hint="Who stays at least this long gets the follow-up for those who attended.">
            {(d) => <input id="attended_minutes" name="attended_minutes" type="number" inputMode="numeric" min={1} max={1440}
              class="live-settings__minutes" defaultValue={String(settings.attended_minutes)} aria-describedby={d} />}
          </FormField>
          <Radios name="moderation" idPrefix="moderation" legend={labels.moderation} value={settings.moderation} error={errors.moderation}
            items={[
              { value: "held", label: "Hold each question until a moderator approves it" },
              { value: "published", label: "Publish questions at once", hint: "Moderators can still edit, merge or dismiss them." },
            ]} />
          <div class="actions">
            <button type="submit" disabled={busy}>Save live settings</button>
            <span role="status">{saved}</span>
          </div>
        </form>
      )}
    </section>
  );
}
