package oas_test

import (
	"encoding/json"
	"fmt"

	"github.com/sigen-dev/sigen/runtime/oas"
)

func ExamplePathParam() {
	fmt.Println("/files/" + oas.PathParam("path", oas.StyleSimple, false, oas.Scalar("a/b c.txt")))
	fmt.Println("/points" + oas.PathParam("p", oas.StyleMatrix, true, oas.Object("x", "1", "y", "2")))
	// Output:
	// /files/a%2Fb%20c.txt
	// /points;x=1;y=2
}

func ExampleQuery() {
	var q oas.Query
	q.Add("status", oas.StyleForm, true, false, oas.List("open", "on hold"))
	q.Add("filter", oas.StyleDeepObject, true, false, oas.Object("owner", "ada", "since", "2024-01-01"))
	q.Add("ids", oas.StylePipeDelimited, false, false, oas.List("1", "2"))
	q.AddRaw("where", `{"a":1}`)
	fmt.Println(q.Encode())
	// Output:
	// status=open&status=on%20hold&filter%5Bowner%5D=ada&filter%5Bsince%5D=2024-01-01&ids=1%7C2&where=%7B%22a%22%3A1%7D
}

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
