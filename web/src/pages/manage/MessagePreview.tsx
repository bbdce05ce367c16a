import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, type Schemas } from "../../api/client";
import { messageKindNames, messageStatusNames } from "../../lib/mail";
import { EmailPreview } from "./EmailPreview";

type Props = { eventID: string; messageID: string; onClose: () => void };

/** One message from the outbox, rendered as its recipient reads it. */
export function MessagePreview({ eventID, messageID, onClose }: Props) {
  const [detail, setDetail] = useState<Schemas["MessageDetail"] | null>(null);
  const [failed, setFailed] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    api.get<Schemas["MessageDetail"]>(`/api/v1/manage/events/${eventID}/messages/${messageID}`)
      .then(setDetail)
      .catch((e) => setFailed(e instanceof ApiError ? e.message : "The message could not be loaded. Try again."));
  }, [eventID, messageID]);
  // Keyboard and screen-reader users land on what they asked to see.
  useEffect(() => { if (detail) heading.current?.focus(); }, [detail]);

  const kind = detail ? messageKindNames[detail.kind] ?? detail.kind : "";
  return (
    <div class="message-preview">
      {failed && <p role="alert">{failed}</p>}
      {!failed && !detail && <p aria-live="polite">Loading the message…</p>}
      {detail && (
        <>
          <h3 tabIndex={-1} ref={heading}>Preview: {kind} to {detail.to}</h3>
          <EmailPreview
            frameTitle={`HTML part of the ${kind.toLowerCase()} to ${detail.to}`}
            subject={detail.subject} text={detail.text}
            src={`/api/v1/manage/events/${eventID}/messages/${messageID}/preview.html`}
            envelope={[
              ["To", detail.to],
              ["Status", messageStatusNames[detail.status] ?? detail.status],
              ...(detail.attachments.length ? [["Attachments", detail.attachments.join(", ")] as [string, string]] : []),
            ]}
          />
        </>
      )}
      <div class="actions"><button type="button" class="secondary" onClick={onClose}>Close preview</button></div>
    </div>
  );
}
