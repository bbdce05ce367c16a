package token

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
)

// Keyed makes tokens from a server key, so that a link can be made again
// later from what is stored (an id, a generation) while the database holds
// neither the link nor the key: a manage link goes in the confirmation and
// again in every reminder, and only its hash is kept.
type Keyed struct{ key []byte }

// NewKeyed uses key, which must be at least 32 bytes.
func NewKeyed(key []byte) (Keyed, error) {
	if len(key) < 32 {
		return Keyed{}, fmt.Errorf("token: a key needs at least 32 bytes, got %d", len(key))
	}
	return Keyed{key: key}, nil
}

func (k Keyed) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, k.key)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return m.Sum(nil)
}

// Manage returns the manage-link token of a registration's generation and
// the hash to store. A new generation retires the links of the old one.
func (k Keyed) Manage(registrationID string, generation int) (plain string, hash []byte) {
	plain = base64.RawURLEncoding.EncodeToString(k.mac("manage", registrationID, strconv.Itoa(generation)))
	return plain, Hash(plain)
}

// Sign returns a token naming id for purpose (e.g. "unsubscribe"): the id
// itself and a MAC over both, so it needs no row of its own.
func (k Keyed) Sign(purpose, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(id)) + "." +
		base64.RawURLEncoding.EncodeToString(k.mac(purpose, id)[:18])
}

// Verify returns the id a Sign token names, if the token is genuine.
func (k Keyed) Verify(purpose, signed string) (id string, ok bool) {
	idPart, macPart, found := strings.Cut(signed, ".")
	if !found {
		return "", false
	}
	raw, err1 := base64.RawURLEncoding.DecodeString(idPart)
	mac, err2 := base64.RawURLEncoding.DecodeString(macPart)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, k.mac(purpose, string(raw))[:18]) {
		return "", false
	}
	return string(raw), true
}

// LoadKey returns the configured key (SECRET_KEY, base64 or raw text of at
// least 32 bytes) or, when none is configured, the key kept in the
// database, made on first use. Several processes on one database agree on
// it: the first insert wins and the others read it.
func LoadKey(ctx context.Context, db postgres.DB, configured string) (Keyed, error) {
	if configured != "" {
		key := []byte(configured)
		if decoded, err := base64.StdEncoding.DecodeString(configured); err == nil && len(decoded) >= 32 {
			key = decoded
		}
		return NewKeyed(key)
	}
	fresh := make([]byte, 32)
	_, _ = rand.Read(fresh)
	var key []byte
	// A process that lost the race to insert may not see the winner's row
	// in its statement's snapshot; the second try does.
	for range 2 {
		err := db.QueryRow(ctx, `
			WITH made AS (INSERT INTO server_keys (name, key) VALUES ('links', $1) ON CONFLICT (name) DO NOTHING RETURNING key)
			SELECT key FROM made UNION ALL SELECT key FROM server_keys WHERE name = 'links' LIMIT 1`, fresh).Scan(&key)
		if errors.Is(err, pgx.ErrNoRows) {
			continue
		}
		if err != nil {
			return Keyed{}, fmt.Errorf("token: load the link key: %w", err)
		}
		return NewKeyed(key)
	}
	return Keyed{}, errors.New("token: no link key in the database")
}

// Live returns the token of a registrant's personal live page
// (/live/{token}): it names the registration and needs no row of its own.
// It is not the manage token, so a forwarded live link cannot change or
// cancel the registration.
func (k Keyed) Live(registrationID string) string { return k.Sign("live", registrationID) }

// VerifyLive returns the registration a live-page token names, if genuine.
func (k Keyed) VerifyLive(signed string) (registrationID string, ok bool) {
	return k.Verify("live", signed)
}
