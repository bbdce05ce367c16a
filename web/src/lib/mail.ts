// Words for the mail parts of the organiser's editor: what each message
// kind, status and segment is called, and how far ahead a reminder goes.
import type { Schemas } from "../api/client";

type MessageKind = Schemas["MessageKind"];
type MessageStatus = Schemas["MessageStatus"];
type Segment = Schemas["Segment"];

/** What each kind of message is for. */
export const messageKindNames: Record<MessageKind, string> = {
  confirmation: "Confirmation",
  waitlisted: "Waiting list",
  promoted: "Place offered",
  pending_approval: "Awaiting approval",
  approved: "Approved",
  rejected: "Not approved",
  cancelled: "Cancellation",
  manage_link: "Manage link",
  reminder: "Reminder",
  event_changed: "Event changed",
  event_cancelled: "Event cancelled",
  follow_up_attended: "Follow-up: attended",
  follow_up_missed: "Follow-up: missed",
  broadcast: "Broadcast",
  broadcast_test: "Test broadcast",
  comment_received: "Comment received",
  comment_reply: "Reply to a comment",
  payment_due: "Payment due",
  hold_released: "Held place released",
  payment_refunded: "Refund issued",
  payment_too_late: "Late payment refunded",
  invoice_due: "Invoice: place held",
};

/** Each status in words, so that it never rests on colour alone. */
export const messageStatusNames: Record<MessageStatus, string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  suppressed: "Suppressed",
  not_delivered: "Not delivered",
};

/** Why a message that did not go did not go. */
export const messageStatusNotes: Partial<Record<MessageStatus, string>> = {
  failed: "The mail server refused it or delivery was interrupted.",
  suppressed: "The address bounced, complained or unsubscribed.",
  not_delivered: "No mail server is set up.",
};

/** Who a broadcast goes to. */
export const segmentNames: Record<Segment, string> = {
  everyone: "Everyone registered",
  attended: "Those who attended",
  not_attended: "Those who did not attend",
  waitlisted: "Those on the waiting list",
  sector: "Those in one sector",
};

/** "1 day", "3 days". */
export const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "24 hours before", "1 hour before", "90 minutes before", "7 days before". */
export function describeLead(minutes: number): string {
  if (minutes >= 2880 && minutes % 1440 === 0) return `${plural(minutes / 1440, "day")} before`;
  if (minutes % 60 === 0) return `${plural(minutes / 60, "hour")} before`;
  return `${plural(minutes, "minute")} before`;
}

/** "1 recipient", "12 recipients". */
export function countRecipients(n: number): string {
  return plural(n, "recipient");
}
