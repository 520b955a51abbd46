package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/internal/testhook"
)

// This file decodes the parts of a document that hold nearly all of its
// bytes (path items, operations, parameters, request bodies, responses,
// media types, headers, examples and schemas) into kin-openapi's types in
// one pass over the JSON.
//
// kin-openapi's UnmarshalJSON methods decode each object twice with
// encoding/json (once into the struct, once into a generic map for its
// extensions), and each nested object again on its own, so a schema five
// levels down is scanned some twenty times. The decoders here read each
// byte about once and build exactly the values those methods build
// (TestKinDecodeEqualsKin, FuzzKinDecode, TestParallelDecodeEqualsKin):
//
//   - A member named as a field sets the field; any other member is an
//     extension, decoded as encoding/json decodes into any.
//   - Where kin-openapi's result depends on details this reader does not
//     reproduce (a $ref with siblings, a boolean schema, a null field, a
//     repeated field, a member matching a field only without regard to
//     case), the object is handed to kin-openapi's own UnmarshalJSON.
//   - Where encoding/json would refuse the input (a string where a number
//     belongs, say), decoding stops with an error and the document is
//     loaded by kin-openapi alone, so errors are always kin-openapi's.
//
// kin-openapi decodes a responses object and an object-valued
// additionalProperties by way of a generic value encoded again, which
// merges repeated members; inside those (kinReader.generic) a repeated
// field and an integer written other than as plain digits stop decoding,
// and an object handed to kin-openapi is encoded again first, as
// kin-openapi does.

// A kinReader reads kin-openapi values from JSON that encoding/json has
// already found valid.
type kinReader struct {
	b []byte
	i int
	// generic counts the enclosing values that kin-openapi decodes from a
	// generic value encoded again, rather than from the document's bytes.
	generic int
}

// errKinDecode is the panic value with which a kinReader stops decoding.
type errKinDecode struct{ err error }

// decodeKin decodes raw with decode, returning the error that stopped it.
func decodeKin[T any](raw []byte, decode func(*kinReader) *T) (v *T, err error) {
	defer func() {
		if e := recover(); e != nil {
			stop, ok := e.(errKinDecode)
			if !ok {
				panic(e)
			}
			v, err = nil, stop.err
		}
	}()
	r := &kinReader{b: raw}
	v = decode(r)
	r.ws()
	if r.i != len(r.b) {
		r.fail(errors.New("data after the value"))
	}
	return v, nil
}

func (r *kinReader) fail(err error) { panic(errKinDecode{err}) }

func (r *kinReader) failf(format string, args ...any) {
	r.fail(fmt.Errorf("offset %d: "+format, append([]any{r.i}, args...)...))
}

