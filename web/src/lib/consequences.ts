// The consequences the confirmation steps state, in one place, from the
// server's figures, so that what the organiser is told stays true.
import { api, type Registration, type Schemas } from "../api/client";
import { plural } from "./mail";

type Counts = Schemas["RegistrationCounts"];

/** Registrants who are emailed when their event changes or is called off
 *  (the server's mail.active: confirmed, waitlisted, awaiting approval). */
export function registrantsTold(c: Counts): number {
  return c.confirmed + c.waitlisted + c.pending_approval;
}

/** What cancelling the event does, with the current number of registrants. */
export async function cancelEventConsequence(eventID: string): Promise<string> {
  const counts = await api.get<Counts>(`/api/v1/manage/events/${eventID}/registration-counts`);
  const told = registrantsTold(counts);
  const emailed = told === 0
    ? "Nobody is registered, so nobody will be emailed."
    : `${plural(told, "registrant")} will be emailed that the event is cancelled.`;
  return `${emailed} A cancelled event cannot be published again.`;
}

/** Who a decision on these registrations reaches: those it applies to. */
export function decisionConsequence(action: "cancel" | "reject", regs: Registration[]): string {
  const allowed = regs.filter((r) => action === "cancel"
    ? r.status !== "cancelled" && r.status !== "rejected"
    : r.status === "pending_approval" || r.status === "waitlisted");
  const left = regs.length - allowed.length;
  const verb = action === "cancel" ? "cancelled" : "rejected";
  if (allowed.length === 0) return `None of ${regs.length === 1 ? "this registration" : `these ${regs.length} registrations`} can be ${verb}: nothing will change.`;
  const who = allowed.length === 1 ? `${allowed[0].first_name} ${allowed[0].last_name}` : plural(allowed.length, "registrant");
  const told = action === "cancel"
    ? `${who} will be emailed that ${allowed.length === 1 ? "their registration is" : "their registrations are"} cancelled.`
    : `${who} will be emailed that ${allowed.length === 1 ? "they have" : "they have each"} not been offered a place.`;
  const seats = action === "cancel" && allowed.some((r) => r.status === "confirmed")
    ? " A place freed goes to the first person on the waiting list, if anyone is waiting." : "";
  const skipped = left > 0 ? ` ${plural(left, "selected registration")} cannot be ${verb} and will stay as ${left === 1 ? "it is" : "they are"}.` : "";
  return `${told}${seats}${skipped} This cannot be undone.`;
}
