package auth

import "time"

// Token is an access token as a token endpoint granted it.
type Token struct {
	// AccessToken is the value sent as "Authorization: Bearer <AccessToken>".
	AccessToken Secret
	// TokenType is "Bearer" (validated and normalised).
	TokenType string
	// Expiry is when the token stops being valid: the time the token request
	// was sent plus the granted lifetime.
	Expiry time.Time
	// RefreshToken is set for flows that grant one (Signet); empty otherwise.
	RefreshToken Secret
	// RefreshExpiry is when RefreshToken stops being usable; zero if unknown.
	RefreshExpiry time.Time
}

// Entry is a token together with the times the cache decided for it.
// It is what a second-tier Store keeps.
type Entry struct {
	Token
	// SoftAt is when refresh-ahead starts: Expiry minus the soft window,
	// minus jitter.
	SoftAt time.Time
	// HardAt is the last moment the token is attached: Expiry minus the hard
	// margin.
	HardAt time.Time
}
