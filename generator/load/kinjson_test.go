package load

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/internal/testhook"
)

// kinCase is one of kin-openapi's types, decoded both ways.
type kinCase struct {
	name string
	fast func([]byte) (any, error)
	kin  func([]byte) (any, error)
}

func kinCaseOf[T any, PT interface {
	*T
	json.Unmarshaler
}](name string, dec func(*kinReader) *T) kinCase {
	return kinCase{
		name: name,
		fast: func(b []byte) (any, error) { return decodeKin(b, dec) },
		kin: func(b []byte) (any, error) {
			v := PT(new(T))
			// As decodeParallel's input, the value has been checked.
			if !json.Valid(b) {
				return nil, json.Unmarshal(b, new(any))
			}
			return (*T)(v), v.UnmarshalJSON(b)
		},
	}
}

var kinCases = []kinCase{
	kinCaseOf("SchemaRef", kinSchemaRef),
	kinCaseOf("PathItem", kinPathItem),
	kinCaseOf("Operation", kinOperation),
	kinCaseOf("ParameterRef", kinParameterRef),
	kinCaseOf("HeaderRef", kinHeaderRef),
	kinCaseOf("RequestBodyRef", kinRequestBodyRef),
	kinCaseOf("ResponseRef", kinResponseRef),
	kinCaseOf("MediaType", kinMediaType),
	kinCaseOf("ExampleRef", kinExampleRef),
	{
		name: "Responses",
		fast: func(b []byte) (any, error) { return decodeKin(b, kinResponses) },
		kin: func(b []byte) (any, error) {
			var v openapi3.Responses
			return &v, v.UnmarshalJSON(b)
		},
	},
}

// kinPlain are values of the shapes real documents hold, each with the
// type it is: they decode without kin-openapi's help.
var kinPlain = []struct{ typ, doc string }{
	{"SchemaRef", `{"type":"object","required":["id","name"],"properties":{"id":{"type":"integer","format":"int64","minimum":1,"maximum":9.5e3},"name":{"type":"string","maxLength":40,"pattern":"^[a-z]+$","nullable":true},"tags":{"type":"array","items":{"$ref":"#/components/schemas/Tag"},"minItems":0,"uniqueItems":true}},"additionalProperties":false,"x-go-name":"Pet","description":"A pet \u00e9\u0301 \"quoted\" é"}`},
	{"SchemaRef", `{"oneOf":[{"$ref":"#/a"},{"type":"string","enum":["a","b",null]}],"discriminator":{"propertyName":"kind","mapping":{"a":"#/a"}},"default":{"k":[1,2.5,"x"]}}`},
	{"SchemaRef", `{"allOf":[{"$ref":"#/a"},{"type":["string","null"],"const":"x","examples":[1,"two"]}],"additionalProperties":{"type":"string","minLength":2},"readOnly":true,"writeOnly":false,"deprecated":true}`},
	{"SchemaRef", `{"additionalProperties":{},"xml":{"name":"n"},"externalDocs":{"url":"https://example.com"},"exclusiveMinimum":true,"exclusiveMaximum":3,"multipleOf":0.5,"minProperties":1,"maxProperties":9}`},
	{"SchemaRef", `{"prefixItems":[{"type":"integer"}],"contains":{"type":"string"},"minContains":1,"maxContains":2,"patternProperties":{"^x":{"type":"string"}},"dependentSchemas":{"a":{"required":["b"]}},"propertyNames":{"pattern":"^a"},"unevaluatedItems":false,"unevaluatedProperties":{"type":"string"},"if":{"type":"string"},"then":{"minLength":1},"else":{"type":"number"},"dependentRequired":{"a":["b"]},"$defs":{"d":{"type":"string"}},"$schema":"https://json-schema.org/draft/2020-12/schema","$comment":"c","$id":"i","$anchor":"a","$dynamicRef":"#d","$dynamicAnchor":"d","contentMediaType":"text/plain","contentEncoding":"base64","contentSchema":{"type":"string"},"title":"T","not":{"type":"null"},"anyOf":[]}`},
	{"PathItem", `{"get":{"tags":["pets"],"summary":"s","description":"d","operationId":"listPets","parameters":[{"name":"limit","in":"query","schema":{"type":"integer"},"explode":false,"style":"form","required":true,"example":3},{"$ref":"#/components/parameters/P"},null],"responses":{"200":{"description":"ok","headers":{"X-Rate":{"schema":{"type":"integer"}},"X-R":{"$ref":"#/h"}},"content":{"application/json":{"schema":{"type":"array","items":{"$ref":"#/s"}},"examples":{"e":{"value":{"a":1}},"r":{"$ref":"#/e"}}}}},"default":{"$ref":"#/components/responses/E"},"x-r":1},"security":[{"oauth":["a"]}],"deprecated":false,"x-ext":{"a":[1]}},"parameters":[],"summary":"p","x-p":true}`},
	{"PathItem", `{"post":{"requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/s"},"example":{"a":"b"},"encoding":{"a":{"contentType":"text/plain"}}},"text/plain":null}},"responses":{}},"put":{"requestBody":{"$ref":"#/components/requestBodies/B"},"responses":{"204":{"description":""}}},"servers":[{"url":"https://x"}]}`},
	{"PathItem", `{"delete":{"responses":{"4XX":{"description":"e","links":{"l":{"operationId":"x"}}}},"callbacks":{"cb":{"{$request.body#/url}":{"post":{"responses":{"200":{"description":"ok"}}}}}},"servers":[{"url":"/"}],"externalDocs":{"url":"u"}},"trace":{},"head":{},"options":{},"patch":{},"connect":{},"query":{}}`},
	{"ParameterRef", `{"name":"id","in":"path","required":true,"content":{"application/json":{"schema":{"type":"string"}}},"examples":{"a":{"summary":"s","value":[1]}},"allowEmptyValue":true,"allowReserved":true,"deprecated":true,"x-a":null}`},
	{"ExampleRef", `{"summary":"s","description":"d","value":{"deep":{"deeper":[{"x":1}]}},"externalValue":"https://e","x-e":"e"}`},
	{"RequestBodyRef", `{"description":"body","content":{"application/json":{"schema":{"type":"object"}}},"x-b":1}`},
	{"MediaType", `{"schema":{"type":"string"},"itemSchema":{"type":"integer"},"examples":{},"x-m":[]}`},
	{"Responses", `{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":"integer","minLength":5}}}}}},"x-y":{"z":2},"404":null}`},
}

