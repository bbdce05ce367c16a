import { useEffect, useState } from "preact/hooks";
import { api, type EventListPage, type Receipt } from "../api/client";
import { formValues, useSubmit } from "../lib/forms";
import { FormField } from "./FormField";
import { ErrorSummary } from "./ErrorSummary";
import { Select } from "./Select";
import "./LinkAgainForm.css";

/** "Email me my link again": for one event, or (without a slug, as on a
 *  bad link's page) for an upcoming event the attendee picks. The answer
 *  is the same whether or not the address is registered. */
export function LinkAgainForm({ slug }: { slug?: string }) {
  const [events, setEvents] = useState<EventListPage["items"] | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const { errors, message, busy, submit } = useSubmit();
  useEffect(() => {
    if (!slug) api.get<EventListPage>("/api/v1/events?when=upcoming&limit=100").then((p) => setEvents(p.items)).catch(() => setEvents([]));
  }, [slug]);

  const choices = events ?? [];
  if (!slug && events?.length === 0) return null; // nothing upcoming to ask about
  return (
    <section class="link-again" aria-labelledby="link-again-title">
      <h2 id="link-again-title">Email me my link again</h2>
      <p>Already registered? We will email your private link to the address you registered with.</p>
      <ErrorSummary message={message} errors={errors.email ? { "link-email": errors.email } : {}} labels={{ "link-email": "Registered email" }} />
      {receipt && <p class="notice" role="status">{receipt.message}</p>}
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const v = formValues(e.currentTarget);
        submit(async () => {
          setReceipt(null);
          setReceipt(await api.post<Receipt>(`/api/v1/events/${encodeURIComponent(slug ?? v.event)}/registration-link`, { email: v.email }));
        });
      }}>
        {!slug && (
          <FormField id="link-event" label="Event">
            {(d) => (
              <Select id="link-event" name="event" aria-describedby={d} required value={choices[0]?.slug ?? ""}
                choices={choices.map((e) => [e.slug, e.title] as const)} />
            )}
          </FormField>
        )}
        <FormField id="link-email" label="Registered email" error={errors.email}>
          {(d) => <input id="link-email" name="email" type="email" autoComplete="email" aria-describedby={d} required />}
        </FormField>
        <div class="actions"><button type="submit" class="secondary" disabled={busy || (!slug && choices.length === 0)}>Email me my link</button></div>
      </form>
    </section>
  );
}
