// Package testhook lets this module's tests inject failures and delays
// into code paths that are otherwise hard to reach, such as a crash in the
// middle of writing output. Production code only reads it; it is nil
// outside tests.
package testhook

// Write, when set, is called by generator.Write at each step: "file NAME"
// after each new file is written to the temporary folder, "keep" after the
// files to keep are linked in, and "swap" between the two renames. An
// error makes Write fail at that step.
var Write func(step string) error
