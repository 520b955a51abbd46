package oas_test

import (
	"encoding/json"
	"fmt"

	"github.com/sigen-dev/sigen/runtime/oas"
)

func ExampleNullable() {
	type Patch struct {
		Name  oas.Nullable[string] `json:"name,omitzero"`
		Email oas.Nullable[string] `json:"email,omitzero"`
		Phone oas.Nullable[string] `json:"phone,omitzero"`
	}
	b, _ := json.Marshal(Patch{Name: oas.NewNullable("Ada"), Email: oas.Null[string]()})
	fmt.Println(string(b))

	var p Patch
	_ = json.Unmarshal([]byte(`{"email":null,"phone":"123"}`), &p)
	fmt.Println(p.Name.IsSet(), p.Email.IsNull(), p.Phone.IsSet())
	// Output:
	// {"name":"Ada","email":null}
	// false true true
}
