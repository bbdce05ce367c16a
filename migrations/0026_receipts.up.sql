-- Receipts, invoices and credit notes (internal/payments/receipts): the
-- seller's details, one gapless number series per kind of document, and
-- the documents themselves. Money is integer minor units with an ISO 4217
-- currency; amounts are VAT-inclusive (gross), VAT worked out from them.

-- The one organiser that sells through this installation, as its
-- documents name it. One row, always there.
CREATE TABLE seller_settings (
    id                 boolean PRIMARY KEY DEFAULT true CHECK (id),
    legal_name         text NOT NULL DEFAULT '' CHECK (length(legal_name) <= 200),
    -- Lines separated by "\n".
    address            text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    -- Empty when the seller is not registered for VAT.
    vat_number         text NOT NULL DEFAULT '' CHECK (vat_number ~ '^[A-Z0-9]{0,20}$'),
    -- Basis points: 2000 is 20%.
    vat_rate_bp        integer NOT NULL DEFAULT 2000 CHECK (vat_rate_bp BETWEEN 0 AND 10000),
    email              text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    payment_terms_days integer NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

INSERT INTO seller_settings DEFAULT VALUES;

-- The next number of each kind. An issuer takes it with one UPDATE in its
-- own transaction: a rollback gives the number back, so numbers have no
-- gaps, and concurrent issuers of a kind wait on its row alone.
CREATE TABLE document_series (
    kind        text PRIMARY KEY CHECK (kind IN ('receipt', 'invoice', 'credit_note')),
    next_number bigint NOT NULL CHECK (next_number >= 1)
);

INSERT INTO document_series (kind, next_number) VALUES ('receipt', 1), ('invoice', 1), ('credit_note', 1);

-- An issued document, with what it said when it was issued: the seller's
-- and buyer's details are copied, not referred to. The registration and
-- the event go to NULL when they are deleted (an unpublished event can be
-- deleted with its registrations), and the document stays: financial
-- records are kept. Nothing changes once issued except an invoice's
-- paid_at, once (documents_immutable below).
CREATE TABLE documents (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind               text NOT NULL REFERENCES document_series (kind),
    number             bigint NOT NULL CHECK (number >= 1),
    registration_id    uuid REFERENCES registrations (id) ON DELETE SET NULL,
    event_id           uuid REFERENCES events (id) ON DELETE SET NULL,
    seller_name        text NOT NULL CHECK (length(seller_name) <= 200),
    seller_address     text NOT NULL CHECK (length(seller_address) <= 500),
    seller_vat_number  text NOT NULL CHECK (length(seller_vat_number) <= 20),
    seller_email       text NOT NULL CHECK (length(seller_email) <= 254),
    buyer_name         text NOT NULL CHECK (length(buyer_name) BETWEEN 1 AND 300),
    buyer_email        text NOT NULL CHECK (length(buyer_email) <= 254),
    buyer_organisation text NOT NULL DEFAULT '' CHECK (length(buyer_organisation) <= 200),
    buyer_address      text NOT NULL DEFAULT '' CHECK (length(buyer_address) <= 500),
    purchase_order     text NOT NULL DEFAULT '' CHECK (length(purchase_order) <= 100),
    -- One line: what was sold, how many, at what VAT-inclusive unit price.
    description        text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    quantity           integer NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
    unit_amount        bigint NOT NULL CHECK (unit_amount >= 1),
    currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    gross              bigint NOT NULL CHECK (gross BETWEEN 1 AND 1000000000000),
    vat_rate_bp        integer NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000),
    vat                bigint NOT NULL CHECK (vat BETWEEN 0 AND gross),
    net                bigint NOT NULL CHECK (net = gross - vat),
    -- A credit note's document: a receipt or an invoice.
    credits            uuid REFERENCES documents (id),
    credits_number     text,                      -- its number as printed: INV-000003
    due_at             timestamptz,
    paid_at            timestamptz,
    issued_at          timestamptz NOT NULL,
    UNIQUE (kind, number),
    CHECK (gross = unit_amount * quantity),
    CHECK ((kind = 'credit_note') = (credits IS NOT NULL)),
    CHECK ((credits IS NULL) = (credits_number IS NULL)),
    CHECK ((kind = 'invoice') = (due_at IS NOT NULL)),
    CHECK (paid_at IS NULL OR kind = 'invoice')
);

CREATE INDEX documents_event_idx ON documents (event_id, issued_at DESC, id DESC);
CREATE INDEX documents_registration_idx ON documents (registration_id);
CREATE INDEX documents_credits_idx ON documents (credits) WHERE credits IS NOT NULL;
CREATE INDEX documents_unpaid_idx ON documents (due_at, id) WHERE kind = 'invoice' AND paid_at IS NULL;

-- An issued document is never deleted, and changes only by an invoice
-- being paid (once) or by losing its registration or event to a deletion.
CREATE FUNCTION documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'document % % is kept: documents are never deleted', OLD.kind, OLD.number
            USING ERRCODE = 'check_violation';
    END IF;
    IF (to_jsonb(NEW) - '{paid_at,registration_id,event_id}'::text[])
            IS DISTINCT FROM (to_jsonb(OLD) - '{paid_at,registration_id,event_id}'::text[])
        OR (NEW.registration_id IS DISTINCT FROM OLD.registration_id AND NEW.registration_id IS NOT NULL)
        OR (NEW.event_id IS DISTINCT FROM OLD.event_id AND NEW.event_id IS NOT NULL)
        OR (OLD.paid_at IS NOT NULL AND NEW.paid_at IS DISTINCT FROM OLD.paid_at) THEN
        RAISE EXCEPTION 'document % % is issued: it does not change', OLD.kind, OLD.number
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER documents_immutable BEFORE UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_immutable();
