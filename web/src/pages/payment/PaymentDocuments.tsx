import { useState } from "preact/hooks";
import type { PaymentDocument } from "../../api/client";
import { documentTitle, downloadDocument } from "./payment";
import "./PaymentDocuments.css";

/** The receipts, invoices and credit notes of a payment, each a PDF to download. */
export function PaymentDocuments({ token, documents }: { token: string; documents: readonly PaymentDocument[] }) {
  const [problem, setProblem] = useState("");
  if (documents.length === 0) return null;
  const download = (d: PaymentDocument) => {
    setProblem("");
    downloadDocument(token, d).catch((e: Error) => setProblem(e.message));
  };
  return (
    <>
      <ul class="payment-documents">
        {documents.map((d) => (
          <li key={d.id}>
            <button type="button" class="secondary" onClick={() => download(d)}>Download the {documentTitle(d)} (PDF)</button>
          </li>
        ))}
      </ul>
      {problem && <p class="field-error" role="alert">{problem}</p>}
    </>
  );
}
