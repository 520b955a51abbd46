package auth

import "fmt"

// Every type below holds a secret or a token in an unexported field. Their
// Format, String and GoString methods print a description instead, for
// every verb.

// Format prints "auth.Cache{key: <key>}"; never a token.
func (c *Cache) Format(f fmt.State, verb rune) { printAs(f, c.String()) }

// String describes the cache by its key, which holds no secret.
func (c *Cache) String() string { return "auth.Cache{key: " + c.key + "}" }

// GoString is String.
func (c *Cache) GoString() string { return c.String() }

// Format prints "auth.Transport{...}"; never a credential.
func (t *Transport) Format(f fmt.State, verb rune) { printAs(f, t.String()) }

// String describes the transport without its credentials.
func (t *Transport) String() string { return "auth.Transport{[credentials redacted]}" }

// GoString is String.
func (t *Transport) GoString() string { return t.String() }

// Format prints the scheme without its token.
func (b cacheBearer) Format(f fmt.State, verb rune) { printAs(f, "auth.Bearer([token redacted])") }

// Format prints the scheme without its password.
func (b basic) Format(f fmt.State, verb rune) {
	printAs(f, "auth.Basic("+b.username+", "+redacted+")")
}

// Format prints the scheme without its value.
func (h staticHeader) Format(f fmt.State, verb rune) {
	printAs(f, "auth.Header("+h.name+": "+redacted+")")
}

// Format prints the scheme without its value.
func (k queryKey) Format(f fmt.State, verb rune) {
	printAs(f, "auth.APIKey(query "+k.name+": "+redacted+")")
}

// Format prints the scheme without its value.
func (k cookieKey) Format(f fmt.State, verb rune) {
	printAs(f, "auth.APIKey(cookie "+k.name+": "+redacted+")")
}
