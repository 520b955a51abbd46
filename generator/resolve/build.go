// Package resolve builds the model of a loaded spec (package model): it
// settles every Go name, type and wire decision, so that a back end only
// prints the result.
//
// The builder's files import package model with a dot, so the model's
// types read unqualified in them.
package resolve

import (
	"fmt"
	. "github.com/sigen-dev/sigen/generator/model"
	"go/token"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/naming"
)

// Config tunes model building.
type Config struct {
	// TypeMappings maps a string format (such as "uuid") to a Go type given
	// as "import/path.Name" or a builtin name.
	TypeMappings map[string]string
	// Renames maps an original name (schema name, operationId, or
	// "Schema.property") to the Go name to use.
	Renames map[string]string
	// Skip lists operationIds or "METHOD /path" entries to leave out on
	// purpose.
	Skip []string
	// Initialisms are extra words written in capitals in Go names.
	Initialisms []string
	// Bindings bind security schemes of the spec to token flows (from
	// --auth or sigen.yaml's auth entries). They are applied to the
	// model's security schemes; the spec document is left as it is.
	Bindings []Binding
	// Notes receives warnings about what sigen did on the caller's behalf
	// rather than problems of the spec (a scheme a binding adds); nil:
	// they go to the diagnostics Build is given.
	Notes *load.Diagnostics
}

// clientNames are the package-level names of client.go (API.Client),
// decided here: the printer declares these.
var clientNames = DefaultClientNames

// reservedNames are taken in every generated package before any spec name:
// the package-level names of client.go, and the credential options of the
// vendor flows (from generator/flows). Server is kept free as earlier
// versions did: freeing it would rename a type of some existing client.
var reservedNames = slices.Concat(clientNames.Names(), []string{"Server"}, flows.Options())

// builder holds the state of one Build.
type builder struct {
	names  *naming.Namer
	spec   *load.Spec
	cfg    Config
	diag   *load.Diagnostics
	notes  *load.Diagnostics
	api    *API
	scope  *naming.Scope
	named  map[*openapi3.Schema]*Named
	errs   []error
	inProg map[*openapi3.Schema]bool
	depth  int
}

// Build turns a loaded spec into a model. Warnings go to diag; errors are
// returned together, each naming its location.
func Build(spec *load.Spec, cfg Config, diag *load.Diagnostics) (*API, error) {
	if diag == nil {
		diag = &load.Diagnostics{}
	}
	doc := spec.Doc
	b := &builder{
		names:  naming.NewNamer(cfg.Initialisms...),
		spec:   spec,
		cfg:    cfg,
		diag:   diag,
		notes:  cfg.Notes,
		scope:  naming.NewScope(reservedNames...),
		named:  make(map[*openapi3.Schema]*Named),
		inProg: make(map[*openapi3.Schema]bool),
		api:    &API{SpecFile: spec.File, Locals: locals, Client: clientNames},
	}
	if b.notes == nil {
		b.notes = diag
	}
	bound, err := b.bind()
	if err != nil {
		return nil, err
	}
	if doc.Info != nil {
		b.api.Title = doc.Info.Title
		b.api.Version = doc.Info.Version
		b.api.Description = doc.Info.Description
	}
	b.api.Servers = b.servers(doc.Servers, "#/servers")
	b.schemes(bound)

	// Component schemas first, in sorted order, so their names win.
	if doc.Components != nil {
		names := slices.Sorted(maps.Keys(doc.Components.Schemas))
		for _, name := range names {
			ref := doc.Components.Schemas[name]
			if ref == nil || ref.Value == nil {
				if ref != nil && ref.Ref != "" {
					b.unresolved(name, ref.Ref)
				}
				continue
			}
			ptr := "#/components/schemas/" + load.EscapePointer(name)
			b.declare(ref.Value, b.rename(name, naming.Exported(name), ptr), ptr)
		}
		for _, name := range names {
			ref := doc.Components.Schemas[name]
			if ref == nil || ref.Value == nil {
				continue
			}
			b.typeOf(ref, "#/components/schemas/"+load.EscapePointer(name), name)
		}
	}
	b.operations()
	sort.Slice(b.api.Types, func(i, j int) bool { return b.api.Types[i].Name < b.api.Types[j].Name })
	pointNullables(b.api)
	breakCycles(b.api)
	patternVars(b.api.Types)
	Layout(b.api, "", false)
	decide(b.api)
	if len(b.errs) == 0 {
		b.checkNames()
	}
	if len(b.errs) > 0 {
		return nil, joinErrors(b.errs)
	}
	return b.api, nil
}

