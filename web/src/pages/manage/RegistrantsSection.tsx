import { useEffect, useState } from "preact/hooks";
import { api, type EventDetail, type RegistrationPage } from "../../api/client";
import { useSubmit } from "../../lib/forms";
import { sectorNames } from "../../lib/sectors";
import { ErrorSummary } from "../../components/ErrorSummary";
import { FilterSelect } from "../../components/FilterSelect";

const statusNames = Object.fromEntries(
  ["confirmed", "waitlisted", "pending_approval", "rejected", "cancelled"].map((s) => [s, s.replace("_", " ")]),
);

/** Who registered: filters, decisions one by one or in bulk, CSV. */
export function RegistrantsSection({ event }: { event: EventDetail }) {
  const base = `/api/v1/manage/events/${event.id}/registrations`;
  const [filter, setFilter] = useState({ status: "", q: "" });
  const [page, setPage] = useState<RegistrationPage | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [notice, setNotice] = useState("");
  const { errors, message, busy, submit } = useSubmit();

  const load = () => {
    const params = new URLSearchParams();
    if (filter.status) params.set("status", filter.status);
    if (filter.q) params.set("q", filter.q);
    api.get<RegistrationPage>(`${base}?${params}`).then(setPage);
  };
  useEffect(load, [filter.status, filter.q]);

  const act = (path: string, body?: unknown, done?: string) => submit(async () => {
    await api.post(path, body);
    setSelected([]);
    setNotice(done ?? "Done.");
    load();
  });

  return (
    <section class="editor-section" aria-labelledby="registrants-title">
      <h2 id="registrants-title">Registrations</h2>
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
      </p>
      <p role="status">{notice}</p>
      {page && page.items.length === 0 && <p>No registrations match.</p>}
      {page && page.items.length > 0 && (
        <table class="manage-table">
          <caption class="visually-hidden">Registrations</caption>
          <thead><tr><th scope="col">Select</th><th scope="col">Name</th><th scope="col">Organisation</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {page.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <input type="checkbox" id={`select-${r.id}`} checked={selected.includes(r.id)}
                    onChange={(e) => setSelected((s) => (e.currentTarget as HTMLInputElement).checked ? [...s, r.id] : s.filter((x) => x !== r.id))} />
                  <label for={`select-${r.id}`} class="visually-hidden">Select {r.first_name} {r.last_name}</label>
                </td>
                <td>{r.first_name} {r.last_name}<br /><span class="muted">{r.email}</span></td>
                <td>{r.organisation}<br /><span class="muted">{sectorNames[r.sector] ?? r.sector}</span></td>
                <td>{r.status.replace("_", " ")}{r.attended_at && " · attended"}</td>
                <td class="part-actions">
                  {r.status === "pending_approval" && <button type="button" class="secondary" onClick={() => act(`${base}/${r.id}/approve`)}>Approve<span class="visually-hidden"> {r.first_name} {r.last_name}</span></button>}
                  {r.status === "waitlisted" && <button type="button" class="secondary" onClick={() => act(`${base}/${r.id}/promote`)}>Give a place<span class="visually-hidden"> to {r.first_name} {r.last_name}</span></button>}
                  {r.status === "confirmed" && !r.attended_at && <button type="button" class="secondary" onClick={() => act(`${base}/${r.id}/check-in`)}>Check in<span class="visually-hidden"> {r.first_name} {r.last_name}</span></button>}
                  {(r.status === "confirmed" || r.status === "waitlisted" || r.status === "pending_approval") &&
                    <button type="button" class="secondary" onClick={() => act(`${base}/${r.id}/cancel`)}>Cancel<span class="visually-hidden"> {r.first_name} {r.last_name}</span></button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
