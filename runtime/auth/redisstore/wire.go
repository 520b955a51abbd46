package redisstore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// plainRecord is a stored entry as JSON. auth.Secret marshals to
// "[REDACTED]", so the wire form has its own type. HardAtMS is the Redis TTL
// deadline; it is kept so that every process attaches the token for exactly
// as long as the one that fetched it decided.
type plainRecord struct {
	AccessToken        string `json:"access_token"`
	TokenType          string `json:"token_type"`
	ExpiresAtMS        int64  `json:"expires_at_ms"`
	SoftAtMS           int64  `json:"soft_at_ms"`
	HardAtMS           int64  `json:"hard_at_ms"`
	RefreshToken       string `json:"refresh_token,omitempty"`
	RefreshExpiresAtMS int64  `json:"refresh_expires_at_ms,omitempty"`
	SHA256             string `json:"sha256"`
}

// sealedRecord is a stored entry sealed with AES-256-GCM. Sealed is
// nonce‖ciphertext of a plainRecord. SHA256 stays in clear so that the
// invalidation script can compare it; it reveals nothing usable about
// a random token.
type sealedRecord struct {
	SHA256 string `json:"sha256"`
	KeyID  string `json:"kid"`
	Sealed []byte `json:"sealed"`
}

// anyRecord decodes either form.
type anyRecord struct {
	plainRecord
	KeyID  string `json:"kid"`
	Sealed []byte `json:"sealed"`
}

// codec turns entries into stored values and back. Its zero value stores
// plain JSON.
type codec struct {
	kid   string
	aeads map[string]cipher.AEAD
}

func newCodec(sl *Sealing) (codec, error) {
	if len(sl.Keys) == 0 {
		return codec{}, errors.New("sealing: no keys")
	}
	c := codec{kid: sl.KeyID, aeads: make(map[string]cipher.AEAD, len(sl.Keys))}
	for id, key := range sl.Keys {
		if id == "" {
			return codec{}, errors.New("sealing: empty key id")
		}
		if len(key) != 32 {
			return codec{}, fmt.Errorf("sealing: key %q has %d bytes, want 32 (AES-256)", id, len(key))
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return codec{}, fmt.Errorf("sealing: key %q: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return codec{}, fmt.Errorf("sealing: key %q: %w", id, err)
		}
		c.aeads[id] = aead
	}
	if _, ok := c.aeads[sl.KeyID]; !ok {
		return codec{}, fmt.Errorf("sealing: KeyID %q is not in Keys", sl.KeyID)
	}
	return c, nil
}

// additionalData binds a sealed value to its Redis key, key id and hash, so a
// value cannot be moved to another key or relabelled.
func additionalData(vkey, kid, sum string) []byte {
	return []byte(vkey + "\x00" + kid + "\x00" + sum)
}

func (c codec) encode(vkey string, e *auth.Entry) ([]byte, error) {
	p := plainRecord{
		AccessToken:        e.AccessToken.Reveal(),
		TokenType:          e.TokenType,
		ExpiresAtMS:        unixMilli(e.Expiry),
		SoftAtMS:           unixMilli(e.SoftAt),
		HardAtMS:           unixMilli(e.HardAt),
		RefreshToken:       e.RefreshToken.Reveal(),
		RefreshExpiresAtMS: unixMilli(e.RefreshExpiry),
		SHA256:             tokenHash(e.AccessToken.Reveal()),
	}
	b, err := json.Marshal(p)
	if err != nil || c.aeads == nil {
		return b, err
	}
	aead := c.aeads[c.kid]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(b)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("redisstore: nonce: %w", err)
	}
	sealed := aead.Seal(nonce, nonce, b, additionalData(vkey, c.kid, p.SHA256))
	return json.Marshal(sealedRecord{SHA256: p.SHA256, KeyID: c.kid, Sealed: sealed})
}

// decode parses a stored value. Its errors never contain the value.
func (c codec) decode(vkey string, raw []byte) (*auth.Entry, error) {
	var r anyRecord
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, errors.New("not a JSON entry")
	}
	p := r.plainRecord
	switch {
	case r.Sealed != nil || r.KeyID != "":
		if c.aeads == nil {
			return nil, errors.New("entry is sealed and no sealing keys are configured")
		}
		aead := c.aeads[r.KeyID]
		if aead == nil {
			return nil, fmt.Errorf("entry sealed with unknown key id %q", r.KeyID)
		}
		n := aead.NonceSize()
		if len(r.Sealed) < n {
			return nil, errors.New("sealed entry too short")
		}
		pt, err := aead.Open(nil, r.Sealed[:n], r.Sealed[n:], additionalData(vkey, r.KeyID, r.SHA256))
		if err != nil {
			return nil, fmt.Errorf("entry sealed with key id %q does not open", r.KeyID)
		}
		p = plainRecord{}
		if err := json.Unmarshal(pt, &p); err != nil {
			return nil, errors.New("sealed entry is not JSON")
		}
		if p.SHA256 != r.SHA256 {
			return nil, errors.New("sealed entry hash mismatch")
		}
	case c.aeads != nil:
		return nil, errors.New("entry is not sealed and sealing is configured")
	}
	if p.AccessToken == "" || tokenHash(p.AccessToken) != p.SHA256 {
		return nil, errors.New("entry has no access token or a wrong sha256")
	}
	if p.HardAtMS <= 0 || p.ExpiresAtMS <= 0 {
		return nil, errors.New("entry has no expiry")
	}
	return &auth.Entry{
		Token: auth.Token{
			AccessToken:   auth.Secret(p.AccessToken),
			TokenType:     p.TokenType,
			Expiry:        fromUnixMilli(p.ExpiresAtMS),
			RefreshToken:  auth.Secret(p.RefreshToken),
			RefreshExpiry: fromUnixMilli(p.RefreshExpiresAtMS),
		},
		SoftAt: fromUnixMilli(p.SoftAtMS),
		HardAt: fromUnixMilli(p.HardAtMS),
	}, nil
}

// tokenHash is the hex SHA-256 of an access token, as stored and compared
// by Invalidate.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func unixMilli(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromUnixMilli(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}
