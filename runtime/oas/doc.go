// Package oas holds the OpenAPI data types that users of clients generated
// by sigen handle: nullable values ([Nullable]), civil dates ([Date]),
// error responses ([APIError], RFC 9457 problem details in [Problem]),
// validation errors ([ValidationError]) and the policy of the optional
// retrying transport ([RetryPolicy]).
//
// This package is part of the stable runtime API (see the compatibility
// promise in the sigen README). It depends on the standard library only.
package oas
