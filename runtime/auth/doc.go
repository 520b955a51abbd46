// Package auth acquires, caches and refreshes access tokens for generated
// sigen clients, and attaches them to requests through an http.RoundTripper
// that retries a request exactly once when its token is refused.
//
// The package has two halves that know nothing of each other's job:
//
//   - A Cache (NewClientCredentials for OAuth2 client credentials as
//     Signicat speaks it, NewSignet for Signet's generate/refresh flow) is a
//     TokenSource. A fresh token costs no lock and no allocation; between
//     the soft time and the hard time callers keep the current token while
//     one background refresh runs; without a usable token all callers share
//     one fetch, and failed fetches are backed off. Lifetimes are counted
//     from the moment the token request was sent.
//   - A Transport applies Schemes (Bearer, StaticBearer, APIKey, Basic) to
//     requests to its API origins only, on a clone of the request. When a
//     Bearer token over a Cache is refused (401, or Signet's
//     "success": false body) it invalidates the token only if it is still
//     the cached one, obtains a new token and replays the request once.
//
// Secrets are held in the Secret type, which prints as "[REDACTED]" under
// every fmt verb, JSON, text and slog. Errors (see TokenError) carry status
// codes, OAuth2 and Signet error codes and request ids, never a secret, a
// token or a response body. Token URLs and API origins must be https
// unless they are loopback hosts or AllowInsecureHTTP is set, and token
// endpoints are never followed through redirects.
//
// Every time decision goes through a Clock; package authtest has a fake one,
// and fake Signicat and Signet servers for tests.
package auth
