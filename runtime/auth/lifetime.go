package auth

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

const (
	// defaultLifetime is used when a token endpoint grants no usable
	// lifetime: never "forever".
	defaultLifetime = 60 * time.Second
	// minLifetime and maxLifetime bound the granted lifetime.
	minLifetime = time.Second
	maxLifetime = 24 * time.Hour
	// minSoftWindow and softWindowDivisor define the soft window.
	minSoftWindow     = 30 * time.Second
	softWindowDivisor = 10
	// maxHardMargin defines the hard margin.
	maxHardMargin = 10 * time.Second
	// softJitterFrac is the largest fraction of the soft window that jitter
	// moves the soft time earlier.
	softJitterFrac = 0.25
)

// softWindow returns W = clamp(L/10, 30s, L/2) for lifetime l.
func softWindow(l time.Duration) time.Duration {
	w := max(l/softWindowDivisor, minSoftWindow)
	return min(w, l/2)
}

// hardMargin returns M = min(10s, L/4) for lifetime l.
func hardMargin(l time.Duration) time.Duration {
	return min(maxHardMargin, l/4)
}

// refreshRetryInterval returns clamp(W/4, 1s, 30s), the delay between
// refresh attempts that fail in the soft window.
func refreshRetryInterval(w time.Duration) time.Duration {
	return min(max(w/4, time.Second), 30*time.Second)
}

// clampLifetime bounds a granted lifetime: non-positive lifetimes
// become 60s, lifetimes above a day are capped, and sub-second lifetimes
// are raised to 1s, Signicat's shortest, so that the soft, hard and expiry
// times stay distinct.
func clampLifetime(l time.Duration) time.Duration {
	switch {
	case l <= 0:
		return defaultLifetime
	case l < minLifetime:
		return minLifetime
	case l > maxLifetime:
		return maxLifetime
	}
	return l
}

// newEntry computes the soft and hard times of tok, which was requested at
// sent and is valid for lifetime l. u is a uniform draw from [0, 1)
// that moves the soft time earlier by up to a quarter of the soft window.
func newEntry(tok Token, sent time.Time, l time.Duration, u float64) *Entry {
	l = clampLifetime(l)
	tok.Expiry = sent.Add(l)
	w := softWindow(l)
	jitter := time.Duration(u * softJitterFrac * float64(w))
	return &Entry{
		Token:  tok,
		SoftAt: tok.Expiry.Add(-w - jitter),
		HardAt: tok.Expiry.Add(-hardMargin(l)),
	}
}

// cryptoFloat returns a uniform float64 in [0, 1) read from crypto/rand.
func cryptoFloat() float64 {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand documents it panics instead)
	return float64(binary.LittleEndian.Uint64(b[:])>>11) / (1 << 53)
}

// parseExpiresIn parses an OAuth2 expires_in value, a JSON number or a
// numeric string, in seconds. ok is false when the value is absent or
// unparsable; the caller then applies the default.
func parseExpiresIn(raw json.RawMessage) (d time.Duration, ok bool) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, false
	}
	if s[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, false
		}
		s = strings.TrimSpace(s)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f {
		return 0, false
	}
	if f > maxLifetime.Seconds() {
		return maxLifetime + time.Second, true // clamped by clampLifetime
	}
	return time.Duration(f * float64(time.Second)), true
}

// parseSignetDuration parses a Signet duration such as "1h", "1d", "90m",
// "1d2h" or "3600" (plain seconds). It accepts every time.ParseDuration unit
// plus "d" for 24 hours.
// maxParsed bounds parsed durations far below where time.Duration
// overflows; anything that long is clamped to maxLifetime later.
const maxParsed = 100 * 365 * 24 * time.Hour

func parseSignetDuration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		if n != n {
			return 0, false
		}
		if n > maxParsed.Seconds() {
			return maxParsed, true // clamped as any long lifetime
		}
		return time.Duration(n * float64(time.Second)), true
	}
	var total time.Duration
	for s != "" {
		// Take a number and its unit; "d" is handled here, everything else
		// by time.ParseDuration.
		i := 0
		for i < len(s) && (s[i] == '.' || '0' <= s[i] && s[i] <= '9') {
			i++
		}
		if i == 0 {
			return 0, false
		}
		j := i
		for j < len(s) && !(s[j] == '.' || '0' <= s[j] && s[j] <= '9') {
			j++
		}
		num, unit := s[:i], s[i:j]
		s = s[j:]
		if unit == "d" {
			n, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, false
			}
			if n*24*3600 > maxParsed.Seconds() {
				total = maxParsed // clamped as any long lifetime
				continue
			}
			total += time.Duration(n * float64(24*time.Hour))
			continue
		}
		d, err := time.ParseDuration(num + unit)
		if err != nil {
			return 0, false
		}
		total += d
	}
	return total, true
}
