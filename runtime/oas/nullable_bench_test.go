package oas

import (
	"encoding/json"
	"strings"
	"testing"
)

// BenchmarkNullableNestedDecode decodes a list of objects whose nullable
// properties hold objects and arrays, as a GitHub issue list does.
func BenchmarkNullableNestedDecode(b *testing.B) {
	type user struct {
		Login string           `json:"login"`
		Name  Nullable[string] `json:"name,omitzero"`
		URL   string           `json:"url"`
	}
	type milestone struct {
		Title   string          `json:"title"`
		Creator Nullable[*user] `json:"creator"`
	}
	type issue struct {
		ID        int64                 `json:"id"`
		User      Nullable[*user]       `json:"user"`
		Assignees Nullable[[]user]      `json:"assignees,omitzero"`
		Milestone Nullable[*milestone]  `json:"milestone"`
		Reason    Nullable[string]      `json:"active_lock_reason,omitzero"`
		Closed    Nullable[json.Number] `json:"closed,omitzero"`
	}
	u := `{"login":"octocat","name":"The Octocat","url":"https://api.github.com/users/octocat"}`
	item := `{"id":1,"user":` + u + `,"assignees":[` + u + `,` + u + `],"milestone":{"title":"v1.0","creator":` + u + `},"active_lock_reason":null}`
	data := []byte("[" + strings.Repeat(item+",", 99) + item + "]")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v []issue
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}
