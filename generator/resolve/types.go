package resolve

import (
	"encoding/json"
	"fmt"
	. "github.com/sigen-dev/sigen/generator/model"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/naming"
)

// fill builds the declaration of n from s.
func (b *builder) fill(n *Named, s *openapi3.Schema, ptr string) {
	n.Doc = docOf(s)
	n.Deprecated = s.Deprecated
	b.api.Types = append(b.api.Types, n)
	switch {
	case len(s.Enum) > 0:
		n.SetDecl(b.enum(n, s, ptr))
	case s.Const != nil && len(types(s)) <= 1:
		n.SetDecl(b.enumValues(n, []any{s.Const}, ptr))
	case len(s.Properties) > 0 && constraintsOnly(s.OneOf) && constraintsOnly(s.AnyOf):
		// oneOf/anyOf whose branches only say which properties are
		// required (a common way to write "a or b must be set"): the
		// object's properties are the type.
		n.SetDecl(b.object(n, s, ptr))
	case len(s.OneOf) > 0:
		if len(s.Properties) > 0 {
			b.warnf(ptr, "properties next to oneOf are not generated; each variant must declare them")
		}
		n.SetDecl(b.union(n, s, s.OneOf, ptr+"/oneOf", false))
	case len(s.AnyOf) > 0:
		if len(s.Properties) > 0 {
			b.warnf(ptr, "properties next to anyOf are not generated; each variant must declare them")
		}
		n.SetDecl(b.union(n, s, s.AnyOf, ptr+"/anyOf", true))
	case len(s.AllOf) > 0:
		n.SetDecl(b.allOf(n, s, ptr))
	case len(s.PrefixItems) > 0:
		t := &Tuple{}
		for i, it := range s.PrefixItems {
			t.Items = append(t.Items, b.typeOf(it, fmt.Sprintf("%s/prefixItems/%d", ptr, i), n.Name+"Item"+strconv.Itoa(i)))
		}
		if s.Items != nil {
			t.Rest = b.typeOf(s.Items, ptr+"/items", n.Name+"Rest")
		}
		n.SetDecl(t)
	case len(types(s)) > 1:
		n.SetDecl(b.primitiveUnion(n, s, ptr))
	case len(s.Properties) > 0:
		n.SetDecl(b.object(n, s, ptr))
	default:
		// A named primitive, array or map.
		u := b.structural(s, ptr, n.Name)
		if u == RawMessage {
			n.SetDecl(&Defined{Underlying: u, Alias: true})
		} else {
			n.SetDecl(&Defined{Underlying: u})
		}
	}
	if u, ok := n.Decl().(*Union); ok {
		for _, v := range u.Variants {
			v.Func = b.scope.Unique(n.Name + "From" + v.Name)
		}
	}
}

func docOf(s *openapi3.Schema) string {
	var parts []string
	if s.Title != "" && s.Title != s.Description {
		parts = append(parts, s.Title)
	}
	if s.Description != "" {
		parts = append(parts, s.Description)
	}
	return strings.Join(parts, "\n\n")
}

// object builds a struct from properties.
func (b *builder) object(n *Named, s *openapi3.Schema, ptr string) *Struct {
	st := &Struct{}
	props := make(map[string]propSrc, len(s.Properties))
	for name, p := range s.Properties {
		props[name] = propSrc{ref: p, ptr: ptr + "/properties/" + load.EscapePointer(name)}
	}
	required := make(map[string]bool, len(s.Required))
	for _, r := range s.Required {
		required[r] = true
	}
	b.fields(n, st, props, required)
	b.extra(n, st, s, ptr)
	return st
}

type propSrc struct {
	ref *openapi3.SchemaRef
	ptr string
}

func (b *builder) extra(n *Named, st *Struct, s *openapi3.Schema, ptr string) {
	ap := s.AdditionalProperties
	switch {
	case ap.Schema != nil:
		st.Extra = b.typeOf(ap.Schema, ptr+"/additionalProperties", n.Name+"Value")
	case ap.Has != nil && *ap.Has:
		st.Extra = RawMessage
	}
	if st.Extra != nil {
		fs := naming.NewScope()
		for _, f := range st.Fields {
			fs.Reserve(f.Name)
		}
		st.ExtraName = fs.Unique("AdditionalProperties")
	}
}

