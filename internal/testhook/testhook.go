// Package testhook lets this module's tests inject failures and delays
// into code paths that are otherwise hard to reach, such as a crash in the
// middle of writing output. Production code only reads it; it is nil
// outside tests.
package testhook

// Write, when set, is called by generator.Write at each step: "stage NAME"
// after each new file is staged beside its target, "journal" just before
// the commit point, "commit" once the journal is in place, and
// "rename NAME" after each staged file is renamed into place. An error
// makes Write fail at that step.
var Write func(step string) error

// KinHandOff, when set, is called by the loader with each JSON value it
// hands to kin-openapi's own UnmarshalJSON instead of decoding it itself.
var KinHandOff func(raw []byte)
