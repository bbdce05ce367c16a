import { useEffect, useRef, useState } from "preact/hooks";
import { api, type EventDetail, type Registration, type RegistrationPage, type Schemas } from "../../api/client";
import { useSubmit } from "../../lib/forms";
import { sectorNames } from "../../lib/sectors";
import { ErrorSummary } from "../../components/ErrorSummary";
import { FilterSelect } from "../../components/FilterSelect";
import { ConfirmButton } from "../../components/ConfirmDialog";
import { decisionConsequence } from "../../lib/consequences";
import { Tag, type TagColour } from "../../components/Tag";
import { Timestamp } from "./Timestamp";
import { RegistrantAnswers } from "./RegistrantAnswers";
import { RegistrantsSummary } from "./RegistrantsSummary";
import "./RegistrantsSection.css";

const statusNames = Object.fromEntries(
  ["confirmed", "waitlisted", "pending_approval", "rejected", "cancelled"].map((s) => [s, s.replace("_", " ")]),
);
/** Each status's tag colour; the tag's words say the status. */
const statusColours: Record<string, TagColour> = {
  confirmed: "green", waitlisted: "yellow", pending_approval: "blue", pending_payment: "orange", rejected: "red", cancelled: "grey",
};

/** Who registered: filters, decisions one by one or in bulk, CSV. */
export function RegistrantsSection({ event }: { event: EventDetail }) {
  const base = `/api/v1/manage/events/${event.id}/registrations`;
  const [filter, setFilter] = useState({ status: "", q: "" });
  const [page, setPage] = useState<RegistrationPage | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [notice, setNotice] = useState("");
  const [counts, setCounts] = useState<Schemas["RegistrationCounts"] | null>(null);
  const [questions, setQuestions] = useState<Schemas["Question"][]>([]);
  const { errors, message, busy, submit } = useSubmit();

  const noticeLine = useRef<HTMLParagraphElement>(null);

  const fetchPage = (after: string | null) => {
    const params = new URLSearchParams();
    if (filter.status) params.set("status", filter.status);
    if (filter.q) params.set("q", filter.q);
    if (after) params.set("cursor", after);
    return api.get<RegistrationPage>(`${base}?${params}`);
  };
  const load = async () => {
    const [first, numbers] = await Promise.all([fetchPage(null), api.get<Schemas["RegistrationCounts"]>(`/api/v1/manage/events/${event.id}/registration-counts`)]);
    setPage(first);
    setCounts(numbers);
  };
  const loadMore = () => submit(async () => {
    const next = await fetchPage(page?.next_cursor ?? null);
    setPage((shown) => ({ items: [...(shown?.items ?? []), ...next.items], next_cursor: next.next_cursor }));
  });
  useEffect(() => { load(); }, [filter.status, filter.q]);
  useEffect(() => {
    api.get<{ items: Schemas["Question"][] }>(`/api/v1/manage/events/${event.id}/questions`).then((r) => setQuestions(r.items));
  }, [event.id]);

  // The button pressed may be gone once the list reloads, so focus goes to the outcome.
  const act = (path: string, body?: unknown, done?: string) => submit(async () => {
    await api.post(path, body);
    setSelected([]);
    setNotice(done ?? "Done.");
    await load();
    noticeLine.current?.focus();
  });

  return (
    <section class="editor-section" aria-labelledby="registrants-title">
      <h2 id="registrants-title">Registrations</h2>
      <RegistrantsSummary event={event} counts={counts} />
      <ErrorSummary message={message} errors={errors} labels={{}} />
      <form class="registrant-filters" onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        setFilter({ status: String(data.get("status") ?? ""), q: String(data.get("q") ?? "") });
      }}>
        <FilterSelect id="filter-status" name="status" label="Status" options={statusNames} />
        <div>
          <label for="filter-q">Name or email</label>
          <input id="filter-q" name="q" type="search" />
        </div>
        <div class="actions"><button type="submit" class="secondary">Filter</button></div>
      </form>
      <p class="actions">
        <a class="button button--secondary" href={`/api/v1/manage/events/${event.id}/export/registrations.csv`} download>Download CSV</a>
        <button type="button" disabled={busy || selected.length === 0} onClick={() => act(`${base}/bulk`, { action: "approve", ids: selected }, "The selected registrations are approved.")}>
          Approve selected ({selected.length})
        </button>
        {(["reject", "cancel"] as const).map((action) => (
          <ConfirmButton key={action} class="secondary" disabled={busy || selected.length === 0}
            label={`${action === "reject" ? "Reject" : "Cancel"} selected (${selected.length})`}
            title={`${action === "reject" ? "Reject" : "Cancel"} ${selected.length === 1 ? "the selected registration" : `${selected.length} selected registrations`}?`}
            consequence={() => decisionConsequence(action, (page?.items ?? []).filter((r) => selected.includes(r.id)))}
            confirmLabel={`Yes, ${action} ${selected.length === 1 ? "it" : "them"}`} keepLabel="Keep them as they are"
            onConfirm={() => act(`${base}/bulk`, { action, ids: selected }, `The selected registrations are ${action === "reject" ? "rejected" : "cancelled"}.`)} />
        ))}
      </p>
      <p role="status" tabIndex={-1} ref={noticeLine}>{notice}</p>
      {page && page.items.length === 0 && <p>No registrations match.</p>}
      {page && page.items.length > 0 && (
        <table class="manage-table registrants-table">
          <caption class="visually-hidden">Registrations, in the order they arrived</caption>
          <thead>
            <tr>
              <th scope="col">Select</th><th scope="col">Name</th><th scope="col">Organisation</th><th scope="col">Status</th>
              <th scope="col">Registered</th>{questions.length > 0 && <th scope="col">Answers</th>}<th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <input type="checkbox" id={`select-${r.id}`} checked={selected.includes(r.id)}
                    onChange={(e) => setSelected((s) => (e.currentTarget as HTMLInputElement).checked ? [...s, r.id] : s.filter((x) => x !== r.id))} />
                  <label for={`select-${r.id}`} class="visually-hidden">Select {r.first_name} {r.last_name}</label>
                </td>
                <td>{r.first_name} {r.last_name}<br /><span class="muted registrants-table__email">{r.email}</span></td>
                <td data-label="Organisation">{r.organisation || <span class="muted">None given</span>}<br /><span class="muted">{sectorNames[r.sector] ?? r.sector}</span></td>
                <td data-label="Status">
                  <span class="registrants-table__tags">
                    <Tag colour={statusColours[r.status] ?? "grey"}>{statusNames[r.status] ?? r.status.replace("_", " ")}</Tag>
                    {r.attended_at && <Tag colour="purple">attended</Tag>}
                  </span>
                </td>
                <td data-label="Registered"><Timestamp iso={r.created_at} zone={event.timezone} /></td>
                {questions.length > 0 && <td data-label="Answers"><RegistrantAnswers answers={r.answers as Record<string, unknown>} questions={questions} /></td>}
                <td><RowActions r={r} busy={busy} act={(action) => act(`${base}/${r.id}/${action}`)} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page?.next_cursor && <div class="actions"><button type="button" class="secondary" disabled={busy} onClick={loadMore}>Load more registrations</button></div>}
    </section>
  );
}