// fields adds one field per property, in sorted JSON-name order.
func (b *builder) fields(n *Named, st *Struct, props map[string]propSrc, required map[string]bool) {
	fs := naming.NewScope("MarshalJSON", "UnmarshalJSON", "Validate", "String")
	for _, name := range slices.Sorted(maps.Keys(props)) {
		p := props[name]
		if p.ref == nil || p.ref.Value == nil {
			b.errorf(p.ptr, "property %q has no schema", name)
			continue
		}
		ps := p.ref.Value
		def := b.names.Exported(name)
		if len(naming.Words(name)) == 0 {
			// "", "-", ",": no letters to build a name from.
			def = "Property"
			if name == "" {
				def = "Empty"
			}
		}
		goName := b.goName(ps.Extensions, p.ptr, def)
		goName = b.rename(n.Name+"."+name, goName, p.ptr)
		f := &Field{
			Name:       fs.Unique(goName),
			JSONName:   name,
			Untagged:   !jsonNameOK(name),
			Doc:        docOf(ps),
			Required:   required[name],
			ReadOnly:   ps.ReadOnly,
			WriteOnly:  ps.WriteOnly,
			Deprecated: ps.Deprecated,
		}
		if p.ref.Ref == "" && ps.Description == "" && ps.Title == "" {
			f.Doc = ""
		}
		f.Type = b.typeOf(p.ref, p.ptr, b.childName(n.Name, b.names.Exported(name)))
		if f.ReadOnly || f.WriteOnly {
			// Never required in Go: a read-only field is left out of
			// requests, a write-only one is absent from responses.
			f.Required = false
		}
		f.Pointer = !f.Required && b.pointerable(f.Type)
		f.Check = constraints(ps)
		if f.Untagged {
			// encoding/json would read and write another name (or none):
			// the type's own MarshalJSON/UnmarshalJSON carry this one.
			b.warnf(p.ptr, "property name %q cannot be written in an encoding/json struct tag; field %s.%s keeps it through %s's MarshalJSON and UnmarshalJSON", name, n.Name, f.Name, n.Name)
		}
		st.Fields = append(st.Fields, f)
	}
}

