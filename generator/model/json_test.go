package model

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func doc(api *API) *Document {
	v := reflect.ValueOf(&api.Client).Elem()
	for i := range v.NumField() {
		if v.Field(i).String() == "" {
			v.Field(i).SetString(v.Type().Field(i).Name)
		}
	}
	return &Document{Version: FormatVersion, Package: "p", API: api}
}

func roundTrip(t *testing.T, d *Document) (*Document, error) {
	t.Helper()
	var buf bytes.Buffer
	if err := d.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return Decode(&buf)
}

// A recursive type refers to itself by name, so the model encodes, and
// enum values keep their Go type through JSON.
func TestDocumentRoundTrip(t *testing.T) {
	node := &Named{Name: "Node", Struct: &Struct{Fields: []*Field{{Name: "Next", JSONName: "next", Type: &Type{Kind: TypeNamed, Name: "Node"}, Pointer: true}}}}
	level := &Named{Name: "Level", Enum: &Enum{Base: Int64, Values: []*EnumValue{{Name: "Level0", Value: int64(0)}, {Name: "Level9", Value: int64(1 << 60)}}}}
	ratio := &Named{Name: "Ratio", Enum: &Enum{Base: Float64, Values: []*EnumValue{{Name: "Ratio1", Value: 1.0}}}}
	word := &Named{Name: "Word", Enum: &Enum{Base: String, Values: []*EnumValue{{Name: "WordEmpty", Value: ""}}}}
	back, err := roundTrip(t, doc(&API{Types: []*Named{level, node, ratio, word}}))
	if err != nil {
		t.Fatal(err)
	}
	if f := back.API.Lookup("Node").Struct.Fields[0]; f.Type.Kind != TypeNamed || f.Type.Name != "Node" || !f.Pointer {
		t.Errorf("Node.Next = %+v", f)
	}
	if v := back.API.Lookup("Level").Enum.Values[1].Value; v != int64(1<<60) {
		t.Errorf("Level9 = %#v, want int64(1<<60)", v)
	}
	if v := back.API.Lookup("Ratio").Enum.Values[0].Value; v != 1.0 {
		t.Errorf("Ratio1 = %#v, want float64 1", v)
	}
	if v := back.API.Lookup("Word").Enum.Values[0].Value; v != "" {
		t.Errorf("WordEmpty = %#v, want \"\"", v)
	}
}

// A model file is input: names that are not identifiers, unknown types and
// other versions are refused before anything is printed.
func TestDecodeRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  *Document
		want string
	}{
		{"type name", doc(&API{Types: []*Named{{Name: "A struct{}; func init() { panic(1) }; type B", Struct: &Struct{}}}}), "type name"},
		{"field name", doc(&API{Types: []*Named{{Name: "A", Struct: &Struct{Fields: []*Field{{Name: "X int `x`", Type: String}}}}}}), "field name"},
		{"builtin", doc(&API{Types: []*Named{{Name: "A", Defined: &Defined{Underlying: BuiltinType("os.File")}}}}), "not a builtin"},
		{"dangling name", doc(&API{Types: []*Named{{Name: "A", Defined: &Defined{Underlying: &Type{Kind: TypeNamed, Name: "B"}}}}}), "not declared"},
		{"import path", doc(&API{Types: []*Named{{Name: "A", Defined: &Defined{Underlying: QualType("x\"; import \"os", "T")}}}}), "import path"},
		{"no declaration", doc(&API{Types: []*Named{{Name: "A"}}}), "no declaration"},
		{"package", &Document{Version: FormatVersion, Package: "a-b", API: &API{}}, "package name"},
		{"local", doc(&API{Operations: []*Operation{{Name: "Get"}}, Locals: Locals{Recv: "c x"}}), "local name"},
		{"local twice", doc(localsAPI(func(l *Locals) { l.Out = l.Resp }, nil)), "used twice"},
		{"argument", doc(localsAPI(nil, &Param{Name: "ctx", GoName: "ctx", In: "path", Type: String})), "name of a local"},
		{"client name", doc(&API{Client: ClientNames{Option: "Option()"}}), "client name"},
		{"client twice", doc(&API{Client: ClientNames{Option: "NewClient"}}), "used twice"},
		{"client type", doc(&API{Types: []*Named{{Name: "Option", Struct: &Struct{}}}}), "name of a client declaration"},
		{"version", &Document{Version: FormatVersion + 1, Package: "p", API: &API{}}, "version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := roundTrip(t, tc.doc)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Decode error = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	if _, err := Decode(strings.NewReader(`{"version": 1, "package": "p", "api": {}, "extra": 1}`)); err == nil {
		t.Error("an unknown key was accepted")
	}
}

// localsAPI returns an API of one operation whose locals are all set,
// changed by edit, and which takes arg as its path argument.
func localsAPI(edit func(*Locals), arg *Param) *API {
	var l Locals
	v := reflect.ValueOf(&l).Elem()
	for i := range v.NumField() {
		v.Field(i).SetString(fmt.Sprintf("l%d", i))
	}
	l.Ctx = "ctx"
	if edit != nil {
		edit(&l)
	}
	op := &Operation{Name: "Get"}
	if arg != nil {
		op.PathParams = []*Param{arg}
	}
	return &API{Operations: []*Operation{op}, Locals: l}
}

// Locals.Names lists every field: Check and the builder's argument names
// rely on it.
func TestLocalsNames(t *testing.T) {
	l := localsAPI(nil, nil).Locals
	v := reflect.ValueOf(l)
	if got := l.Names(); len(got) != v.NumField() {
		t.Fatalf("Names() has %d names, Locals %d fields", len(got), v.NumField())
	}
	for i, name := range l.Names() {
		if want := v.Field(i).String(); name != want {
			t.Errorf("Names()[%d] = %q, want field %s (%q)", i, name, v.Type().Field(i).Name, want)
		}
	}
	if _, err := roundTrip(t, doc(localsAPI(nil, nil))); err != nil {
		t.Errorf("distinct locals refused: %v", err)
	}
}

// ClientNames.Names lists every field.
func TestClientNames(t *testing.T) {
	n := doc(&API{}).API.Client
	v := reflect.ValueOf(n)
	if got := n.Names(); len(got) != v.NumField() {
		t.Fatalf("Names() has %d names, ClientNames %d fields", len(got), v.NumField())
	}
	for i, name := range n.Names() {
		if want := v.Field(i).String(); name != want {
			t.Errorf("Names()[%d] = %q, want field %s (%q)", i, name, v.Type().Field(i).Name, want)
		}
	}
}
