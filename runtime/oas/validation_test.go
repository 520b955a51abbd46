package oas

import (
	"errors"
	"strings"
	"testing"
)

func TestValidationErrors(t *testing.T) {
	tests := []struct {
		name string
		errs ValidationErrors
		want string
	}{
		{"one", ValidationErrors{{"$.email", "must be set"}}, "$.email: must be set"},
		{"sorted by path, stable", ValidationErrors{
			{"$.signers[1].email", "must be set"},
			{"$.name", "too long"},
			{"$.signers[0].email", "invalid"},
			{"$.name", "bad characters"},
		}, "$.name: too long; $.name: bad characters; $.signers[0].email: invalid; $.signers[1].email: must be set"},
		{"no path", ValidationErrors{{"", "body is required"}}, "body is required"},
		{"empty", ValidationErrors{}, "no validation errors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := append(ValidationErrors(nil), tt.errs...)
			if got := tt.errs.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			for i := range orig {
				if tt.errs[i] != orig[i] {
					t.Fatalf("Error() reordered its receiver: %v, was %v", tt.errs, orig)
				}
			}
		})
	}
}

func TestValidationErrorsErr(t *testing.T) {
	var none ValidationErrors
	if err := none.Err(); err != nil {
		t.Errorf("nil ValidationErrors.Err() = %v, want nil", err)
	}
	if err := (ValidationErrors{}).Err(); err != nil {
		t.Errorf("empty ValidationErrors.Err() = %v, want nil", err)
	}
	errs := ValidationErrors{{"$.b", "x"}, {"$.a", "y"}}
	err := errs.Err()
	if err == nil {
		t.Fatal("Err() = nil, want an error")
	}
	var ve ValidationErrors
	if !errors.As(err, &ve) || len(ve) != 2 {
		t.Errorf("errors.As(ValidationErrors) = %v, %v", ve, err)
	}
	var one ValidationError
	if !errors.As(err, &one) || one != errs[0] {
		t.Errorf("errors.As(ValidationError) = %+v, want %+v", one, errs[0])
	}
	if !errors.Is(err, ValidationError{"$.a", "y"}) {
		t.Errorf("errors.Is(err, {$.a y}) = false, want true")
	}
}

// Many errors on few paths: the order of errors on one path is kept.
func TestValidationErrorsStable(t *testing.T) {
	var errs ValidationErrors
	var want []string
	for i := range 50 {
		errs = append(errs, ValidationError{Path: "$.b", Message: string(rune('a' + i%26))})
		errs = append(errs, ValidationError{Path: "$.a", Message: string(rune('A' + i%26))})
	}
	for _, p := range []string{"$.a", "$.b"} {
		for _, e := range errs {
			if e.Path == p {
				want = append(want, e.Error())
			}
		}
	}
	if got := errs.Error(); got != strings.Join(want, "; ") {
		t.Errorf("Error() = %q, want %q", got, strings.Join(want, "; "))
	}
}
