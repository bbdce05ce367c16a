// The seller on every receipt, invoice and credit note, and the event's
// documents, as the organiser's Payments section reads them: the API's
// paths, the VAT rate as a percentage, and a PDF fetched as a download.
import { api, type Schemas } from "../../../api/client";
import { saveResponse } from "../../../lib/download";

export type Seller = Schemas["Seller"];
export type SellerInput = Schemas["SellerInput"];
export type Document = Schemas["Document"];
export type DocumentList = Schemas["DocumentList"];

export const sellerPath = "/api/v1/manage/seller";
export const documentsPath = (eventID: string) => `/api/v1/manage/events/${eventID}/documents`;
export const documentPDFPath = (id: string) => `/api/v1/manage/documents/${encodeURIComponent(id)}/pdf`;
export const overdueInvoicesPath = "/api/v1/manage/invoices/overdue";
export const markPaidPath = (id: string) => `/api/v1/manage/documents/${encodeURIComponent(id)}/paid`;

/** "20" for 2000 basis points, "12.5" for 1250, "12.05" for 1205: as text, never through a float. */
export function percentText(bp: number): string {
  const sign = bp < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(bp));
  const whole = Math.floor(abs / 100);
  const hundredths = String(abs % 100).padStart(2, "0").replace(/0+$/, "");
  return `${sign}${whole}${hundredths ? `.${hundredths}` : ""}`;
}

/** A percentage typed in the form ("20", "12.5", "12.5 %") as basis points, or why not. */
export function parsePercent(text: string): { value: number | null; error?: string } {
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(text.trim().replace(/\s*%$/, ""));
  const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : NaN;
  if (!m || bp > 10000) return { value: null, error: "Enter the VAT rate as a percentage from 0 to 100, with at most two decimals, like 20 or 12.5." };
  return { value: bp };
}

const kindNames: Record<Document["kind"], string> = { receipt: "Receipt", invoice: "Invoice", credit_note: "Credit note" };

/** "Receipt", "Invoice" or "Credit note". */
export const kindName = (kind: Document["kind"]) => kindNames[kind] ?? kind;

/** The file's name: its number as printed, "INV-000001.pdf". */
export const documentFileName = (d: Pick<Document, "number_text">) => `${d.number_text.replace(/[^\w.-]+/g, "-")}.pdf`;

/**
 * Fetches a document's PDF with the session cookie and hands it to the
 * browser as a download named by its number.
 */
export async function downloadDocumentPDF(d: Pick<Document, "id" | "number_text">): Promise<void> {
  const resp = await fetch(documentPDFPath(d.id), { credentials: "same-origin", headers: { Accept: "application/pdf" } });
  await saveResponse(resp, documentFileName(d), `${d.number_text} could not be downloaded. Try again later.`);
}

/** Marks an invoice paid, tells onMarkedPaid (the page's other lists), and says so. */
export async function markInvoicePaid(invoice: Document, onMarkedPaid?: (invoice: Document) => void): Promise<string> {
  await api.post<Document>(markPaidPath(invoice.id));
  onMarkedPaid?.(invoice);
  return `${invoice.number_text} is marked paid.`;
}