func (r *kinReader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the first byte of the next value.
func (r *kinReader) peek() byte {
	r.ws()
	if r.i >= len(r.b) {
		r.failf("unexpected end of JSON")
	}
	return r.b[r.i]
}

// stringEnd returns the index just after the string whose opening quote
// is at i.
func (r *kinReader) stringEnd(i int) int {
	i++
	for {
		j := bytes.IndexByte(r.b[i:], '"')
		if j < 0 {
			r.failf("unterminated string")
		}
		k := i + j
		n := 0
		for m := k - 1; m >= i && r.b[m] == '\\'; m-- {
			n++
		}
		if n%2 == 0 {
			return k + 1
		}
		i = k + 1
	}
}

// skip skips the next value and returns its bytes.
func (r *kinReader) skip() []byte {
	c := r.peek()
	start := r.i
	switch c {
	case '"':
		r.i = r.stringEnd(r.i)
	case '{', '[':
		depth := 0
		for ; r.i < len(r.b); r.i++ {
			switch r.b[r.i] {
			case '"':
				r.i = r.stringEnd(r.i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					r.i++
					return r.b[start:r.i]
				}
			}
		}
		r.failf("unterminated value")
	default:
		for r.i < len(r.b) && !isDelim(r.b[r.i]) {
			r.i++
		}
	}
	return r.b[start:r.i]
}

// isDelim reports whether c ends a number or literal.
func isDelim(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// quoted reads a string and returns its contents, unescaped. The result
// aliases the input when the string needs no unescaping.
func (r *kinReader) quoted() []byte {
	if r.peek() != '"' {
		r.failf("want a string")
	}
	start := r.i
	r.i = r.stringEnd(start)
	s := r.b[start+1 : r.i-1]
	if bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) {
		return s
	}
	var v string
	if err := json.Unmarshal(r.b[start:r.i], &v); err != nil {
		r.fail(err)
	}
	return []byte(v)
}

func (r *kinReader) string() string { return string(r.quoted()) }

// key reads an object member's name and the colon after it.
func (r *kinReader) key() []byte {
	k := r.quoted()
	if r.peek() != ':' {
		r.failf("want a colon")
	}
	r.i++
	return k
}

// open reads the opening brace or bracket c.
func (r *kinReader) open(c byte) {
	if r.peek() != c {
		r.failf("want %q", c)
	}
	r.i++
}

// more reports whether another member or element follows in the object
// or array closed by end, reading the comma before it or the end.
func (r *kinReader) more(end byte) bool {
	switch r.peek() {
	case end:
		r.i++
		return false
	case ',':
		r.i++
	}
	return true
}

func (r *kinReader) null() bool {
	if r.peek() == 'n' {
		r.skip()
		return true
	}
	return false
}

func (r *kinReader) bool() bool {
	switch string(r.skip()) {
	case "true":
		return true
	case "false":
		return false
	}
	r.failf("want a boolean")
	return false
}

func (r *kinReader) number() []byte {
	if c := r.peek(); c != '-' && (c < '0' || c > '9') {
		r.failf("want a number")
	}
	return r.skip()
}

func (r *kinReader) float() *float64 {
	f, err := strconv.ParseFloat(string(r.number()), 64)
	if err != nil {
		r.fail(err)
	}
	return &f
}

// uint reads a number into a uint64 as encoding/json does: only an
// integer in range is accepted.
func (r *kinReader) uint() uint64 {
	lit := r.number()
	if r.generic > 0 && (len(lit) > 15 || bytes.ContainsAny(lit, ".eE-")) {
		// Read from a float64 encoded again, it might read otherwise.
		r.failf("integer %s inside a value kin-openapi decodes generically", lit)
	}
	n, err := strconv.ParseUint(string(lit), 10, 64)
	if err != nil {
		r.fail(err)
	}
	return n
}

func (r *kinReader) uintPtr() *uint64 { n := r.uint(); return &n }

// value decodes the next value into *p with encoding/json, as a struct
// field of p's type is decoded.
func (r *kinReader) value(p any) {
	raw := r.skip()
	switch p.(type) {
	case *any, *[]any:
		// Decoded from a generic value encoded again, these are the same.
	default:
		if r.generic > 0 {
			raw = r.reencode(raw)
		}
	}
	if err := json.Unmarshal(raw, p); err != nil {
		r.fail(err)
	}
}

// reencode returns raw decoded into a generic value and encoded again.
func (r *kinReader) reencode(raw []byte) []byte {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		r.fail(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		r.fail(err)
	}
	return b
}

// strings reads an array of strings.
func (r *kinReader) strings() []string {
	if r.peek() != '[' {
		r.failf("want an array")
	}
	list := []string{}
	r.i++
	for r.more(']') {
		if r.peek() != '"' {
			r.failf("want a string")
		}
		list = append(list, r.string())
	}
	return list
}

// extension decodes the value of the member k, which names no field,
// into *ext as encoding/json decodes a map[string]any.
func (r *kinReader) extension(ext *map[string]any, k []byte) {
	var v any
	if !r.null() {
		r.value(&v)
	}
	if *ext == nil {
		*ext = map[string]any{}
	}
	(*ext)[string(k)] = v
}

// fieldNames are the JSON names of a type's fields.
type fieldNames struct {
	list []string
	set  map[string]bool
}

func newFieldNames(list ...string) fieldNames {
	set := make(map[string]bool, len(list))
	for _, n := range list {
		set[n] = true
	}
	return fieldNames{list, set}
}

// decodeObject decodes an object into v as the UnmarshalJSON methods of
// kin-openapi's struct types do: field decodes the value of each member
// named in names, and every other member is an extension in *ext. It
// returns false, and the object must be handed to kin-openapi, when field
// does, or when a field is null or repeated, or a member names a field
// (or a reference's $ref) only without regard to case.
func decodeObject[T any](r *kinReader, v *T, names fieldNames, ext *map[string]any, field func(*kinReader, *T, string) bool) bool {
	var buf [16]string
	seen := buf[:0] // the fields set so far
	r.open('{')
	for r.more('}') {
		k := r.key()
		if !names.set[string(k)] {
			if !unknown(k, names.list) {
				return false
			}
			r.extension(ext, k)
			continue
		}
		name := string(k)
		if slices.Contains(seen, name) {
			if r.generic > 0 {
				r.failf("repeated member %q inside a value kin-openapi decodes generically", name)
			}
			return false
		}
		seen = append(seen, name)
		if r.peek() == 'n' || !field(r, v, name) {
			return false
		}
	}
	return true
}

// unknown reports whether a member k that names no field can be decoded
// as an extension: encoding/json would match a name differing only in case
// to the field, and a reference type's UnmarshalJSON a $ref.
func unknown(k []byte, names []string) bool {
	if bytes.HasPrefix(k, []byte("x-")) {
		return true
	}
	if bytes.EqualFold(k, []byte("$ref")) {
		return false
	}
	for _, n := range names {
		if bytes.EqualFold(k, []byte(n)) {
			return false
		}
	}
	return true
}

// kin decodes the next value into p with p's own UnmarshalJSON, given
// what kin-openapi would give it.
func (r *kinReader) kin(p json.Unmarshaler) {
	raw := r.skip()
	if testhook.KinHandOff != nil {
		testhook.KinHandOff(raw)
	}
	if r.generic > 0 {
		raw = r.reencode(raw)
	}
	if err := p.UnmarshalJSON(raw); err != nil {
		r.fail(err)
	}
}

// refOnly reads an object that is {"$ref": "..."} and nothing else, and
// returns the reference; ok is false for any other object, and the
// reader's position is then undefined.
func (r *kinReader) refOnly() (ref string, ok bool) {
	r.open('{')
	if r.peek() != '"' || string(r.key()) != "$ref" || r.peek() != '"' {
		return "", false
	}
	ref = r.string()
	if ref == "" || r.peek() != '}' {
		return "", false
	}
	r.i++
	return ref, true
}

// decodeRef decodes a reference object or a value as kin-openapi's
// reference types (SchemaRef, ParameterRef, ...) do: an object that is
// only a non-empty $ref is a reference, any other object with a $ref is
// handed to kin-openapi, and every other object is decoded by dec, unless
// dec reports that kin-openapi must decode it.
func decodeRef[R any, PR interface {
	*R
	json.Unmarshaler
}, V any](r *kinReader, dec func(*kinReader, *V) bool, build func(ref string, v *V) *R) *R {
	r.ws()
	start := r.i
	if r.peek() == '{' {
		if ref, ok := r.refOnly(); ok {
			return build(ref, nil)
		}
		r.i = start
		v := new(V)
		if dec(r, v) {
			return build("", v)
		}
	}
	r.i = start
	p := PR(new(R))
	r.kin(p)
	return p
}

// decodeValue decodes an object with dec, or with its own UnmarshalJSON
// where dec reports that kin-openapi must decode it.
func decodeValue[V any, PV interface {
	*V
	json.Unmarshaler
}](r *kinReader, dec func(*kinReader, *V) bool) *V {
	r.ws()
	start := r.i
	v := PV(new(V))
	if r.peek() == '{' && dec(r, v) {
		return v
	}
	r.i = start
	v = PV(new(V))
	r.kin(v)
	return v
}

// decodeMembers decodes an object whose members are decoded by elem; a
// null member is a nil entry.
func decodeMembers[M ~map[string]*V, V any](r *kinReader, elem func(*kinReader) *V) M {
	r.open('{')
	m := M{}
	for r.more('}') {
		k := string(r.key())
		if r.null() {
			m[k] = nil
			continue
		}
		m[k] = elem(r)
	}
	return m
}

// decodeList decodes an array whose elements are decoded by elem; a null
// element is nil.
func decodeList[L ~[]*V, V any](r *kinReader, elem func(*kinReader) *V) L {
	r.open('[')
	list := L{}
	for r.more(']') {
		if r.null() {
			list = append(list, nil)
			continue
		}
		list = append(list, elem(r))
	}
	return list
}

// The decoders of kin-openapi's types. A decoder of a value type decodes
// one object as the type's UnmarshalJSON does, or returns false when
// kin-openapi must decode it; decodeRef and decodeValue then do.

func kinSchemaRef(r *kinReader) *openapi3.SchemaRef {
	return decodeRef[openapi3.SchemaRef](r, kinSchema, func(ref string, v *openapi3.Schema) *openapi3.SchemaRef {
		return &openapi3.SchemaRef{Ref: ref, Value: v}
	})
}

func kinSchemaRefs(r *kinReader) openapi3.SchemaRefs {
	return decodeList[openapi3.SchemaRefs](r, kinSchemaRef)
}

func kinSchemas(r *kinReader) openapi3.Schemas {
	return decodeMembers[openapi3.Schemas](r, kinSchemaRef)
}

var schemaFields = newFieldNames(
	"oneOf", "anyOf", "allOf", "not", "type", "title", "format", "description", "enum", "default", "example", "externalDocs",
	"uniqueItems", "exclusiveMinimum", "exclusiveMaximum", "nullable", "readOnly", "writeOnly", "allowEmptyValue", "deprecated", "xml",
	"minimum", "maximum", "multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems", "items",
	"required", "properties", "minProperties", "maxProperties", "additionalProperties", "discriminator",
	"const", "examples", "prefixItems", "contains", "minContains", "maxContains", "patternProperties", "dependentSchemas",
	"propertyNames", "unevaluatedItems", "unevaluatedProperties", "if", "then", "else", "dependentRequired",
	"$defs", "$schema", "$comment", "$id", "$anchor", "$dynamicRef", "$dynamicAnchor",
	"contentMediaType", "contentEncoding", "contentSchema",
)

func kinSchema(r *kinReader, s *openapi3.Schema) bool {
	return decodeObject(r, s, schemaFields, &s.Extensions, kinSchemaField)
}

// kinSchemaField decodes the value of the schema field k.
func kinSchemaField(r *kinReader, s *openapi3.Schema, k string) bool {
	switch k {
	case "oneOf":
		s.OneOf = kinSchemaRefs(r)
	case "anyOf":
		s.AnyOf = kinSchemaRefs(r)
	case "allOf":
		s.AllOf = kinSchemaRefs(r)
	case "prefixItems":
		s.PrefixItems = kinSchemaRefs(r)
	case "not":
		s.Not = kinSchemaRef(r)
	case "items":
		s.Items = kinSchemaRef(r)
	case "contains":
		s.Contains = kinSchemaRef(r)
	case "propertyNames":
		s.PropertyNames = kinSchemaRef(r)
	case "if":
		s.If = kinSchemaRef(r)
	case "then":
		s.Then = kinSchemaRef(r)
	case "else":
		s.Else = kinSchemaRef(r)
	case "contentSchema":
		s.ContentSchema = kinSchemaRef(r)
	case "properties":
		s.Properties = kinSchemas(r)
	case "patternProperties":
		s.PatternProperties = kinSchemas(r)
	case "dependentSchemas":
		s.DependentSchemas = kinSchemas(r)
	case "$defs":
		s.Defs = kinSchemas(r)
	case "type":
		if r.peek() == '"' {
			s.Type = &openapi3.Types{r.string()}
		} else {
			r.value(&s.Type)
		}
	case "title":
		s.Title = r.string()
	case "format":
		s.Format = r.string()
	case "description":
		s.Description = r.string()
	case "pattern":
		s.Pattern = r.string()
	case "$schema":
		s.SchemaDialect = r.string()
	case "$comment":
		s.Comment = r.string()
	case "$id":
		s.SchemaID = r.string()
	case "$anchor":
		s.Anchor = r.string()
	case "$dynamicRef":
		s.DynamicRef = r.string()
	case "$dynamicAnchor":
		s.DynamicAnchor = r.string()
	case "contentMediaType":
		s.ContentMediaType = r.string()
	case "contentEncoding":
		s.ContentEncoding = r.string()
	case "enum":
		r.value(&s.Enum)
	case "examples":
		r.value(&s.Examples)
	case "default":
		r.value(&s.Default)
	case "example":
		r.value(&s.Example)
	case "const":
		r.value(&s.Const)
	case "externalDocs":
		r.value(&s.ExternalDocs)
	case "xml":
		r.value(&s.XML)
	case "discriminator":
		r.value(&s.Discriminator)
	case "exclusiveMinimum":
		r.value(&s.ExclusiveMin)
	case "exclusiveMaximum":
		r.value(&s.ExclusiveMax)
	case "unevaluatedItems":
		r.value(&s.UnevaluatedItems)
	case "unevaluatedProperties":
		r.value(&s.UnevaluatedProperties)
	case "dependentRequired":
		r.value(&s.DependentRequired)
	case "uniqueItems":
		s.UniqueItems = r.bool()
	case "nullable":
		s.Nullable = r.bool()
	case "readOnly":
		s.ReadOnly = r.bool()
	case "writeOnly":
		s.WriteOnly = r.bool()
	case "allowEmptyValue":
		s.AllowEmptyValue = r.bool()
	case "deprecated":
		s.Deprecated = r.bool()
	case "minimum":
		s.Min = r.float()
	case "maximum":
		s.Max = r.float()
	case "multipleOf":
		s.MultipleOf = r.float()
	case "minLength":
		s.MinLength = r.uint()
	case "minItems":
		s.MinItems = r.uint()
	case "minProperties":
		s.MinProps = r.uint()
	case "maxLength":
		s.MaxLength = r.uintPtr()
	case "maxItems":
		s.MaxItems = r.uintPtr()
	case "maxProperties":
		s.MaxProps = r.uintPtr()
	case "minContains":
		s.MinContains = r.uintPtr()
	case "maxContains":
		s.MaxContains = r.uintPtr()
	case "required":
		s.Required = r.strings()
	case "additionalProperties":
		return kinBoolSchema(r, &s.AdditionalProperties)
	}
	return true
}

// kinBoolSchema decodes additionalProperties as BoolSchema.UnmarshalJSON
// does: a boolean, or a schema decoded from the object encoded again.
func kinBoolSchema(r *kinReader, bs *openapi3.BoolSchema) bool {
	switch r.peek() {
	case 't', 'f':
		b := r.bool()
		bs.Has = &b
		return true
	case '{':
		// {} decodes to SchemaRef{Value: &Schema{}}, as BoolSchema makes it.
		r.generic++
		defer func() { r.generic-- }()
		bs.Schema = kinSchemaRef(r)
		return true
	}
	return false
}

var pathItemFields = newFieldNames("summary", "description", "connect", "delete", "get", "head", "options", "patch",
	"post", "put", "trace", "query", "additionalOperations", "servers", "parameters")

func kinPathItem(r *kinReader) *openapi3.PathItem {
	return decodeValue(r, func(r *kinReader, p *openapi3.PathItem) bool {
		return decodeObject(r, p, pathItemFields, &p.Extensions, kinPathItemField)
	})
}

func kinPathItemField(r *kinReader, p *openapi3.PathItem, k string) bool {
	var op **openapi3.Operation
	switch k {
	case "summary":
		p.Summary = r.string()
	case "description":
		p.Description = r.string()
	case "servers":
		r.value(&p.Servers)
	case "parameters":
		p.Parameters = kinParameters(r)
	case "additionalOperations":
		return false // rare: kin-openapi's
	case "connect":
		op = &p.Connect
	case "delete":
		op = &p.Delete
	case "get":
		op = &p.Get
	case "head":
		op = &p.Head
	case "options":
		op = &p.Options
	case "patch":
		op = &p.Patch
	case "post":
		op = &p.Post
	case "put":
		op = &p.Put
	case "trace":
		op = &p.Trace
	case "query":
		op = &p.Query
	}
	if op != nil {
		*op = kinOperation(r)
	}
	return true
}

var operationFields = newFieldNames("tags", "summary", "description", "operationId", "parameters", "requestBody", "responses",
	"callbacks", "deprecated", "security", "servers", "externalDocs")

func kinOperation(r *kinReader) *openapi3.Operation {
	return decodeValue(r, func(r *kinReader, op *openapi3.Operation) bool {
		return decodeObject(r, op, operationFields, &op.Extensions, kinOperationField)
	})
}

func kinOperationField(r *kinReader, op *openapi3.Operation, k string) bool {
	switch k {
	case "tags":
		op.Tags = r.strings()
	case "summary":
		op.Summary = r.string()
	case "description":
		op.Description = r.string()
	case "operationId":
		op.OperationID = r.string()
	case "parameters":
		op.Parameters = kinParameters(r)
	case "requestBody":
		op.RequestBody = kinRequestBodyRef(r)
	case "responses":
		op.Responses = kinResponses(r)
	case "callbacks":
		r.value(&op.Callbacks)
	case "deprecated":
		op.Deprecated = r.bool()
	case "security":
		r.value(&op.Security)
	case "servers":
		r.value(&op.Servers)
	case "externalDocs":
		r.value(&op.ExternalDocs)
	}
	return true
}

func kinParameters(r *kinReader) openapi3.Parameters {
	return decodeList[openapi3.Parameters](r, kinParameterRef)
}

func kinParameterRef(r *kinReader) *openapi3.ParameterRef {
	return decodeRef[openapi3.ParameterRef](r, kinParameter, func(ref string, v *openapi3.Parameter) *openapi3.ParameterRef {
		return &openapi3.ParameterRef{Ref: ref, Value: v}
	})
}

func kinHeaderRef(r *kinReader) *openapi3.HeaderRef {
	return decodeRef[openapi3.HeaderRef](r, func(r *kinReader, h *openapi3.Header) bool {
		return kinParameter(r, &h.Parameter)
	}, func(ref string, v *openapi3.Header) *openapi3.HeaderRef {
		return &openapi3.HeaderRef{Ref: ref, Value: v}
	})
}

var parameterFields = newFieldNames("name", "in", "description", "style", "explode", "allowEmptyValue", "allowReserved",
	"deprecated", "required", "schema", "example", "examples", "content")

func kinParameter(r *kinReader, p *openapi3.Parameter) bool {
	return decodeObject(r, p, parameterFields, &p.Extensions, func(r *kinReader, p *openapi3.Parameter, k string) bool {
		switch k {
		case "name":
			p.Name = r.string()
		case "in":
			p.In = r.string()
		case "description":
			p.Description = r.string()
		case "style":
			p.Style = r.string()
		case "explode":
			b := r.bool()
			p.Explode = &b
		case "allowEmptyValue":
			p.AllowEmptyValue = r.bool()
		case "allowReserved":
			p.AllowReserved = r.bool()
		case "deprecated":
			p.Deprecated = r.bool()
		case "required":
			p.Required = r.bool()
		case "schema":
			p.Schema = kinSchemaRef(r)
		case "example":
			r.value(&p.Example)
		case "examples":
			p.Examples = kinExamples(r)
		case "content":
			p.Content = kinContent(r)
		}
		return true
	})
}

func kinRequestBodyRef(r *kinReader) *openapi3.RequestBodyRef {
	return decodeRef[openapi3.RequestBodyRef](r, kinRequestBody, func(ref string, v *openapi3.RequestBody) *openapi3.RequestBodyRef {
		return &openapi3.RequestBodyRef{Ref: ref, Value: v}
	})
}

var requestBodyFields = newFieldNames("description", "required", "content")

func kinRequestBody(r *kinReader, b *openapi3.RequestBody) bool {
	return decodeObject(r, b, requestBodyFields, &b.Extensions, func(r *kinReader, b *openapi3.RequestBody, k string) bool {
		switch k {
		case "description":
			b.Description = r.string()
		case "required":
			b.Required = r.bool()
		case "content":
			b.Content = kinContent(r)
		}
		return true
	})
}

// kinResponses decodes a responses object as Responses.UnmarshalJSON
// does: each response from a generic value encoded again, and the
// extensions always a map.
func kinResponses(r *kinReader) *openapi3.Responses {
	r.open('{')
	rs := openapi3.NewResponses()
	rs.Extensions = map[string]any{}
	r.generic++
	defer func() { r.generic-- }()
	for r.more('}') {
		k := r.key()
		switch {
		case bytes.HasPrefix(k, []byte("x-")):
			r.extension(&rs.Extensions, k)
		case r.null():
			// ResponseRef.UnmarshalJSON("null") leaves it empty.
			rs.Set(string(k), &openapi3.ResponseRef{})
		default:
			rs.Set(string(k), kinResponseRef(r))
		}
	}
	return rs
}

func kinResponseRef(r *kinReader) *openapi3.ResponseRef {
	return decodeRef[openapi3.ResponseRef](r, kinResponse, func(ref string, v *openapi3.Response) *openapi3.ResponseRef {
		return &openapi3.ResponseRef{Ref: ref, Value: v}
	})
}

var responseFields = newFieldNames("description", "headers", "content", "links")

func kinResponse(r *kinReader, resp *openapi3.Response) bool {
	return decodeObject(r, resp, responseFields, &resp.Extensions, func(r *kinReader, resp *openapi3.Response, k string) bool {
		switch k {
		case "description":
			d := r.string()
			resp.Description = &d
		case "headers":
			resp.Headers = decodeMembers[openapi3.Headers](r, kinHeaderRef)
		case "content":
			resp.Content = kinContent(r)
		case "links":
			r.value(&resp.Links)
		}
		return true
	})
}

func kinContent(r *kinReader) openapi3.Content {
	return decodeMembers[openapi3.Content](r, kinMediaType)
}

var mediaTypeFields = newFieldNames("schema", "itemSchema", "example", "examples", "encoding")

func kinMediaType(r *kinReader) *openapi3.MediaType {
	return decodeValue(r, func(r *kinReader, m *openapi3.MediaType) bool {
		return decodeObject(r, m, mediaTypeFields, &m.Extensions, func(r *kinReader, m *openapi3.MediaType, k string) bool {
			switch k {
			case "schema":
				m.Schema = kinSchemaRef(r)
			case "itemSchema":
				m.ItemSchema = kinSchemaRef(r)
			case "example":
				r.value(&m.Example)
			case "examples":
				m.Examples = kinExamples(r)
			case "encoding":
				r.value(&m.Encoding)
			}
			return true
		})
	})
}

func kinExamples(r *kinReader) openapi3.Examples {
	return decodeMembers[openapi3.Examples](r, kinExampleRef)
}

var exampleFields = newFieldNames("summary", "description", "value", "externalValue")

func kinExampleRef(r *kinReader) *openapi3.ExampleRef {
	return decodeRef[openapi3.ExampleRef](r, kinExample, func(ref string, v *openapi3.Example) *openapi3.ExampleRef {
		return &openapi3.ExampleRef{Ref: ref, Value: v}
	})
}

func kinExample(r *kinReader, e *openapi3.Example) bool {
	return decodeObject(r, e, exampleFields, &e.Extensions, func(r *kinReader, e *openapi3.Example, k string) bool {
		switch k {
		case "summary":
			e.Summary = r.string()
		case "description":
			e.Description = r.string()
		case "value":
			r.value(&e.Value)
		case "externalValue":
			e.ExternalValue = r.string()
		}
		return true
	})
}