// unresolved reports a component schema whose $ref kin-openapi left
// unresolved: a cycle of $refs with no schema in between (A: $ref B,
// B: $ref A), which has no meaning.
func (b *builder) unresolved(name, ref string) {
	ptr := "#/components/schemas/" + load.EscapePointer(name)
	chain := []string{name}
	seen := map[string]bool{name: true}
	schemas := b.spec.Doc.Components.Schemas
	for r := ref; ; {
		next, ok := strings.CutPrefix(r, "#/components/schemas/")
		if !ok {
			break
		}
		next = load.UnescapePointer(next)
		chain = append(chain, next)
		if seen[next] {
			b.errorf(ptr, "$ref cycle with no schema in between: %s", strings.Join(chain, " -> "))
			return
		}
		seen[next] = true
		sr := schemas[next]
		if sr == nil || sr.Value != nil {
			break
		}
		r = sr.Ref
	}
	b.errorf(ptr, "unresolved $ref %q", ref)
}

// rename returns the Go name the config's renames give orig, or def. A
// rename that is not an exported Go identifier is an error at ptr (the
// spec element it renames): config text never reaches generated source
// unchecked.
func (b *builder) rename(orig, def, ptr string) string {
	r, ok := b.cfg.Renames[orig]
	if !ok || r == "" {
		return def
	}
	if !naming.IsExportedIdent(r) {
		b.errorf(ptr, "rename %q (renames[%q] in the config): not a Go identifier", r, orig)
		return def
	}
	return r
}

// goName returns the x-go-name of a schema, property or operation at ptr,
// or def when it has none. A value that is not an exported Go identifier
// (a keyword, "_", lower case, or text such as "T struct{}; func init()")
// is an error: spec text never reaches generated source unchecked.
func (b *builder) goName(ext map[string]any, ptr, def string) string {
	v, ok := ext["x-go-name"]
	if !ok {
		return def
	}
	x, isStr := v.(string)
	if !isStr {
		b.errorf(ptr+"/x-go-name", "x-go-name %s: not a Go identifier (it must be a string)", jsonText(v))
		return def
	}
	if x == "" {
		return def
	}
	if !naming.IsExportedIdent(x) {
		b.errorf(ptr+"/x-go-name", "x-go-name %q: not a Go identifier", x)
		return def
	}
	return x
}

