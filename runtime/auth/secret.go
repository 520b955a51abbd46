package auth

import (
	"fmt"
	"io"
	"log/slog"
)

// redacted is what every secret-bearing value prints as.
const redacted = "[REDACTED]"

// Secret holds a credential or token: a client secret, an API secret, an
// access token or a refresh token. It never prints its value: String,
// GoString, every fmt verb, JSON and text marshalling and slog all yield
// "[REDACTED]". Call Reveal to get the value where it must go on the
// wire.
type Secret string

// Reveal returns the secret's value. Use it only to put the value on the wire.
func (s Secret) Reveal() string { return string(s) }

// String returns "[REDACTED]".
func (s Secret) String() string { return redacted }

// GoString returns "[REDACTED]", so %#v does not print the value either.
func (s Secret) GoString() string { return redacted }

// Format prints "[REDACTED]" for every verb, including %x, %q and %+v.
func (s Secret) Format(f fmt.State, verb rune) { io.WriteString(f, redacted) }

// MarshalText returns "[REDACTED]".
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// MarshalJSON returns the JSON string "[REDACTED]".
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// LogValue implements slog.LogValuer: a logged Secret shows as "[REDACTED]".
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// printAs writes s for every fmt verb. Types that hold secrets in
// unexported fields (which fmt would print raw, since it cannot call a
// Secret's methods there) use it in their Format methods.
func printAs(f fmt.State, s string) { io.WriteString(f, s) }
