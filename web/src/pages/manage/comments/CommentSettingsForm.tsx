import { useEffect, useState } from "preact/hooks";
import { api, type Schemas } from "../../../api/client";
import { formValues, useSubmit } from "../../../lib/forms";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Radios } from "../../../components/Radios";

type Settings = Schemas["CommentSettings"];

const labels = { moderation: "Which comments wait for a moderator" };

/** The event's moderation mode; comments already waiting keep waiting when it changes. Only organisers change it. */
export function CommentSettingsForm({ eventID, canEdit = true }: { eventID: string; canEdit?: boolean }) {
  const url = `/api/v1/manage/events/${eventID}/comments/settings`;
  const [settings, setSettings] = useState<Settings | null>(null);
  const [saved, setSaved] = useState("");
  const { errors, message, busy, submit } = useSubmit();
  useEffect(() => { submit(async () => setSettings(await api.get<Settings>(url))); }, [url]);

  return (
    <section class="editor-section comment-settings" aria-labelledby="comment-settings-title">
      <h2 id="comment-settings-title">Comment settings</h2>
      <ErrorSummary message={message} errors={errors} labels={labels} />
      {!settings && !message && <p aria-live="polite">Loading the comment settings…</p>}
      {settings && (
        <form key={JSON.stringify(settings)} noValidate onSubmit={(e) => {
          e.preventDefault();
          const v = formValues(e.currentTarget);
          setSaved("");
          submit(async () => {
            setSettings(await api.put<Settings>(url, { moderation: v.moderation }));
            setSaved("Comment settings saved.");
          });
        }}>
          <Radios name="moderation" idPrefix="moderation" legend={labels.moderation} value={settings.moderation} error={errors.moderation}
            hint={canEdit ? "Comments already waiting keep waiting when you change this." : "Only organisers can change this."} disabled={!canEdit}
            items={[
              { value: "all", label: "Every comment", hint: "Nothing appears on the event page until a moderator approves it." },
              { value: "first", label: "A commenter’s first comment", hint: "Once a moderator approves a comment from an email address, that address’s later comments on this event appear at once." },
              { value: "none", label: "None: publish comments at once", hint: "Moderators can still reject or delete a comment afterwards." },
            ]} />
          {canEdit && (
            <div class="actions">
              <button type="submit" disabled={busy}>Save comment settings</button>
              <span role="status">{saved}</span>
            </div>
          )}
        </form>
      )}
    </section>
  );
}
