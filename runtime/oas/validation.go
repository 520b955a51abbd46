package oas

import (
	"cmp"
	"slices"
	"strings"
)

// ValidationError reports one value that does not satisfy its schema.
type ValidationError struct {
	// Path locates the value as a JSON path from the validated value, such
	// as "$.signers[0].email".
	Path string
	// Message says which constraint failed, such as "must not be empty".
	Message string
}

// Error returns "path: message".
func (e ValidationError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// ValidationErrors collects every failed constraint of a value, as the
// generated Validate methods find them.
type ValidationErrors []ValidationError

// Error returns all errors sorted by path (stable, so errors on one path
// keep their order), joined by "; ".
func (e ValidationErrors) Error() string {
	if len(e) == 0 {
		return "no validation errors"
	}
	sorted := slices.Clone(e)
	slices.SortStableFunc(sorted, func(a, b ValidationError) int { return cmp.Compare(a.Path, b.Path) })
	var b strings.Builder
	for i, ve := range sorted {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(ve.Error())
	}
	return b.String()
}

// Unwrap returns the errors in e, so [errors.As] finds a [ValidationError].
func (e ValidationErrors) Unwrap() []error {
	errs := make([]error, len(e))
	for i, ve := range e {
		errs[i] = ve
	}
	return errs
}

// Err returns e as an error, or nil if e is empty. Return e.Err() rather
// than e itself from a function whose result is an error: an empty
// ValidationErrors stored in an error interface is not nil.
func (e ValidationErrors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}
