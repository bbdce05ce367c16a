// An attendee's payment as their pages read it: the API's paths, the
// statuses still waiting on Stripe, and the words for times and documents.
import type { PaymentDocument, PaymentState } from "../../api/client";
import { instantTimes } from "../../lib/time";
import { saveResponse } from "../../lib/download";

export const paymentPath = "/api/v1/registration/payment";
export const checkoutPath = "/api/v1/registration/payment/checkout";
export const returnPath = "/api/v1/registration/payment/return";

/** Not settled yet: the server has not said paid or released, so nothing may be called a failure. */
export const isPending = (status: PaymentState["status"]) => status === "due" || status === "processing";

/** The viewer's own time zone, for times shown beside the event's. */
export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "Thursday 5 June 2031, 10:30 BST (11:30 CEST your time)": the event's clock, and the viewer's when it differs. */
export function timeWords(iso: string, eventZone: string, zone = viewerZone()): string {
  const t = instantTimes(iso, eventZone, zone);
  return t.viewer ? `${t.event} (${t.viewer} your time)` : t.event;
}

const kindNames: Record<PaymentDocument["kind"], string> = { receipt: "receipt", invoice: "invoice", credit_note: "credit note" };

/** "receipt R-000001": what a document is, as its download link says. */
export const documentTitle = (d: PaymentDocument) => `${kindNames[d.kind] ?? "document"} ${d.number}`;

/** The file's name: its number as printed, "R-000001.pdf". */
export const documentFileName = (d: PaymentDocument) => `${d.number.replace(/[^\w.-]+/g, "-")}.pdf`;

/**
 * Fetches a document's PDF with the manage link's token (a plain link
 * could not send it) and hands it to the browser as a download.
 */
export async function downloadDocument(token: string, d: PaymentDocument): Promise<void> {
  const resp = await fetch(`/api/v1/registration/documents/${encodeURIComponent(d.id)}/pdf`, { headers: { Authorization: `Bearer ${token}` } });
  await saveResponse(resp, documentFileName(d), `${documentTitle(d)} could not be downloaded. Try again later.`);
}
