// Package hardening holds black-box tests of the token runtime as generated
// clients use it: fault injection at the token endpoint, load with expiring
// and revoked tokens, secret scanning of every error and log line, and the
// TLS rules. It has no non-test code; run it with
//
//	go test -race ./internal/hardening/
//
// The tests drive generated/signicat/authentication and generated/signet/fraud
// against the fake token servers of runtime/auth/authtest and the fake APIs
// of internal/fakeapi; their names cite the runtime requirement they check.
package hardening
