import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, type EventDetail } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";
import { clockField } from "../../../lib/clock";
import { FormField } from "../../../components/FormField";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Checkboxes } from "../../../components/Checkboxes";
import { checkSegment, nudge, segmentsPath, suggestSlug, timeFormat, type Segment, type SegmentSaved } from "./segments";
import "./SegmentForm.css";

type Props = {
  event: EventDetail;
  /** The segment edited; without one the form adds a new segment. */
  segment?: Segment;
  /** Makes each field's id unique on the page (the add form and an edit form may both be open). */
  idPrefix: string;
  /** The slugs of the recording's other segments, which a suggested slug avoids. */
  taken: readonly string[];
  /** A new segment's start and end, in milliseconds (end 0: left empty). */
  start?: number;
  end?: number;
  /** The recording's length in milliseconds, 0 when unknown. */
  durationMs: number;
  onSaved: (saved: SegmentSaved) => void;
  onCancel?: () => void;
};

const steps = [-10_000, -1_000, 1_000, 10_000];

/**
 * One segment's fields: used to add a segment below the list, and to edit
 * one in its row. Times are typed as m:ss or h:mm:ss and checked here
 * before they are sent; buttons move them by a second or ten. A new
 * segment's slug follows its title until the organiser types one; a saved
 * segment keeps its slug (links to it may have been shared). An edit sends
 * only what changed.
 */
