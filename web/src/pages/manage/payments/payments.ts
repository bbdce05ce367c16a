// The event's payments as the organiser's Payments section reads them:
// the API's paths, the refund policy in words, and what it would refund.
import type { Schemas } from "../../../api/client";
import { formatMoney } from "../../../lib/money";
import { zonedTime } from "./tickets";

export type PaymentRow = Schemas["PaymentRow"];
export type PaymentList = Schemas["PaymentList"];
export type PaymentSettings = Schemas["PaymentSettings"];

export const paymentsPath = (eventID: string) => `/api/v1/manage/events/${eventID}/payments`;
export const paymentSettingsPath = (eventID: string) => `/api/v1/manage/events/${eventID}/payment-settings`;
export const refundPath = (eventID: string, registrationID: string) => `/api/v1/manage/events/${eventID}/registrations/${registrationID}/refund`;

const dayMs = 86_400_000;

/** The last instant the policy refunds in full: days before the start; null when it never does. */
export function refundDeadline(days: number | null, startsAt: string): Date | null {
  return days === null ? null : new Date(new Date(startsAt).getTime() - days * dayMs);
}

/** What refunding a paid row gives back by the policy now: what is left of it until the deadline, nothing after. */
export function policyRefund(row: Pick<PaymentRow, "amount" | "refunded_amount">, days: number | null, startsAt: string, now = new Date()): number {
  const deadline = refundDeadline(days, startsAt);
  return deadline && now.getTime() <= deadline.getTime() ? Math.max(0, row.amount - row.refunded_amount) : 0;
}

/** The policy as a sentence: "Cancelling refunds in full until 14 days before the start (…)". */
export function policyWords(days: number | null, startsAt: string, zone: string): string {
  const deadline = refundDeadline(days, startsAt);
  if (!deadline) return "The event's refund policy gives no refunds.";
  const when = days === 0 ? "until the start" : `until ${days} ${days === 1 ? "day" : "days"} before the start`;
  return `The event's refund policy refunds in full ${when} (${zonedTime(deadline.toISOString(), zone)}), nothing after.`;
}

/** "Taken £120.00; refunded £12.00; held and not yet paid £24.00", over the whole event. */
export function totalsWords(t: PaymentList["totals"]): string {
  if (!t.currency) return "No payments yet.";
  const money = (minor: number) => formatMoney(minor, t.currency ?? "GBP", "");
  return `Taken ${money(t.paid)}; refunded ${money(t.refunded)}; held and not yet paid ${money(t.due)}.`;
}
