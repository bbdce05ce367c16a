package mail

import "context"

// Mail reaches registrants through what the registrations domain, which
// owns them, gives it: the registration_contacts view (who, where to, in
// what standing, for reads and for queuing messages in one statement) and
// ManageLinks (the link each message carries). It writes no registration.

// ManageLinks makes the token of a registrant's manage link (the
// registrations domain's registrations.ManageLinks).
type ManageLinks interface {
	// ManageToken returns the token of the registration's link at
	// generation, as registration_contacts.token_generation shows it; nil
	// gives a registration from before links were derivable a derivable one.
	ManageToken(ctx context.Context, registrationID string, generation *int) (string, error)
}