type RowProps = { r: Registration; busy: boolean; act: (action: string) => Promise<void> };

/** The decisions open to one registration; rejecting and cancelling email the
 *  registrant and cannot be undone, so they are confirmed first. */
function RowActions({ r, busy, act }: RowProps) {
  const name = `${r.first_name} ${r.last_name}`;
  const hidden = (text: string) => <span class="visually-hidden">{text}</span>;
  const decide = (action: "reject" | "cancel", verb: string) => (
    <ConfirmButton class="secondary" disabled={busy} label={<>{verb}{hidden(` ${name}`)}</>}
      title={`${verb} ${name}’s registration?`} consequence={() => decisionConsequence(action, [r])}
      confirmLabel={`Yes, ${action} it`} keepLabel="Keep the registration" onConfirm={() => act(action)} />
  );
  return (
    <div class="part-actions">
      {r.status === "pending_approval" && <button type="button" class="secondary" disabled={busy} onClick={() => act("approve")}>Approve{hidden(` ${name}`)}</button>}
      {r.status === "waitlisted" && <button type="button" class="secondary" disabled={busy} onClick={() => act("promote")}>Give a place{hidden(` to ${name}`)}</button>}
      {r.status === "confirmed" && !r.attended_at && <button type="button" class="secondary" disabled={busy} onClick={() => act("check-in")}>Check in{hidden(` ${name}`)}</button>}
      {(r.status === "pending_approval" || r.status === "waitlisted") && decide("reject", "Reject")}
      {r.status !== "cancelled" && r.status !== "rejected" && decide("cancel", "Cancel")}
    </div>
  );
}
