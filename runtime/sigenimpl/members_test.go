package sigenimpl

import (
	"github.com/sigen-dev/sigen/runtime/oas"

	"testing"
)

func TestMarshalMembers(t *testing.T) {
	s := "x"
	var nilPtr *string
	got, err := MarshalMembers([]byte(`{"a":1}`),
		Member{Name: "-", Value: 0},
		Member{Name: "", Value: &s, OmitZero: true},
		Member{Name: "a,b", Value: nilPtr, OmitZero: true},
		Member{Name: "n", Value: oas.Nullable[int]{}, OmitZero: true},
		Member{Name: "a", Value: 2}, // already written: not twice
	)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":1,"":"x","-":0}`; string(got) != want {
		t.Errorf("MarshalMembers = %s, want %s", got, want)
	}
	got, err = MarshalMembers([]byte(`{}`), Member{Name: "`", Value: true})
	if err != nil || string(got) != "{\"`\":true}" {
		t.Errorf("MarshalMembers into {} = %s, %v", got, err)
	}
}

func TestUnmarshalMembers(t *testing.T) {
	var empty string
	var dash *int
	keep := "unchanged"
	err := UnmarshalMembers([]byte(`{"":"e","-":3,"other":true}`), map[string]any{"": &empty, "-": &dash, "a,b": &keep})
	if err != nil {
		t.Fatal(err)
	}
	if empty != "e" || dash == nil || *dash != 3 || keep != "unchanged" {
		t.Errorf("got %q, %v, %q", empty, dash, keep)
	}
	if err := UnmarshalMembers([]byte(`{"-":"no"}`), map[string]any{"-": &dash}); err == nil {
		t.Error("a mistyped member decoded without error")
	}
}