// jsonNameOK reports whether encoding/json accepts name in a struct tag
// (its isValidTag), and name is not "-", which means "no field".
func jsonNameOK(name string) bool {
	if name == "" || name == "-" {
		return false
	}
	for _, c := range name {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

// pointerable reports whether an optional field of type t is a pointer (to
// tell absent from zero). Slices, maps, nullables and raw JSON have their
// own zero value for absent.
func (b *builder) pointerable(t *Type) bool {
	switch t.Kind {
	case TypeBuiltin:
		return t != Any && t != Bytes
	case TypeQual:
		return t != RawMessage && t.Path != "io" // interfaces are nil when absent
	case TypeNamed:
		if d := b.api.Named(t).Defined; d != nil {
			return b.pointerable(d.Underlying)
		}
		return true
	}
	return false
}

func constraints(s *openapi3.Schema) *Constraints {
	c := &Constraints{
		MaxLength: s.MaxLength, Pattern: s.Pattern, Minimum: s.Min, Maximum: s.Max,
		MaxItems: s.MaxItems,
	}
	if s.MinLength > 0 {
		v := s.MinLength
		c.MinLength = &v
	}
	if s.MinItems > 0 {
		v := s.MinItems
		c.MinItems = &v
	}
	if s.ExclusiveMin.Value != nil {
		c.Minimum = s.ExclusiveMin.Value
		c.ExclusiveMin = true
	} else if s.ExclusiveMin.IsTrue() {
		c.ExclusiveMin = true
	}
	if s.ExclusiveMax.Value != nil {
		c.Maximum = s.ExclusiveMax.Value
		c.ExclusiveMax = true
	} else if s.ExclusiveMax.IsTrue() {
		c.ExclusiveMax = true
	}
	if c.Empty() {
		return nil
	}
	return c
}

// refOr returns ref, or ptr when ref is empty.
func refOr(ref, ptr string) string {
	if ref != "" {
		return ref
	}
	return ptr
}

// allOf merges all sub-schemas into one struct. A lone $ref with nothing
// else becomes an alias of the referenced type.
func (b *builder) allOf(n *Named, s *openapi3.Schema, ptr string) any {
	if len(s.AllOf) == 1 && len(s.Properties) == 0 && s.AllOf[0].Ref != "" {
		t := b.typeOf(s.AllOf[0], ptr+"/allOf/0", n.Name)
		if b.aliasOf(t, n) {
			b.errorf(ptr, "schema is defined as itself (allOf cycle with no object in between)")
			return &Defined{Underlying: RawMessage, Alias: true}
		}
		return &Defined{Underlying: t, Alias: true}
	}
	props := make(map[string]propSrc)
	required := make(map[string]bool)
	st := &Struct{}
	var extra *openapi3.Schema
	visiting := make(map[*openapi3.Schema]bool)
	var merge func(s *openapi3.Schema, ptr string, depth int)
	merge = func(s *openapi3.Schema, ptr string, depth int) {
		if visiting[s] || depth > 64 {
			b.errorf(ptr, "allOf cycle with no object in between")
			return
		}
		visiting[s] = true
		defer delete(visiting, s)
		for i, sub := range s.AllOf {
			sp := fmt.Sprintf("%s/allOf/%d", ptr, i)
			if sub.Ref != "" && strings.HasPrefix(sub.Ref, "#/") {
				sp = sub.Ref
			}
			if sub.Value == nil {
				b.errorf(sp, "unresolved allOf member")
				continue
			}
			if visiting[sub.Value] {
				// The schema lists itself (or a schema whose allOf leads
				// back to it): the intersection with itself adds nothing.
				b.warnf(fmt.Sprintf("%s/allOf/%d", ptr, i), "allOf includes the schema being defined (%s); the self-reference adds nothing and is ignored", refOr(sub.Ref, ptr))
				continue
			}
			if len(sub.Value.OneOf) > 0 || len(sub.Value.AnyOf) > 0 {
				b.warnf(sp, "oneOf/anyOf inside allOf is not merged; its properties are not generated")
			}
			merge(sub.Value, sp, depth+1)
		}
		for _, r := range s.Required {
			required[r] = true
		}
		for name, p := range s.Properties {
			pp := ptr + "/properties/" + load.EscapePointer(name)
			if prev, ok := props[name]; ok && prev.ref.Value != p.Value {
				if u, conflict := b.allOfConflict(name, prev, p, pp); conflict {
					props[name] = u
					continue
				}
				// allOf is an intersection: keep the more specific schema.
				if !moreSpecific(p, prev.ref) {
					continue
				}
			}
			props[name] = propSrc{ref: p, ptr: pp}
		}
		if s.AdditionalProperties.Schema != nil || (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has) {
			extra = s
		}
	}
	merge(s, ptr, 0)
	b.fields(n, st, props, required)
	if extra != nil {
		b.extra(n, st, extra, ptr)
	}
	return st
}

// aliasOf reports whether t is n or, through aliases, stands for n: an
// alias cycle such as A: allOf [B], B: allOf [A], which Go rejects.
func (b *builder) aliasOf(t *Type, n *Named) bool {
	for i := 0; i < 1000; i++ {
		switch t.Kind {
		case TypeNullable:
			t = t.Elem
		case TypeNamed:
			if t.Name == n.Name {
				return true
			}
			d := b.api.Named(t).Defined
			if d == nil || !d.Alias {
				return false
			}
			t = d.Underlying
		default:
			return false
		}
	}
	return true
}

// compatible reports whether two definitions of one property can both
// hold (allOf is an intersection): their declared JSON types overlap, or
// one of them declares none.
func compatible(x, y *openapi3.SchemaRef) bool {
	if x.Value == nil || y.Value == nil || x.Value == y.Value {
		return true
	}
	tx, ty := effectiveTypes(x.Value), effectiveTypes(y.Value)
	if len(tx) == 0 || len(ty) == 0 {
		return true
	}
	for _, a := range tx {
		for _, b := range ty {
			if a == b || (a == "number" && b == "integer") || (a == "integer" && b == "number") {
				return true
			}
		}
	}
	return false
}

// effectiveTypes returns the declared non-null types, inferring "object"
// from properties and "array" from items.
func effectiveTypes(s *openapi3.Schema) []string {
	if ts := types(s); len(ts) > 0 {
		return ts
	}
	switch {
	case len(s.Properties) > 0:
		return []string{"object"}
	case s.Items != nil:
		return []string{"array"}
	}
	return nil
}

// moreSpecific reports whether x says more about a property than y: a
// reference, properties, an enum or a format beat a bare type; otherwise
// the later definition (x) wins.
func moreSpecific(x, y *openapi3.SchemaRef) bool {
	score := func(r *openapi3.SchemaRef) int {
		s := r.Value
		n := 0
		if r.Ref != "" {
			n += 8
		}
		if len(s.Properties) > 0 || len(s.AllOf) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
			n += 4
		}
		if len(s.Enum) > 0 {
			n += 2
		}
		if s.Format != "" || s.Items != nil {
			n++
		}
		if len(types(s)) > 0 {
			n++
		}
		return n
	}
	return score(x) >= score(y)
}

func typeList(s *openapi3.Schema) string {
	if ts := effectiveTypes(s); len(ts) > 0 {
		return strings.Join(ts, "|")
	}
	return "(any)"
}

// enum builds an enum declaration.
func (b *builder) enum(n *Named, s *openapi3.Schema, ptr string) any {
	return b.enumValues(n, s.Enum, ptr)
}

func (b *builder) enumValues(n *Named, vals []any, ptr string) any {
	kind := ""
	var clean []any
	for _, v := range vals {
		var k string
		switch x := v.(type) {
		case nil:
			continue
		case string:
			k = "string"
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				k = "integer"
			} else {
				k = "number"
			}
		case json.Number:
			if _, err := x.Int64(); err == nil {
				k = "integer"
			} else {
				k = "number"
			}
		case int, int64:
			k = "integer"
		case bool:
			k = "boolean"
		default:
			k = "other"
		}
		switch {
		case kind == "":
			kind = k
		case kind == k:
		case (kind == "integer" && k == "number") || (kind == "number" && k == "integer"):
			kind = "number"
		default:
			kind = "mixed"
		}
		clean = append(clean, v)
	}
	var base *Type
	switch kind {
	case "string":
		base = String
	case "integer":
		base = Int64
	case "number":
		base = Float64
	case "boolean":
		return &Defined{Underlying: Bool}
	case "":
		b.warnf(ptr, "enum has no non-null values; read as free-form JSON")
		return &Defined{Underlying: RawMessage, Alias: true}
	default:
		b.warnf(ptr, "enum mixes value types (%s); read as free-form JSON without constants", kind)
		return &Defined{Underlying: RawMessage, Alias: true}
	}
	e := &Enum{Base: base}
	seen := map[string]bool{}
	for _, v := range clean {
		var val any
		var suffix string
		switch base {
		case String:
			str, _ := v.(string)
			val = str
			suffix = b.names.Exported(str)
			if str == "" {
				suffix = "Empty"
			}
		case Int64:
			i := toInt64(v)
			val = i
			suffix = strconv.FormatInt(i, 10)
			if i < 0 {
				suffix = "Minus" + strconv.FormatInt(-i, 10)
			}
		default:
			f := toFloat64(v)
			val = f
			suffix = strings.NewReplacer("-", "Minus", ".", "_", "+", "").Replace(strconv.FormatFloat(f, 'g', -1, 64))
		}
		key := fmt.Sprint(val)
		if seen[key] {
			continue
		}
		seen[key] = true
		e.Values = append(e.Values, &EnumValue{Name: b.scope.Unique(b.childName(n.Name, suffix)), Value: val})
	}
	return e
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case float64:
		return int64(x)
	case json.Number:
		i, _ := x.Int64()
		return i
	case int:
		return int64(x)
	case int64:
		return x
	}
	return 0
}