// kinDocs are values of every kind the decoders meet, plain and odd.
var kinDocs = append(plainDocs(), []string{
	// Handed to kin-openapi: a $ref with siblings, a boolean schema, null
	// and repeated fields, a field in another case, an empty $ref.
	`{"$ref":"#/a","description":"d"}`,
	`{"description":"d","$ref":"#/a","x-y":1}`,
	`{"$ref":"#/a","x-y":1}`,
	`{"$ref":""}`,
	`{"$ref":5}`,
	`true`,
	`false`,
	`{"items":true}`,
	`{"items":null,"type":"string"}`,
	`{"type":"string","example":null}`,
	`{"type":"string","type":"integer"}`,
	`{"properties":{"a":{}},"properties":{"b":{}}}`,
	`{"Type":"string"}`,
	`{"TYPE":"string","x-Type":1}`,
	`{"$REF":"#/a"}`,
	`{"description":null}`,
	`{"responses":null}`,
	`{"get":null}`,
	`{"get":{"responses":{"200":{"description":"a","description":"b"}}}}`,
	`{"get":{"responses":{"200":{"content":{"a/b":{"schema":{"type":"string","type":"integer"}}}}}}}`,
	`{"get":{"responses":{"200":{"content":{"a/b":{"schema":{"maxLength":5.0}}}}}}}`,
	`{"get":{"responses":{"200":{"content":{"a/b":{"schema":{"maxLength":18446744073709551615}}}}}}}`,
	`{"additionalProperties":{"type":"string","type":"integer"}}`,
	`{"additionalProperties":{"minLength":1e1}}`,
	`{"additionalProperties":{"$ref":"#/a","type":"string"}}`,
	`{"additionalProperties":null}`,
	`{"additionalProperties":"yes"}`,
	`{"$ref":"#/a","additionalOperations":{}}`,
	`{"additionalOperations":{"COPY":{"responses":{}}}}`,
	`{"name":"a","$ref":"#/p"}`,
	`{"get":{"parameters":[{"name":"a","$ref":"#/p"}]}}`,
	`{"value":null}`,
	// Refused by encoding/json, and so by both.
	`{"type":7}`,
	`{"minLength":-1}`,
	`{"minLength":1.5}`,
	`{"minLength":"1"}`,
	`{"required":"a"}`,
	`{"required":["a",1]}`,
	`{"nullable":"yes"}`,
	`{"properties":[]}`,
	`{"allOf":{}}`,
	`{"get":"x"}`,
	`{"get":{"tags":"a"}}`,
	`{"get":{"responses":[]}}`,
	`{"description":1}`,
	`[]`,
	`"s"`,
	// Strings in every form.
	`{"description":"tab\tnewline\nquote\"slash\/u\u0041surrogate\ud83d\ude00lone\ud800"}`,
	"{\"description\":\"bad \xff utf-8\",\"x-k\xfe\":\"v\"}",
	`{"description":"\u2028\u2029<>&"}`,
	`{"x-\u0041":1,"x-A":2}`,
	`{"Extensions":1,"-":2,"__origin__":{"key":{"line":1}}}`,
}...)

