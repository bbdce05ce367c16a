// Package token makes the random secrets that links and cookies carry:
// 32 random bytes, base64url-encoded for the holder, of which only the
// SHA-256 hash is ever stored.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// New returns a fresh token and the hash to store.
func New() (plain string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, Hash(plain)
}

// Hash returns the SHA-256 of a token, as stored.
func Hash(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}