func toFloat64(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case json.Number:
		f, _ := x.Float64()
		return f
	case int:
		return float64(x)
	case int64:
		return float64(x)
	}
	return 0
}

// union builds a oneOf/anyOf type.
func (b *builder) union(n *Named, s *openapi3.Schema, subs openapi3.SchemaRefs, ptr string, anyOf bool) any {
	u := &Union{AnyOf: anyOf}
	vs := naming.NewScope("MarshalJSON", "UnmarshalJSON", "Validate", "Value")
	byRef := map[string]*Variant{}
	for i, sub := range subs {
		sp := fmt.Sprintf("%s/%d", ptr, i)
		if sub.Value == nil {
			b.errorf(sp, "unresolved union member %q", sub.Ref)
			continue
		}
		if ts := types(sub.Value); sub.Value.Type != nil && len(ts) == 0 && sub.Value.Type.IncludesNull() {
			continue // a null alternative: the union field is nullable instead.
		}
		t := b.typeOf(sub, sp, n.Name+"Variant"+strconv.Itoa(i))
		v := &Variant{Type: t, JSONKind: jsonKind(sub.Value)}
		v.Name = vs.Unique(variantName(t))
		if sub.Ref != "" {
			byRef[sub.Ref] = v
			v.Values = append(v.Values, refName(sub.Ref))
		}
		v.Required = requiredOf(sub.Value)
		u.Variants = append(u.Variants, v)
	}
	if d := s.Discriminator; d != nil {
		u.Discriminator = d.PropertyName
		if len(d.Mapping) > 0 {
			// An explicit mapping replaces the implicit names of mapped
			// variants.
			mapped := map[*Variant]bool{}
			for _, val := range slices.Sorted(maps.Keys(d.Mapping)) {
				ref := d.Mapping[val].Ref
				v := byRef[ref]
				if v == nil {
					for r, vv := range byRef {
						if strings.HasSuffix(r, ref) || strings.HasSuffix(ref, r) || refName(r) == ref {
							v = vv
						}
					}
				}
				if v == nil {
					b.warnf(ptr, "discriminator mapping %q → %q names no variant; ignored", val, ref)
					continue
				}
				if !mapped[v] {
					v.Values = nil
					mapped[v] = true
				}
				v.Values = append(v.Values, val)
			}
		}
	}
	if len(u.Variants) == 0 {
		b.warnf(ptr, "union has no usable variants; read as free-form JSON")
		return &Defined{Underlying: RawMessage, Alias: true}
	}
	return u
}

