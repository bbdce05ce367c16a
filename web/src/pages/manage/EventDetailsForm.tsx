import { useRef, useState } from "preact/hooks";
import { api, type EventDetail } from "../../api/client";
import { formValues, useSubmit } from "../../lib/forms";
import { fromZonedInputKeeping, toZonedInput } from "../../lib/time";
import { slugFromTitle } from "../../lib/slug";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { plainChoices, Select } from "../../components/Select";

const labels: Record<string, string> = {
  title: "Title", slug: "Address (slug)", summary: "Summary", description: "Description",
  organiser_note: "Note for organisers", starts_at: "Starts",
  timezone: "Time zone", duration_minutes: "Duration in minutes", capacity: "Capacity",
  stream_url: "Stream URL", cover_image_url: "Cover image URL", recording_url: "Recording URL", topics: "Topics",
  registration_opens_at: "Registration opens", registration_closes_at: "Registration closes",
};

const zones = plainChoices(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["Europe/London", "UTC"]);

type Props = { event?: EventDetail; onSaved: (e: EventDetail) => void };

/** The event's own fields, with a Markdown preview rendered by the server. */
export function EventDetailsForm({ event, onSaved }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const [preview, setPreview] = useState<string | null>(null);
  const [saved, setSaved] = useState("");
  const zone = event?.timezone ?? "Europe/London";
  // A new event's address follows its title until the organiser types one;
  // a saved event's address is never changed for them (links to it exist).
  const slugField = useRef<HTMLInputElement>(null);
  const slugTyped = useRef(false);
  const suggestSlug = (title: string) => {
    if (event || slugTyped.current || !slugField.current) return;
    slugField.current.value = slugFromTitle(title);
  };

  // An untouched time saves back the instant it was (see fromZonedInputKeeping).
  const instant = (wall: string, zoneNow: string, saved?: string | null) => fromZonedInputKeeping(wall, zoneNow, { instant: saved, zone: event?.timezone });
  const body = (v: Record<string, string>) => ({
    title: v.title, slug: v.slug, summary: v.summary, description: v.description, organiser_note: v.organiser_note,
    starts_at: v.starts_at ? instant(v.starts_at, v.timezone || "UTC", event?.starts_at) : undefined,
    timezone: v.timezone, duration_minutes: Number(v.duration_minutes),
    capacity: v.capacity ? Number(v.capacity) : null,
    registration_opens_at: v.registration_opens_at ? instant(v.registration_opens_at, v.timezone || "UTC", event?.registration_opens_at) : null,
    registration_closes_at: v.registration_closes_at ? instant(v.registration_closes_at, v.timezone || "UTC", event?.registration_closes_at) : null,
    stream_url: v.stream_url, cover_image_url: v.cover_image_url,
    topics: v.topics.split(",").map((t) => t.trim()).filter(Boolean),
    // A new event has no recording yet, and creating one does not take it.
    ...(event ? { recording_url: v.recording_url } : {}),
  });

  return (
    <section class={event ? "editor-section" : undefined} aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <ErrorSummary message={message} errors={errors} labels={labels} />
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const v = body(formValues(e.currentTarget));
        submit(async () => {
          const result = event
            ? await api.patch<EventDetail>(`/api/v1/manage/events/${event.id}`, v)
            : await api.post<EventDetail>("/api/v1/manage/events", v);
          setSaved("Saved.");
          onSaved(result);
        });
      }}>
        <FormField id="title" label={labels.title} error={errors.title}>
          {(d) => <input id="title" name="title" defaultValue={event?.title} aria-describedby={d} required
            onInput={(e) => suggestSlug(e.currentTarget.value)} />}
        </FormField>
        <FormField id="slug" label={labels.slug} error={errors.slug}
          hint={event ? "The event's web address: lower-case words joined by hyphens, like early-intervention."
            : "The event's web address: lower-case words joined by hyphens. Suggested from the title until you change it."}>
          {(d) => <input id="slug" name="slug" ref={slugField} defaultValue={event?.slug} aria-describedby={d} required
            // Typed by the organiser: theirs from now on. Emptied: suggest again.
            onInput={(e) => { slugTyped.current = e.currentTarget.value !== ""; }} />}
        </FormField>
        <FormField id="summary" label={labels.summary} hint="One or two sentences for lists and link previews." error={errors.summary}>
          {(d) => <textarea id="summary" name="summary" rows={2} defaultValue={event?.summary} aria-describedby={d} />}
        </FormField>
        <FormField id="description" label={labels.description} hint="Markdown: ## headings, **bold**, [links](https://…), lists." error={errors.description}>
          {(d) => <textarea id="description" name="description" rows={8} defaultValue={event?.description} aria-describedby={d} />}
        </FormField>
        <div class="actions">
          <button type="button" class="secondary" onClick={async (e) => {
            const form = (e.currentTarget as HTMLButtonElement).form!;
            const r = await api.post<{ html: string }>("/api/v1/manage/markdown", { markdown: formValues(form).description });
            setPreview(r.html);
          }}>Preview description</button>
        </div>
        {preview !== null && (
          <div class="preview" aria-live="polite">
            <h3>Preview</h3>
            <div dangerouslySetInnerHTML={{ __html: preview }} />
          </div>
        )}
        <FormField id="organiser_note" label={labels.organiser_note} hint="Only organisers see it: never the public page." error={errors.organiser_note}>
          {(d) => <textarea id="organiser_note" name="organiser_note" rows={3} defaultValue={event?.organiser_note} aria-describedby={d} />}
        </FormField>
        <FormField id="starts_at" label={labels.starts_at} hint="On the event's clock, in the time zone below." error={errors.starts_at}>
          {(d) => <input id="starts_at" name="starts_at" type="datetime-local" defaultValue={event ? toZonedInput(event.starts_at, zone) : ""} aria-describedby={d} required />}
        </FormField>
        <FormField id="timezone" label={labels.timezone} error={errors.timezone}>
          {(d) => <Select id="timezone" name="timezone" value={zone} choices={zones} aria-describedby={d} />}
        </FormField>
        <FormField id="duration_minutes" label={labels.duration_minutes} hint="From 5 to 1440." error={errors.duration_minutes}>
          {(d) => <input id="duration_minutes" name="duration_minutes" type="number" inputMode="numeric" min={5} max={1440} defaultValue={String(event?.duration_minutes ?? 60)} aria-describedby={d} />}
        </FormField>
        <FormField id="capacity" label={labels.capacity} hint="Leave empty for no limit." error={errors.capacity}>
          {(d) => <input id="capacity" name="capacity" type="number" inputMode="numeric" min={1} defaultValue={event?.capacity != null ? String(event.capacity) : ""} aria-describedby={d} />}
        </FormField>
        <FormField id="registration_opens_at" label={labels.registration_opens_at} hint="Optional, on the event's clock. Empty: open as soon as the event is published." error={errors.registration_opens_at}>
          {(d) => <input id="registration_opens_at" name="registration_opens_at" type="datetime-local" defaultValue={event?.registration_opens_at ? toZonedInput(event.registration_opens_at, zone) : ""} aria-describedby={d} />}
        </FormField>
        <FormField id="registration_closes_at" label={labels.registration_closes_at} hint="Optional. Empty: open until the event ends." error={errors.registration_closes_at}>
          {(d) => <input id="registration_closes_at" name="registration_closes_at" type="datetime-local" defaultValue={event?.registration_closes_at ? toZonedInput(event.registration_closes_at, zone) : ""} aria-describedby={d} />}
        </FormField>
        <FormField id="stream_url" label={labels.stream_url} hint="Private: only registered attendees will see it." error={errors.stream_url}>
          {(d) => <input id="stream_url" name="stream_url" type="url" defaultValue={event?.stream_url} aria-describedby={d} />}
        </FormField>
        <FormField id="cover_image_url" label={labels.cover_image_url} error={errors.cover_image_url}>
          {(d) => <input id="cover_image_url" name="cover_image_url" type="url" defaultValue={event?.cover_image_url} aria-describedby={d} />}
        </FormField>
        {event && (
          <FormField id="recording_url" label={labels.recording_url} hint="Follow-up emails link to it; they wait for it after the event." error={errors.recording_url}>
            {(d) => <input id="recording_url" name="recording_url" type="url" defaultValue={event.recording_url} aria-describedby={d} />}
          </FormField>
        )}
        <FormField id="topics" label={labels.topics} hint="Separate topics with commas." error={errors.topics}>
          {(d) => <input id="topics" name="topics" defaultValue={event?.topics.join(", ")} aria-describedby={d} />}
        </FormField>
        <div class="actions">
          <button type="submit" disabled={busy}>{event ? "Save details" : "Create draft"}</button>
          <span role="status">{saved}</span>
        </div>
      </form>
    </section>
  );
}
