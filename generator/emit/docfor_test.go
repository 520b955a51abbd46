package emit

import (
	"bytes"
	"testing"

	"github.com/dave/jennifer/jen"
)

// TestDocFor pins the forms of a type's doc comment: it always starts with
// the type's name and a space, as staticcheck's ST1021 wants.
func TestDocFor(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", "// Pet is generated from the spec.\n"},
		{"Pet is an animal.", "// Pet is an animal.\n"},
		{"A document in a collection.", "// Pet is a document in a collection.\n"},
		{"Hash of the stored document.", "// Pet is hash of the stored document.\n"},
		{"UI language.", "// Pet is UI language.\n"},
		{"where the signer is sent", "// Pet is where the signer is sent\n"},
		{"`eq` equal, `ne` not equal", "// Pet is described by the spec as follows.\n//\n// `eq` equal, `ne` not equal\n"},
		{"Require the signer to log in.", "// Pet is described by the spec as follows.\n//\n// Require the signer to log in.\n"},
	}
	for _, tt := range tests {
		f := jen.NewFile("p")
		f.Add(docFor("Pet", tt.text, false))
		f.Type().Id("Pet").Struct()
		var buf bytes.Buffer
		if err := f.Render(&buf); err != nil {
			t.Fatal(err)
		}
		got := buf.String()
		got = got[len("package p\n\n"):bytes.Index(buf.Bytes(), []byte("type Pet"))]
		if got != tt.want {
			t.Errorf("docFor(Pet, %q):\n%s\nwant:\n%s", tt.text, got, tt.want)
		}
	}
}
