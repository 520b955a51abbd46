package emit

import (
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/model"
)

// TestPrintHandBuiltModel prints a model built by hand, without a spec:
// emit only reads the decisions in it.
func TestPrintHandBuiltModel(t *testing.T) {
	pet := &model.Named{Name: "Pet", Doc: "Pet is a pet.", Struct: &model.Struct{Fields: []*model.Field{
		{Name: "Name", JSONName: "name", Type: model.String, Required: true},
		{Name: "Tag", JSONName: "tag", Type: model.String, Pointer: true},
	}}}
	ref := pet.Ref()
	api := &model.API{
		Title:    "Pets",
		SpecFile: "pets.yaml",
		Types:    []*model.Named{pet},
		Servers:  []model.Server{{URL: "https://pets.example"}},
		Locals:   testLocals,
		Client:   testClientNames(),
		Operations: []*model.Operation{{
			ID: "getPet", Name: "GetPet", Method: "GET", Path: "/pets/{id}",
			PathParams:    []*model.Param{{Name: "id", GoName: "id", In: "path", Style: "simple", Required: true, Type: model.String, Encoding: "string"}},
			Responses:     []*model.Response{{Status: "200", Code: 200, ContentType: "application/json", Kind: model.KindJSON, Type: ref, Success: true}},
			Result:        ref,
			ResultKind:    "json",
			ResultPointer: true,
			ResultZero:    "nil",
		}},
	}
	files, err := Files(api, Options{Package: "pets"})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if _, err := parser.ParseFile(token.NewFileSet(), name, b, 0); err != nil {
			t.Errorf("%s does not parse: %v", name, err)
		}
	}
	ops := string(files["operations.go"])
	for _, want := range []string{
		"func (c *Client) GetPet(ctx context.Context, id string, opts ...RequestOption) (*Pet, error)",
		`sigenimpl.PathParam("id", sigenimpl.StyleSimple, false, sigenimpl.Scalar(id))`,
	} {
		if !strings.Contains(ops, want) {
			t.Errorf("operations.go lacks %q:\n%s", want, ops)
		}
	}
	if types := string(files["types.go"]); !strings.Contains(types, "Tag  *string `json:\"tag,omitempty\"`") {
		t.Errorf("types.go lacks the pointer field the model asks for:\n%s", types)
	}
}

// testLocals are the locals package resolve chooses.
var testLocals = model.Locals{
	Recv: "c", Ctx: "ctx", Params: "params", Body: "body", Opts: "opts", Req: "r", Resp: "resp",
	Err: "err", Query: "q", Data: "data", Form: "fq", Key: "k", Parts: "parts", File: "f",
	Out: "out", Value: "v", Text: "s", Yield: "yield", Page: "page", Items: "items", Item: "it",
	Zero: "zero", Cursor: "p", CallOpts: "callOpts", Next: "next", Decoder: "d",
}

// testClientNames returns the client names package resolve chooses: each
// the name of its field.
func testClientNames() model.ClientNames {
	var n model.ClientNames
	v := reflect.ValueOf(&n).Elem()
	for i := range v.NumField() {
		v.Field(i).SetString(v.Type().Field(i).Name)
	}
	return n
}