// jsonText renders a decoded JSON value for a message, bounded in length.
func jsonText(v any) string {
	s := fmt.Sprintf("%q", fmt.Sprint(v))
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// checkNames is the last line of defence against spec text in generated
// identifiers: every name the emitter will write as an identifier must be
// one (token.IsIdentifier). Names are checked or cleaned where they are
// made; a failure here is a sigen bug, reported at the schema or
// operation that produced the name rather than as unparsable output.
func (b *builder) checkNames() {
	check := func(ptr, what, name string) {
		if !token.IsIdentifier(name) {
			b.errorf(ptr, "internal error: %s name %q is not a Go identifier", what, name)
		}
	}
	for _, n := range b.api.Types {
		check(n.Source, "type", n.Name)
		switch d := n.Decl().(type) {
		case *Struct:
			for _, f := range d.Fields {
				check(n.Source, "field", f.Name)
			}
			if d.Extra != nil {
				check(n.Source, "field", d.ExtraName)
			}
		case *Enum:
			for _, v := range d.Values {
				check(n.Source, "constant", v.Name)
			}
		case *Union:
			for _, v := range d.Variants {
				check(n.Source, "field", v.Name)
				if v.Func != "" {
					check(n.Source, "function", v.Func)
				}
			}
		}
	}
	for _, op := range b.api.Operations {
		check(op.Source, "method", op.Name)
		if op.IterName != "" {
			check(op.Source, "method", op.IterName)
		}
		for _, ps := range [][]*Param{op.PathParams, op.Query, op.Header, op.Cookie} {
			for _, p := range ps {
				check(op.Source, "parameter", p.GoName)
			}
		}
		for _, body := range op.Bodies {
			for _, part := range body.Parts {
				check(op.Source, "field", part.GoName)
			}
		}
		for _, r := range op.Responses {
			if r.Field != "" {
				check(op.Source, "field", r.Field)
			}
			for _, h := range r.Headers {
				check(op.Source, "field", h.GoName)
			}
		}
	}
}

// childName names a type or constant that belongs to parent (a property's
// inline type, an enum constant) with naming.Join, so a word the two share
// is written once (DocumentHash + HashAlgorithm is DocumentHashAlgorithm).
// When the shortened name is already taken, the plain concatenation is used
// instead, so a spec that declares both DocumentHashAlgorithm and
// DocumentHash.hashAlgorithm keeps readable names; a clash that remains is
// settled by the scope's numeric suffix.
func (b *builder) childName(parent, child string) string {
	short := naming.Join(parent, child)
	if long := parent + child; short != long && b.scope.Taken(b.names.Exported(short)) {
		return long
	}
	return short
}

func (b *builder) errorf(ptr, format string, args ...any) {
	b.errs = append(b.errs, &load.SpecError{Pos: b.spec.Pos(ptr), Msg: fmt.Sprintf(format, args...)})
}

func (b *builder) warnf(ptr, format string, args ...any) {
	b.diag.Warn(b.spec.Pos(ptr), format, args...)
}

// declare registers a named type for a component schema before its body is
// built, so references (including recursive ones) find it.
func (b *builder) declare(s *openapi3.Schema, name, ptr string) *Named {
	if n, ok := b.named[s]; ok {
		return n
	}
	name = b.goName(s.Extensions, ptr, name)
	n := &Named{Name: b.scope.Unique(name), Source: ptr}
	b.named[s] = n
	return n
}

// nullable reports whether s admits null.
func nullable(s *openapi3.Schema) bool {
	return s.Nullable || (s.Type != nil && s.Type.IncludesNull())
}

// types returns the non-null types of s.
func types(s *openapi3.Schema) []string {
	if s.Type == nil {
		return nil
	}
	var out []string
	for _, t := range *s.Type {
		if t != "null" {
			out = append(out, t)
		}
	}
	return out
}

// typeOf returns the Go type for a schema used at ptr; hint names an inline
// type that needs a declaration.
func (b *builder) typeOf(ref *openapi3.SchemaRef, ptr, hint string) *Type {
	if ref == nil || ref.Value == nil {
		if ref != nil && ref.Ref != "" {
			b.errorf(ptr, "unresolved $ref %q", ref.Ref)
		}
		return RawMessage
	}
	b.depth++
	defer func() { b.depth-- }()
	if b.depth > 500 {
		b.errorf(ptr, "schema nesting deeper than 500 levels")
		return RawMessage
	}
	s := ref.Value
	if r, ok := s.Extensions["$ref"]; ok {
		// kin-openapi keeps a $ref it could not resolve, such as a cycle
		// of $refs across files, as an extension.
		b.errorf(ptr, "$ref %q does not resolve to a schema (a cycle of $refs with no schema in between?)", fmt.Sprint(r))
		return RawMessage
	}
	if alt, ok := nullableAlternative(s); ok {
		// oneOf/anyOf: [X, {type: null}] is a nullable X.
		t := b.typeOf(alt, ptr+"/oneOf/0", hint)
		if t.Kind == TypeNullable || t == Any || t == RawMessage {
			return t
		}
		return NullableOf(t)
	}
	if ref.Ref != "" && b.named[s] == nil {
		// A reference to a schema that is not a component (another file,
		// or a path inside the document): declare it under the ref's name.
		if needsDecl(s) {
			b.declare(s, b.names.Exported(refName(ref.Ref)), refPointer(ref.Ref, ptr))
		}
	}
	t := b.schemaType(s, ptr, hint)
	if nullable(s) {
		if t == Any || t == RawMessage {
			return t
		}
		return NullableOf(t)
	}
	return t
}

func refName(ref string) string {
	i := strings.LastIndexAny(ref, "/#")
	name := ref[i+1:]
	name = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, ".yaml"), ".yml"), ".json")
	return load.UnescapePointer(name)
}

func refPointer(ref, fallback string) string {
	if strings.HasPrefix(ref, "#/") {
		return ref
	}
	return fallback
}

// needsDecl reports whether an inline schema becomes a named type.
func needsDecl(s *openapi3.Schema) bool {
	if len(s.Enum) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0 || len(s.AllOf) > 0 || len(s.PrefixItems) > 0 || s.Const != nil {
		return true
	}
	ts := types(s)
	if len(ts) > 1 {
		return true
	}
	if len(s.Properties) > 0 {
		return true
	}
	return false
}

