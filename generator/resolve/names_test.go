package resolve

import (
	. "github.com/sigen-dev/sigen/generator/model"
	"sort"
	"strings"
	"testing"
)

// typeNames returns the names of api's types and enum constants, sorted.
func typeNames(api *API) []string {
	var out []string
	for _, n := range api.Types {
		out = append(out, n.Name)
		if e, ok := n.Decl().(*Enum); ok {
			for _, v := range e.Values {
				out = append(out, n.Name+"."+v.Name)
			}
		}
	}
	sort.Strings(out)
	return out
}

func fieldNames(api *API, typ string) []string {
	var out []string
	for _, n := range api.Types {
		if st, ok := n.Decl().(*Struct); ok && n.Name == typ {
			for _, f := range st.Fields {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// An inline type named after a property that repeats its parent's last
// word drops the repetition, and its enum constants follow; plural
// initialisms keep their case.
func TestNamesStutterAndPlurals(t *testing.T) {
	api, err := buildString(t, `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    DocumentHash:
      type: object
      properties:
        hashAlgorithm: {type: string, enum: [SHA256, sha512, hashFast]}
        document_ids: {type: array, items: {type: string}}
    SessionSignature:
      type: object
      properties:
        signatureType: {type: string, enum: [pades, xades]}
        callbackUrls: {type: object, properties: {redirectUris: {type: array, items: {type: string}}}}
        httpsProxy: {type: string}
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"DocumentHash",
		"DocumentHashAlgorithm",
		"DocumentHashAlgorithm.DocumentHashAlgorithmHashFast",
		"DocumentHashAlgorithm.DocumentHashAlgorithmSHA256",
		"DocumentHashAlgorithm.DocumentHashAlgorithmSHA512",
		"SessionSignature",
		"SessionSignatureCallbackURLs",
		"SessionSignatureType",
		"SessionSignatureType.SessionSignatureTypePades",
		"SessionSignatureType.SessionSignatureTypeXades",
	}
	if got := typeNames(api); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("types:\n got %v\nwant %v", got, want)
	}
	if got := fieldNames(api, "DocumentHash"); strings.Join(got, " ") != "DocumentIDs HashAlgorithm" {
		t.Errorf("DocumentHash fields = %v", got)
	}
	if got := fieldNames(api, "SessionSignature"); strings.Join(got, " ") != "CallbackURLs HTTPSProxy SignatureType" {
		t.Errorf("SessionSignature fields = %v", got)
	}
	if got := fieldNames(api, "SessionSignatureCallbackURLs"); strings.Join(got, " ") != "RedirectURIs" {
		t.Errorf("SessionSignatureCallbackURLs fields = %v", got)
	}
}

// When the shortened name is taken by a component schema, the inline type
// keeps the full name; the result does not depend on the order of the
// properties or schemas in the file.
func TestNamesStutterCollision(t *testing.T) {
	for _, spec := range []string{`openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    DocumentHash:
      type: object
      properties:
        hashAlgorithm: {type: string, enum: [a, b]}
    DocumentHashAlgorithm: {type: string, enum: [x]}
`, `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    DocumentHashAlgorithm: {type: string, enum: [x]}
    DocumentHash:
      properties:
        hashAlgorithm: {type: string, enum: [a, b]}
      type: object
`} {
		api, err := buildString(t, spec)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"DocumentHash",
			"DocumentHashAlgorithm",
			"DocumentHashAlgorithm.DocumentHashAlgorithmX",
			"DocumentHashHashAlgorithm",
			"DocumentHashHashAlgorithm.DocumentHashHashAlgorithmA",
			"DocumentHashHashAlgorithm.DocumentHashHashAlgorithmB",
		}
		if got := typeNames(api); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("types:\n got %v\nwant %v", got, want)
		}
	}
}

// A stutter in an enum value is dropped like one in a property name, but
// never the whole value: a value equal to the type's last word keeps it.
func TestNamesEnumConstants(t *testing.T) {
	api, err := buildString(t, `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    OrderStatus: {type: string, enum: [status, status_open, closed]}
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"OrderStatus", "OrderStatus.OrderStatusClosed", "OrderStatus.OrderStatusOpen", "OrderStatus.OrderStatusStatus"}
	if got := typeNames(api); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("types:\n got %v\nwant %v", got, want)
	}
}

// Two enum values that give the same name after shortening: the later one
// keeps the repeated word, in the order the spec lists the values.
func TestNamesEnumConstantCollision(t *testing.T) {
	for _, tc := range []struct{ values, want string }{
		{"[open, status_open]", "OrderStatus OrderStatus.OrderStatusOpen OrderStatus.OrderStatusStatusOpen"},
		{"[status_open, open]", "OrderStatus OrderStatus.OrderStatusOpen OrderStatus.OrderStatusOpen2"},
	} {
		api, err := buildString(t, `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    OrderStatus: {type: string, enum: `+tc.values+`}
`)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(typeNames(api), " "); got != tc.want {
			t.Errorf("enum %s: got %s, want %s", tc.values, got, tc.want)
		}
	}
}
