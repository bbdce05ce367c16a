import { useEffect, useState } from "preact/hooks";
import { api, type EventDetail, type Schemas } from "../../api/client";
import { formValues, useSubmit } from "../../lib/forms";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Checkboxes } from "../../components/Checkboxes";
import { ReminderList } from "./ReminderList";
import "./MailSettingsForm.css";

type MailSettings = Schemas["MailSettings"];
const labels = { reminder_minutes: "Reminders", follow_up: "Follow-up", follow_up_wait_hours: "Hours to wait for the recording" };

/** When reminders go before the event, and whether a follow-up goes after it. */
export function MailSettingsForm({ event }: { event: EventDetail }) {
  const url = `/api/v1/manage/events/${event.id}/mail-settings`;
  const [settings, setSettings] = useState<MailSettings | null>(null);
  const [reminders, setReminders] = useState<number[]>([]);
  const [saved, setSaved] = useState("");
  const { errors, message, busy, submit } = useSubmit();
  const show = (s: MailSettings) => {
    setSettings(s);
    setReminders([...s.reminder_minutes].sort((a, b) => b - a));
  };
  useEffect(() => { submit(async () => show(await api.get<MailSettings>(url))); }, [url]);

  // "reminder_minutes[2]" and the like all point at the reminder field.
  const serverErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^reminder_minutes(\[\d+\]|\.\d+)$/, "reminder_minutes"), v]));
  const [addError, setAddError] = useState("");
  const fieldErrors = addError ? { ...serverErrors, reminder_minutes: addError } : serverErrors;

  return (
    <section class="editor-section" aria-labelledby="mail-settings-title">
      <h2 id="mail-settings-title">Reminders and follow-up</h2>
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      {!settings && !message && <p aria-live="polite">Loading the mail settings…</p>}
      {settings && (
        <form noValidate onSubmit={(e) => {
          e.preventDefault();
          const v = formValues(e.currentTarget);
          setSaved("");
          setAddError("");
          submit(async () => {
            show(await api.put<MailSettings>(url, {
              reminder_minutes: reminders,
              follow_up: v.follow_up === "on",
              follow_up_wait_hours: v.follow_up_wait_hours.trim() === "" ? null : Number(v.follow_up_wait_hours),
            }));
            setSaved("Mail settings saved.");
          });
        }}>
          <ReminderList reminders={reminders} error={fieldErrors.reminder_minutes} onChange={(list, problem) => {
            setAddError(problem);
            if (!problem) setReminders(list);
          }} />
          <Checkboxes name="follow_up" idPrefix="follow_up" checked={settings.follow_up ? ["on"] : []}
            hint="Those who attended and those who missed it each get their own message, with the recording."
            items={[{ value: "on", label: "Send a follow-up after the event" }]} />
          <FormField id="follow_up_wait_hours" label={labels.follow_up_wait_hours}
            hint="From 0 to 720. If the event has no recording URL by then, the follow-up goes without it." error={fieldErrors.follow_up_wait_hours}>
            {(d) => <input id="follow_up_wait_hours" name="follow_up_wait_hours" type="number" inputMode="numeric" min={0} max={720}
              defaultValue={String(settings.follow_up_wait_hours)} aria-describedby={d} class="mail-settings__hours" />}
          </FormField>
          <div class="actions">
            <button type="submit" disabled={busy}>Save mail settings</button>
            <span role="status">{saved}</span>
          </div>
        </form>
      )}
    </section>
  );
}