// schemaType computes the Go type of s (without its own nullability).
func (b *builder) schemaType(s *openapi3.Schema, ptr, hint string) *Type {
	if n, ok := b.named[s]; ok {
		if n.Decl() == nil && !b.inProg[s] {
			b.inProg[s] = true
			b.fill(n, s, n.Source)
			delete(b.inProg, s)
		}
		return n.Ref()
	}
	if needsDecl(s) {
		n := b.declare(s, b.names.Exported(hint), ptr)
		b.inProg[s] = true
		b.fill(n, s, ptr)
		delete(b.inProg, s)
		return n.Ref()
	}
	return b.structural(s, ptr, hint)
}

// structural returns the type of a schema that needs no declaration.
func (b *builder) structural(s *openapi3.Schema, ptr, hint string) *Type {
	ts := types(s)
	var typ string
	if len(ts) == 1 {
		typ = ts[0]
	}
	if typ == "" {
		// No type: infer from keywords, else free-form.
		switch {
		case s.Items != nil:
			typ = "array"
		case s.Properties != nil || s.AdditionalProperties.Schema != nil || s.AdditionalProperties.Has != nil:
			typ = "object"
		case s.Format != "" || s.Pattern != "" || s.MaxLength != nil:
			typ = "string"
		default:
			if s.Type != nil && s.Type.IncludesNull() && len(ts) == 0 {
				return Any
			}
			return RawMessage
		}
	}
	switch typ {
	case "string":
		return b.stringType(s, ptr)
	case "integer":
		switch s.Format {
		case "int32":
			return Int32
		default:
			return Int64
		}
	case "number":
		switch s.Format {
		case "float":
			return Float32
		case "int32":
			return Int32
		case "int64":
			return Int64
		default:
			return Float64
		}
	case "boolean":
		return Bool
	case "array":
		if s.Items == nil {
			b.warnf(ptr, "array without items; items read as free-form JSON")
			return SliceOf(RawMessage)
		}
		return SliceOf(b.typeOf(s.Items, ptr+"/items", hint+"Item"))
	case "object":
		ap := s.AdditionalProperties
		if ap.Schema != nil {
			return MapOf(b.typeOf(ap.Schema, ptr+"/additionalProperties", hint+"Value"))
		}
		// Free-form (also with additionalProperties: false and no
		// properties, where a map is more useful than an empty struct).
		return MapOf(Any)
	case "null":
		return Any
	}
	b.warnf(ptr, "unknown type %q; read as free-form JSON", typ)
	return RawMessage
}

func (b *builder) stringType(s *openapi3.Schema, ptr string) *Type {
	if m, ok := b.cfg.TypeMappings[s.Format]; ok && s.Format != "" {
		return parseGoType(m)
	}
	switch s.Format {
	case "date-time":
		return Time
	case "date":
		return Date
	case "byte":
		return Bytes
	}
	return String
}

// parseGoType parses "path/to/pkg.Name" or a builtin name.
func parseGoType(s string) *Type {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return BuiltinType(s)
	}
	return QualType(s[:i], s[i+1:])
}

func joinErrors(errs []error) error {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return &Errors{List: errs}
}

// Errors is a list of spec errors, reported together.
type Errors struct{ List []error }

func (e *Errors) Error() string {
	var b strings.Builder
	for i, err := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

// Unwrap returns the individual errors.
func (e *Errors) Unwrap() []error { return e.List }

// nullableAlternative reports whether s is only a oneOf/anyOf of one
// schema and null, and returns that schema.
func nullableAlternative(s *openapi3.Schema) (*openapi3.SchemaRef, bool) {
	alts := s.OneOf
	if len(alts) == 0 {
		alts = s.AnyOf
	}
	if len(alts) != 2 || len(s.Properties) > 0 || len(s.AllOf) > 0 || s.Discriminator != nil {
		return nil, false
	}
	isNull := func(r *openapi3.SchemaRef) bool {
		return r != nil && r.Value != nil && r.Value.Type != nil && len(types(r.Value)) == 0 && r.Value.Type.IncludesNull()
	}
	switch {
	case isNull(alts[1]) && !isNull(alts[0]):
		return alts[0], true
	case isNull(alts[0]) && !isNull(alts[1]):
		return alts[1], true
	}
	return nil, false
}
