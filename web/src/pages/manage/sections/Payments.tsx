import { currentUser } from "../../../lib/session";
import { PaymentsEditor } from "../payments/PaymentsEditor";
import type { SectionProps } from ".";

/** The event's tickets, promo codes, refund policy and payments. */
export function Payments({ event }: SectionProps) {
  // Moderators read the ticket types; organisers and admins change them and manage promo codes.
  const organiser = currentUser.value?.role !== "moderator";
  return (
    <>
      <p>
        Ticket types say what registrants can take: who may take each, how many there are and when they are on sale. An event with no
        ticket types takes registrations as before, free of charge, so a free event needs none; once it has some, the registration
        form asks each registrant to choose one. A ticket type with a price needs card payments, which the site’s administrator sets
        up by configuring Stripe; until then only free ticket types can be added. A registrant who chooses a ticket with a price is sent
        to pay by card, and their place is held for them while they pay.
      </p>
      <PaymentsEditor event={event} organiser={organiser} />
    </>
  );
}
