import { api, type EventDetail } from "../../../api/client";
import { ListEditor } from "../../../components/ListEditor";
import { SummaryList } from "../../../components/SummaryList";
import { PromoCodeForm } from "./PromoCodeForm";
import { discountWords, limitedToWords, promoCodesPath, usesWords, zonedTime, type PromoCode, type TicketType } from "./tickets";

type Props = {
  event: EventDetail;
  codes: readonly PromoCode[];
  types: readonly TicketType[];
  busy: boolean;
  onSaved: (p: PromoCode) => void;
  onRemove: (p: PromoCode) => Promise<void>;
};

/** The event's promo codes: read as a list, edited in their rows, added below. */
export function PromoCodeList({ event, codes, types, busy, onSaved, onRemove }: Props) {
  const currency = types[0]?.currency ?? "GBP";
  return (
    <ListEditor label="Promo codes" items={codes} keyOf={(p) => p.id} nameOf={(p) => p.code} busy={busy}
      empty={<p>No promo codes yet.</p>}
      edit={(p, close) => (
        <PromoCodeForm event={event} promo={p} types={types} currency={currency} idPrefix={`promo-${p.id}-`} onCancel={close}
          onSaved={(s) => { onSaved(s); close(); }} />
      )}
      remove={{
        title: (p) => `Remove the promo code ${p.code}?`,
        consequence: () => <p>It is deleted for good: from then on it takes nothing off, and a buyer who types it is told it is not valid.</p>,
        keepLabel: "Keep the promo code",
        onRemove,
      }}
      add={<PromoCodeForm event={event} types={types} currency={currency} idPrefix="promo_" onSaved={onSaved} />}>
      {(p) => (
        <div class="payments-row">
          <h3 class="payments-row__title"><code>{p.code}</code></h3>
          <SummaryList rows={[
            { key: "Takes off", value: discountWords(p) },
            { key: "Uses", value: usesWords(p) },
            { key: "Expires", value: p.expires_at ? zonedTime(p.expires_at, event.timezone) : "Never" },
            { key: "Ticket types", value: limitedToWords(p.ticket_type_ids, types) },
          ]} />
        </div>
      )}
    </ListEditor>
  );
}

/** Removes a code through the API. */
export const deletePromoCode = (eventID: string, p: PromoCode) => api.del<void>(`${promoCodesPath(eventID)}/${p.id}`);
