package sigenimpl

// Version is the feature level of this runtime: the newest level of
// generated code it supports. It rises when generated code starts to rely
// on something new in this package.
const Version = 3

// MinVersion is the oldest feature level of generated code this runtime
// still supports. Raising it deliberately drops support for older
// generated code: such code then fails to compile at its version guard and
// must be regenerated.
const MinVersion = 2

// EnforceVersion is used by generated code to require a feature level of
// this package at compile time. Every generated package at feature level N
// declares
//
//	const (
//		_ = sigenimpl.EnforceVersion(N - sigenimpl.MinVersion) // generated code too old for this runtime
//		_ = sigenimpl.EnforceVersion(sigenimpl.Version - N)    // this runtime too old for the generated code
//	)
//
// A negative constant overflows this unsigned type, so the build fails on
// that line: the first when the runtime has dropped support for level N
// (regenerate the client with a newer sigen), the second when the runtime
// predates level N (update the module github.com/sigen-dev/sigen).
type EnforceVersion uint
