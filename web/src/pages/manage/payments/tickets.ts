// Ticket types and promo codes as the Payments section reads and writes
// them: the API's paths, the words a list row uses, and the conversion
// between a form's text and the API's input.
import type { Schemas } from "../../../api/client";
import { sectorNames } from "../../../lib/sectors";
import { fromZonedInputKeeping } from "../../../lib/time";
import { formatMoney } from "../../../lib/money";

export type TicketType = Schemas["TicketType"];
export type TicketTypeInput = Schemas["TicketTypeInput"];
export type PromoCode = Schemas["PromoCode"];
export type PromoCodeInput = Schemas["PromoCodeInput"];
export type Eligibility = Schemas["Eligibility"];
export type Sector = Schemas["Sector"];

export const ticketTypesPath = (eventID: string) => `/api/v1/manage/events/${eventID}/ticket-types`;
export const promoCodesPath = (eventID: string) => `/api/v1/manage/events/${eventID}/promo-codes`;

/** The order the API lists types in (as they were made); the list keeps it after a change. */
export function byCreation<T extends { created_at: string; id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
}

/** Who may buy a type, in words. */
export function eligibilityWords(t: Pick<TicketType, "eligibility" | "sectors" | "email_domains">): string {
  if (t.eligibility === "sectors") return `Only people in ${t.sectors.map((s) => sectorNames[s] ?? s).join(", ")}`;
  if (t.eligibility === "email_domains") return `Only email addresses at ${t.email_domains.join(", ")}`;
  return "Anyone";
}

/** How many of a type there are, in words. */
export function quantityWords(quantity: number | null): string {
  return quantity === null ? "As many as the event has places" : `${quantity} ${quantity === 1 ? "ticket" : "tickets"}`;
}

/** A time on the event's clock: "5 Jun 2025, 10:00 BST". */
export function zonedTime(iso: string, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: zone, timeZoneName: "short",
  }).format(new Date(iso));
}

/** When a type is on sale, on the event's clock. */
export function salesWindowWords(open: string | null, close: string | null, zone: string): string {
  if (open && close) return `From ${zonedTime(open, zone)} until ${zonedTime(close, zone)}`;
  if (open) return `From ${zonedTime(open, zone)}`;
  if (close) return `Until ${zonedTime(close, zone)}`;
  return "No opening or closing time";
}

/** What a code takes off: "25% off" or "£5.00 off". */
export function discountWords(p: Pick<PromoCode, "percent_off" | "amount_off" | "currency">): string {
  return p.percent_off !== null ? `${p.percent_off}% off` : `${formatMoney(p.amount_off ?? 0, p.currency, "")} off`;
}

/** A code's uses: "3 of 10" or "3 used". */
export function usesWords(p: Pick<PromoCode, "uses" | "max_uses">): string {
  return p.max_uses !== null ? `${p.uses} of ${p.max_uses}` : `${p.uses} used`;
}

/** The types a code is limited to, by name. */
export function limitedToWords(ids: readonly string[], types: readonly TicketType[]): string {
  if (ids.length === 0) return "Every ticket type";
  return ids.map((id) => types.find((t) => t.id === id)?.name ?? "a ticket type that was removed").join(", ");
}

/** A whole number typed in a field: null for empty, or why not. */
export function parseCount(text: string, what: string, min: number, max: number): { value: number | null; error?: string } {
  const t = text.trim().replace(/,/g, "");
  if (t === "") return { value: null };
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) return { value: null, error: `Enter ${what} as a whole number from ${min} to ${max}, or leave it empty.` };
  return { value: Number(t) };
}

/** A datetime-local field on the event's clock as an instant: null when empty; the saved instant when untouched. */
export function instantOrNull(wall: string, zone: string, saved: string | null | undefined): string | null {
  return wall ? fromZonedInputKeeping(wall, zone, { instant: saved, zone }) : null;
}

/** The lines of a textarea, trimmed, without blank ones. */
export const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** The server's errors keyed by field ("sectors[1]" is "sectors"), with the form's prefix. */
export function prefixed(errors: Record<string, string>, p: string): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${p}${k.replace(/\[\d+\]$/, "")}`, v]));
}
