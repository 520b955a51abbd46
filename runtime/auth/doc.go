// Package auth acquires, caches and refreshes access tokens for generated
// sigen clients, and attaches them to requests through an http.RoundTripper
// that retries a request exactly once when its token is refused.
package auth