export function SegmentForm({ event, segment, idPrefix: p, taken, start = 0, end = 0, durationMs, onSaved, onCancel }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const [title, setTitle] = useState(segment?.title ?? "");
  const [slug, setSlug] = useState(segment?.slug ?? "");
  const [slugTyped, setSlugTyped] = useState(false);
  const suggested = () => ({ start: clockField(start), end: end ? clockField(end) : "" });
  const [times, setTimes] = useState(segment ? { start: clockField(segment.start_ms), end: clockField(segment.end_ms) } : suggested());
  // A new segment's times follow the list (it starts where the segments end) until the organiser changes them.
  const timesChanged = useRef(false);
  useEffect(() => {
    if (!segment && !timesChanged.current) setTimes(suggested());
  }, [start, end]);
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [said, say] = useState("");
  const labels = {
    [`${p}title`]: "Title", [`${p}slug`]: "Slug", [`${p}start_ms`]: "Start", [`${p}end_ms`]: "End",
    [`${p}description`]: "Description", [`${p}speakers`]: "Speakers",
  };
  // The form's own checks, while they fail, stand for the server's (which are then out of date).
  const shown = Object.keys(checked).length ? checked : errors;
  const fieldErrors = Object.fromEntries(Object.entries(shown).map(([k, v]) => [`${p}${k.replace(/\[\d+\]$/, "")}`, v]));
  // The saved speakers stay choices even if they have left the event, so that they can be unticked.
  const choices = [
    ...event.speakers.map((s) => ({ value: s.person_id, label: s.name })),
    ...(segment?.speakers ?? []).filter((id) => !event.speakers.some((s) => s.person_id === id))
      .map((id) => ({ value: id, label: "A speaker no longer on this event" })),
  ];

  const onTitle = (value: string) => {
    setTitle(value);
    if (!segment && !slugTyped) setSlug(value.trim() ? suggestSlug(value, taken) : "");
  };
  const move = (field: "start" | "end", delta: number) => {
    const ms = nudge(times[field], delta, durationMs);
    if (ms === null) {
      setChecked({ [`${field}_ms`]: `Enter the ${field} as ${timeFormat}.` });
      return;
    }
    timesChanged.current = true;
    setTimes((t) => ({ ...t, [field]: clockField(ms) }));
    say(`${field === "start" ? "Start" : "End"}: ${clockField(ms)}.`);
  };
  const reset = (form: HTMLFormElement) => {
    form.reset();
    setTitle("");
    setSlug("");
    setSlugTyped(false);
    timesChanged.current = false;
    setTimes(suggested());
  };

  const timeField = (field: "start" | "end", label: string) => {
    const id = `${p}${field}_ms`;
    return (
      <FormField id={id} label={label} hint={`As ${timeFormat}.`} error={fieldErrors[id]}>
        {(d) => (
          <div class="segment-form__time">
            <input id={id} name={`${field}_ms`} class="segment-form__clock" value={times[field]} aria-describedby={d}
              autoComplete="off" spellcheck={false} onInput={(e) => {
                const value = e.currentTarget.value;
                timesChanged.current = true;
                setTimes((t) => ({ ...t, [field]: value }));
              }} />
            <div class="segment-form__nudges" role="group" aria-label={`Move the ${field}`}>
              {steps.map((step) => (
                <button key={step} type="button" class="secondary" onClick={() => move(field, step)}>
                  {step < 0 ? "−" : "+"}{Math.abs(step) / 1000} s
                </button>
              ))}
            </div>
          </div>
        )}
      </FormField>
    );
  };

  return (
    <form noValidate class="segment-form" aria-label={segment ? `Edit “${segment.title}”` : undefined} onSubmit={(e) => {
      e.preventDefault();
      const form = e.currentTarget;
      const data = new FormData(form);
      const check = checkSegment({ title, slug, start: times.start, end: times.end }, durationMs);
      setChecked(check.errors);
      if (Object.keys(check.errors).length) return;
      const fields = {
        title: title.trim(), slug: slug.trim(), description: String(data.get("description") ?? ""),
        start_ms: check.start_ms!, end_ms: check.end_ms!, speakers: data.getAll("speakers").map(String),
      };
      submit(async () => {
        try {
          if (segment) {
            onSaved(await api.patch<SegmentSaved>(`${segmentsPath(event.id)}/${segment.id}`, changes(segment, fields)));
            return;
          }
          const saved = await api.post<SegmentSaved>(segmentsPath(event.id), fields);
          reset(form);
          say(`Added “${saved.segment.title}”.`);
          onSaved(saved);
        } catch (err) {
          throw slugTaken(err);
        }
      });
    }}>
      {segment ? <h3 class="visually-hidden">Edit “{segment.title}”</h3> : <h3>Add a segment</h3>}
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      <p class="visually-hidden" role="status">{said}</p>
      <FormField id={`${p}title`} label="Title" error={fieldErrors[`${p}title`]}>
        {(d) => <input id={`${p}title`} name="title" value={title} aria-describedby={d} onInput={(e) => onTitle(e.currentTarget.value)} />}
      </FormField>
      <FormField id={`${p}slug`} label="Slug" error={fieldErrors[`${p}slug`]}
        hint={segment
          ? "The end of the segment's address: lower-case words joined by hyphens. Changing it breaks links already shared."
          : "The end of the segment's address: lower-case words joined by hyphens. Suggested from the title until you change it."}>
        {(d) => <input id={`${p}slug`} name="slug" value={slug} aria-describedby={d} autoComplete="off" spellcheck={false}
          // Typed by the organiser: theirs from now on. Emptied: suggest again.
          onInput={(e) => { setSlug(e.currentTarget.value); setSlugTyped(e.currentTarget.value !== ""); }} />}
      </FormField>
      {timeField("start", "Start")}
      {timeField("end", "End")}
      <FormField id={`${p}description`} label="Description" error={fieldErrors[`${p}description`]}>
        {(d) => <textarea id={`${p}description`} name="description" rows={2} defaultValue={segment?.description} aria-describedby={d} />}
      </FormField>
      {choices.length > 0 && (
        <Checkboxes name="speakers" idPrefix={`${p}speakers`} legend="Speakers" error={fieldErrors[`${p}speakers`]}
          items={choices} checked={segment?.speakers ?? []} />
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>{segment ? "Save segment" : "Add segment"}</button>
        {onCancel && <button type="button" class="secondary" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}

type Fields = { title: string; slug: string; description: string; start_ms: number; end_ms: number; speakers: string[] };

/** The fields that differ from the segment as saved: an unchanged save sends nothing to change. */
export function changes(saved: Segment, f: Fields): Partial<Fields> {
  const out: Partial<Fields> = {};
  if (f.title !== saved.title) out.title = f.title;
  if (f.slug !== saved.slug) out.slug = f.slug;
  if (f.description.trim() !== saved.description) out.description = f.description;
  if (f.start_ms !== saved.start_ms) out.start_ms = f.start_ms;
  if (f.end_ms !== saved.end_ms) out.end_ms = f.end_ms;
  const same = f.speakers.length === saved.speakers.length && f.speakers.every((id) => saved.speakers.includes(id));
  if (!same) out.speakers = f.speakers;
  return out;
}

/** A slug another segment has (409) is told beside the slug field. */
function slugTaken(err: unknown): unknown {
  if (err instanceof ApiError && err.status === 409 && /slug/i.test(err.message)) {
    return new ApiError({ ...err.problem, errors: { slug: err.message } });
  }
  return err;
}