// primitiveUnion handles 3.1 type arrays with several non-null types.
func (b *builder) primitiveUnion(n *Named, s *openapi3.Schema, ptr string) any {
	u := &Union{}
	vs := naming.NewScope("MarshalJSON", "UnmarshalJSON", "Validate", "Value")
	for _, t := range types(s) {
		cp := *s
		cp.Type = &openapi3.Types{t}
		cp.Enum = nil
		var typ *Type
		if t == "array" || t == "object" {
			typ = b.structural(&cp, ptr, n.Name+b.names.Exported(t))
		} else {
			typ = b.structural(&cp, ptr, n.Name)
		}
		v := &Variant{Type: typ, JSONKind: t}
		v.Name = vs.Unique(variantName(typ))
		u.Variants = append(u.Variants, v)
	}
	return u
}

func requiredOf(s *openapi3.Schema) []string {
	req := map[string]bool{}
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 32 {
			return
		}
		for _, r := range s.Required {
			req[r] = true
		}
		for _, a := range s.AllOf {
			walk(a.Value, depth+1)
		}
	}
	walk(s, 0)
	out := make([]string, 0, len(req))
	for r := range req {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

func jsonKind(s *openapi3.Schema) string {
	ts := types(s)
	if len(ts) == 1 {
		return ts[0]
	}
	switch {
	case len(s.Properties) > 0 || len(s.AllOf) > 0 || s.AdditionalProperties.Schema != nil:
		return "object"
	case s.Items != nil || len(s.PrefixItems) > 0:
		return "array"
	case len(s.Enum) > 0:
		switch s.Enum[0].(type) {
		case string:
			return "string"
		case float64:
			return "number"
		case bool:
			return "boolean"
		}
	}
	return ""
}

// variantName names a union variant's field after its type.
func variantName(t *Type) string {
	switch t.Kind {
	case TypeNamed:
		return t.Name
	case TypeBuiltin:
		switch t {
		case Bytes:
			return "Bytes"
		case Any:
			return "Any"
		}
		return naming.Exported(t.Name)
	case TypeQual:
		return naming.Exported(t.Name)
	case TypeSlice:
		return variantName(t.Elem) + "List"
	case TypeMap:
		return variantName(t.Elem) + "Map"
	case TypeNullable:
		return variantName(t.Elem)
	}
	return "Value"
}

// constraintsOnly reports whether every branch only constrains the
// enclosing object (required, not, min/max properties) without a type,
// properties or a $ref of its own.
func constraintsOnly(branches openapi3.SchemaRefs) bool {
	for _, r := range branches {
		if r == nil || r.Ref != "" || r.Value == nil {
			return false
		}
		v := r.Value
		if v.Type != nil && len(types(v)) > 0 && !v.Type.Is("object") || len(v.Properties) > 0 || len(v.AllOf) > 0 ||
			len(v.OneOf) > 0 || len(v.AnyOf) > 0 || v.Items != nil || len(v.Enum) > 0 {
			return false
		}
	}
	return true
}
