import { api, type EventDetail } from "../../../api/client";
import { ListEditor } from "../../../components/ListEditor";
import { SummaryList } from "../../../components/SummaryList";
import { formatMoney } from "../../../lib/money";
import { TicketTypeForm } from "./TicketTypeForm";
import { eligibilityWords, quantityWords, salesWindowWords, ticketTypesPath, type TicketType } from "./tickets";

type Props = {
  event: EventDetail;
  types: readonly TicketType[];
  /** Organisers and admins change types; moderators read them. */
  canEdit: boolean;
  busy: boolean;
  /** A type was added or saved. */
  onSaved: (t: TicketType) => void;
  /** Runs a removal through the section's submit, which reports a refusal. */
  onRemove: (t: TicketType) => Promise<void>;
};

/** The event's ticket types: read as a list, edited in their rows, added below. */
export function TicketTypeList({ event, types, canEdit, busy, onSaved, onRemove }: Props) {
  const currency = types[0]?.currency ?? "GBP";
  return (
    <ListEditor label="Ticket types" items={types} keyOf={(t) => t.id} nameOf={(t) => t.name} busy={busy}
      empty={<p>No ticket types yet: registration is free.</p>}
      edit={canEdit ? (t, close) => (
        <TicketTypeForm event={event} ticketType={t} idPrefix={`type-${t.id}-`} onCancel={close} onSaved={(s) => { onSaved(s); close(); }} />
      ) : undefined}
      remove={canEdit ? {
        title: (t) => `Remove the ticket type “${t.name}”?`,
        consequence: () => (
          <p>It is deleted for good and no longer listed among the event's tickets. A type that a promo code is limited to cannot be removed:
            change the code first.</p>
        ),
        keepLabel: "Keep the ticket type",
        onRemove,
      } : undefined}
      add={canEdit ? <TicketTypeForm event={event} idPrefix="type_" currency={currency} onSaved={onSaved} /> : undefined}>
      {(t) => (
        <div class="payments-row">
          <h3 class="payments-row__title">{t.name}</h3>
          {t.description && <p class="payments-row__description">{t.description}</p>}
          <SummaryList rows={[
            { key: "Price", value: formatMoney(t.price, t.currency) },
            { key: "Who may buy it", value: eligibilityWords(t) },
            { key: "How many", value: quantityWords(t.quantity) },
            { key: "On sale", value: salesWindowWords(t.sales_open_at, t.sales_close_at, event.timezone) },
          ]} />
        </div>
      )}
    </ListEditor>
  );
}

/** Removes a type through the API. */
export const deleteTicketType = (eventID: string, t: TicketType) => api.del<void>(`${ticketTypesPath(eventID)}/${t.id}`);
