// Package sigenimpl is the request core of the clients that sigen
// generates: it binds a client's credentials to runtime/auth, encodes
// parameters and bodies, sends requests and turns unexpected answers into
// *oas.APIError values.
//
// This package is for generated code only; no compatibility promise for
// direct use. Its exported names exist because generated packages must
// reach them, and they may change in any release. Code outside generated
// packages uses runtime/auth, runtime/oas and the options of the generated
// package instead.
//
// # Parameters
//
// [PathParam], [Query], [HeaderParam] and [CookieParam] serialise a [Value]
// (a [Scalar], [List] or [Object] of strings; generated code formats numbers,
// booleans and times first) as the OpenAPI 3.1.1 Parameter Object describes,
// reproducing every row of its "Style Examples" table. Combinations the
// table marks "n/a" are documented on each function.
//
// # Form bodies
//
// An application/x-www-form-urlencoded body uses the same rules as the query
// string: build a [Query] and send q.Encode() as the body. Passing
// strings.NewReader(q.Encode()) to [net/http.NewRequestWithContext] also sets
// GetBody, so the body can be replayed by [github.com/sigen-dev/sigen/runtime/oas.NewRetryTransport].
//
// # Version guard
//
// Generated code states the feature level of this package it was written
// for with [EnforceVersion]; see [Version] and [MinVersion].
package sigenimpl
