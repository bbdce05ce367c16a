import type { Schemas } from "../../api/client";
import { messageKindNames, messageStatusNames, messageStatusNotes } from "../../lib/mail";
import { Timestamp } from "./Timestamp";

type Message = Schemas["MessageSummary"];
type Props = {
  messages: Message[];
  zone: string;
  /** False when no mail server is set: the section says so once, so rows do not repeat it. */
  mailServer?: boolean;
  onPreview: (id: string, opener: HTMLButtonElement) => void;
};

/** The outbox as a table: what each message is, to whom, and how it went. */
export function MessageTable({ messages, zone, mailServer = true, onPreview }: Props) {
  return (
    <table class="manage-table message-table">
      <caption class="visually-hidden">Messages, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Message</th><th scope="col">To</th><th scope="col">Status</th><th scope="col">Attempts</th>
          <th scope="col">Created</th><th scope="col">Sent</th><th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {messages.map((m) => (
          <tr key={m.id}>
            <td data-label="Message">
              <strong>{messageKindNames[m.kind] ?? m.kind}</strong><br />
              {m.subject || <span class="muted">Subject not written yet</span>}
            </td>
            <td data-label="To" class="message-table__to">{m.to}</td>
            <td data-label="Status"><MessageStatus message={m} explain={mailServer || m.status !== "not_delivered"} /></td>
            <td data-label="Attempts">{m.attempts}</td>
            <td data-label="Created"><Timestamp iso={m.created_at} zone={zone} /></td>
            <td data-label="Sent"><Timestamp iso={m.sent_at} zone={zone} /></td>
            <td>
              <button type="button" class="secondary" onClick={(e) => onPreview(m.id, e.currentTarget)}>
                Preview <span class="visually-hidden">the {(messageKindNames[m.kind] ?? m.kind).toLowerCase()} to {m.to}</span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A message's status in words and, unless the section already explains
 *  it, why it did not go and its last error. */
function MessageStatus({ message, explain }: { message: Message; explain: boolean }) {
  const note = messageStatusNotes[message.status];
  return (
    <>
      <span class={`message-status message-status--${message.status}`}>{messageStatusNames[message.status] ?? message.status}</span>
      {explain && note && <span class="hint">{note}</span>}
      {explain && message.last_error && <span class="hint">Last error: {message.last_error}</span>}
    </>
  );
}