func plainDocs() []string {
	var docs []string
	for _, p := range kinPlain {
		docs = append(docs, p.doc)
	}
	return docs
}

func TestKinDecodeEqualsKin(t *testing.T) {
	for _, c := range kinCases {
		for _, doc := range kinDocs {
			checkKinDecode(t, c, []byte(doc))
		}
	}
}

func checkKinDecode(t *testing.T, c kinCase, doc []byte) {
	t.Helper()
	want, werr := c.kin(doc)
	got, gerr := c.fast(doc)
	if gerr != nil {
		// A decoder may give up where kin-openapi succeeds: decodeParallel
		// then loads the document with kin-openapi.
		return
	}
	if werr != nil {
		t.Errorf("%s %s: decoded, but kin-openapi says: %v", c.name, doc, werr)
		return
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("%s %s:\ngot  %s\nwant %s", c.name, doc, g, w)
	}
}

// TestKinDecodeGivesUpRarely: the shapes of real documents decode without
// kin-openapi's help, and a refusal stops decoding.
func TestKinDecodeGivesUpRarely(t *testing.T) {
	var handed []string
	testhook.KinHandOff = func(raw []byte) { handed = append(handed, string(raw)) }
	defer func() { testhook.KinHandOff = nil }()
	cases := map[string]kinCase{}
	for _, c := range kinCases {
		cases[c.name] = c
	}
	for _, p := range kinPlain {
		handed = nil
		if _, err := cases[p.typ].fast([]byte(p.doc)); err != nil {
			t.Errorf("%s %.60s: %v", p.typ, p.doc, err)
		}
		if len(handed) > 0 {
			t.Errorf("%s %.60s: handed to kin-openapi: %q", p.typ, p.doc, handed)
		}
	}
	for doc, want := range map[string]bool{
		`{"type":"string"}`:                  false,
		`{"$ref":"#/a"}`:                     false,
		`{"$ref":"#/a","description":"d"}`:   true,
		`{"items":true}`:                     true,
		`{"items":{"type":"string"}}`:        false,
		`{"type":"string","type":"integer"}`: true,
		`{"Type":"string"}`:                  true,
	} {
		handed = nil
		if _, err := decodeKin([]byte(doc), kinSchemaRef); err != nil {
			t.Errorf("%s: %v", doc, err)
		}
		if got := len(handed) > 0; got != want {
			t.Errorf("%s: handed to kin-openapi %v, want %v", doc, got, want)
		}
	}
	for _, doc := range []string{`{"type":7}`, `{"minLength":1.5}`, `{"nullable":"yes"}`, `{"required":["a",1]}`} {
		if _, err := decodeKin([]byte(doc), kinSchemaRef); err == nil {
			t.Errorf("%s: decoded, want an error", doc)
		}
	}
}

// TestKinFieldsCoverKin: the decoders know every field of the types they
// decode; a kin-openapi upgrade that adds one fails here.
func TestKinFieldsCoverKin(t *testing.T) {
	for _, c := range []struct {
		typ   reflect.Type
		names fieldNames
	}{
		{reflect.TypeFor[openapi3.Schema](), schemaFields},
		{reflect.TypeFor[openapi3.PathItem](), pathItemFields},
		{reflect.TypeFor[openapi3.Operation](), operationFields},
		{reflect.TypeFor[openapi3.Parameter](), parameterFields},
		{reflect.TypeFor[openapi3.RequestBody](), requestBodyFields},
		{reflect.TypeFor[openapi3.Response](), responseFields},
		{reflect.TypeFor[openapi3.MediaType](), mediaTypeFields},
		{reflect.TypeFor[openapi3.Example](), exampleFields},
	} {
		var tags []string
		for i := range c.typ.NumField() {
			f := c.typ.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.IsExported() && tag != "-" {
				tags = append(tags, tag)
			}
		}
		names := slices.Clone(c.names.list)
		if c.typ.Name() == "PathItem" {
			names = append(names, "$ref") // hands the path item to kin-openapi
		}
		slices.Sort(tags)
		slices.Sort(names)
		if !slices.Equal(tags, names) {
			t.Errorf("%s: fields %q, decoder knows %q", c.typ.Name(), tags, names)
		}
	}
}

func FuzzKinDecode(f *testing.F) {
	for _, doc := range kinDocs {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if !json.Valid(doc) {
			return
		}
		for _, c := range kinCases {
			checkKinDecode(t, c, doc)
		}
	})
}
