package emit

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/sigen-dev/sigen/generator/model"
)

const encJSON = "encoding/json"

func (e *emitter) typesFile(types []*model.Named) *jen.File {
	f := e.newFile()
	for _, n := range types {
		switch d := n.Decl().(type) {
		case *model.Struct:
			e.structDecl(f, n, d)
		case *model.Enum:
			e.enumDecl(f, n, d)
		case *model.Union:
			e.unionDecl(f, n, d)
		case *model.Defined:
			f.Add(docFor(n.Name, namedDoc(n), n.Deprecated))
			if d.Alias {
				f.Type().Id(n.Name).Op("=").Add(e.typ(d.Underlying))
			} else {
				f.Type().Id(n.Name).Add(e.typ(d.Underlying))
			}
			f.Line()
		case *model.Tuple:
			e.tupleDecl(f, n, d)
		}
		if n.ErrorMethod {
			e.errorMethod(f, n)
		}
	}
	return f
}

func jsonTag(f *model.Field) map[string]string {
	if f.JSONName == "-" || f.Untagged {
		return map[string]string{"json": "-"}
	}
	name := f.JSONName
	if !f.Required {
		switch {
		case f.Pointer:
			name += ",omitempty"
		default:
			name += ",omitzero"
		}
	}
	return map[string]string{"json": name}
}

func fieldDoc(f *model.Field) *jen.Statement {
	var parts []string
	if d := strings.TrimSpace(sanitize(f.Doc)); d != "" {
		parts = append(parts, d)
	}
	if f.ReadOnly {
		parts = append(parts, "Read-only: set by the server; leave it unset in requests.")
	}
	if f.WriteOnly {
		parts = append(parts, "Write-only: sent in requests, never returned.")
	}
	if f.Deprecated {
		parts = append(parts, "Deprecated: the spec marks this field as deprecated.")
	}
	if len(parts) == 0 {
		return jen.Null()
	}
	return lines(strings.Join(parts, "\n\n"))
}

func (e *emitter) structDecl(f *jen.File, n *model.Named, st *model.Struct) {
	f.Add(docFor(n.Name, namedDoc(n), n.Deprecated))
	var fields []jen.Code
	for _, fl := range st.Fields {
		fd := jen.Id(fl.Name).Add(e.fieldType(fl))
		if !st.NoJSON {
			fd = fd.Tag(jsonTag(fl))
		}
		fields = append(fields, fieldDoc(fl), fd)
	}
	if st.Extra != nil {
		fields = append(fields,
			jen.Comment(st.ExtraName+" holds the properties the spec does not declare; they round-trip through JSON."),
			jen.Id(st.ExtraName).Map(jen.String()).Add(e.typ(st.Extra)).Tag(map[string]string{"json": "-"}))
	}
	f.Type().Id(n.Name).Struct(fields...)
	f.Line()
	if !st.NoJSON && (st.Extra != nil || len(untagged(st)) > 0) {
		e.extraMethods(f, n, st)
	}
	if e.decoded[n.Name] {
		e.decodeMethod(f, n, st)
	}
	if e.opts.Validate {
		e.validateMethod(f, n, st)
	}
}

// untagged returns the fields of st whose JSON names a struct tag cannot
// carry.
func untagged(st *model.Struct) []*model.Field {
	var out []*model.Field
	for _, fl := range st.Fields {
		if fl.Untagged {
			out = append(out, fl)
		}
	}
	return out
}

// extraMethods writes MarshalJSON/UnmarshalJSON that keep undeclared
// properties and the properties whose names a struct tag cannot carry.
func (e *emitter) extraMethods(f *jen.File, n *model.Named, st *model.Struct) {
	odd := untagged(st)
	var known []jen.Code
	for _, fl := range st.Fields {
		known = append(known, jen.Lit(fl.JSONName))
	}
	var members []jen.Code
	dst := jen.Dict{}
	for _, fl := range odd {
		m := jen.Dict{jen.Id("Name"): jen.Lit(fl.JSONName), jen.Id("Value"): jen.Id("v").Dot(fl.Name)}
		if !fl.Required {
			m[jen.Id("OmitZero")] = jen.True()
		}
		members = append(members, jen.Qual(model.ImplPath, "Member").Values(m))
		dst[jen.Lit(fl.JSONName)] = jen.Op("&").Id("v").Dot(fl.Name)
	}
	var what []string
	if len(odd) > 0 {
		what = append(what, "the properties whose names a struct tag cannot carry")
	}
	if st.Extra != nil {
		what = append(what, st.ExtraName)
	}
	marshal := []jen.Code{
		jen.Type().Id("plain").Id(n.Name),
		jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual(encJSON, "Marshal").Call(jen.Id("plain").Call(jen.Id("v"))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
	}
	if len(odd) > 0 {
		call := jen.Qual(model.ImplPath, "MarshalMembers").Call(append([]jen.Code{jen.Id("b")}, members...)...)
		if st.Extra == nil {
			marshal = append(marshal, jen.Return(call))
		} else {
			marshal = append(marshal,
				jen.List(jen.Id("b"), jen.Err()).Op("=").Add(call),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())))
		}
	}
	if st.Extra != nil {
		marshal = append(marshal, jen.Return(jen.Qual(model.ImplPath, "MarshalExtra").Call(jen.Id("b"), jen.Id("v").Dot(st.ExtraName))))
	}
	f.Comment("MarshalJSON writes the declared fields and then " + strings.Join(what, " and ") + ".")
	f.Func().Params(jen.Id("v").Id(n.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(marshal...)
	f.Line()
	unmarshal := []jen.Code{
		jen.Type().Id("plain").Id(n.Name),
		jen.If(jen.Err().Op(":=").Qual(encJSON, "Unmarshal").Call(jen.Id("data"), jen.Parens(jen.Op("*").Id("plain")).Call(jen.Id("v"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
	}
	if len(odd) > 0 {
		unmarshal = append(unmarshal,
			jen.If(jen.Err().Op(":=").Qual(model.ImplPath, "UnmarshalMembers").Call(jen.Id("data"), jen.Map(jen.String()).Any().Values(dst)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
	}
	if st.Extra != nil {
		unmarshal = append(unmarshal,
			jen.List(jen.Id("extra"), jen.Err()).Op(":=").Qual(model.ImplPath, "UnmarshalExtra").Types(e.typ(st.Extra)).Call(append([]jen.Code{jen.Id("data")}, known...)...),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Id("v").Dot(st.ExtraName).Op("=").Id("extra"))
	}
	unmarshal = append(unmarshal, jen.Return(jen.Nil()))
	udoc := "UnmarshalJSON reads the declared fields"
	if len(odd) > 0 {
		udoc += " (those whose names a struct tag cannot carry too)"
	}
	if st.Extra != nil {
		udoc += " and keeps every other property in " + st.ExtraName
	}
	f.Comment(udoc + ".")
	f.Func().Params(jen.Id("v").Op("*").Id(n.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(unmarshal...)
	f.Line()
}

func (e *emitter) enumDecl(f *jen.File, n *model.Named, en *model.Enum) {
	f.Add(docFor(n.Name, namedDoc(n), n.Deprecated))
	f.Comment("Values the spec does not list are kept as they are: use IsKnown to check.")
	f.Type().Id(n.Name).Id(en.Base.Name)
	f.Line()
	var consts []jen.Code
	var cases []jen.Code
	for _, v := range en.Values {
		consts = append(consts, jen.Id(v.Name).Id(n.Name).Op("=").Add(enumLit(v.Value)))
		cases = append(cases, jen.Id(v.Name))
	}
	f.Comment(fmt.Sprintf("Values of %s.", n.Name))
	f.Const().Defs(consts...)
	f.Line()
	f.Comment("IsKnown reports whether v is one of the values the spec declares.")
	f.Func().Params(jen.Id("v").Id(n.Name)).Id("IsKnown").Params().Bool().Block(
		jen.Switch(jen.Id("v")).Block(jen.Case(cases...).Block(jen.Return(jen.True()))),
		jen.Return(jen.False()),
	)
	f.Line()
}

func (e *emitter) unionDecl(f *jen.File, n *model.Named, u *model.Union) {
	kind := "oneOf"
	if u.AnyOf {
		kind = "anyOf"
	}
	// The sentence naming the type comes first, the spec's text after it.
	doc := fmt.Sprintf("%s is a %s union: set exactly one field.", n.Name, kind)
	if u.Discriminator != "" {
		doc += fmt.Sprintf(" Decoding picks the variant by the %q property.", u.Discriminator)
	} else {
		doc += " Decoding picks the first variant, in field order, that matches the JSON value (see sigenimpl.UnmarshalUnion)."
	}
	if n.Doc != "" {
		doc += "\n\n" + n.Doc
	}
	f.Add(lines(doc))
	if n.Deprecated {
		f.Comment("")
		f.Comment("Deprecated: the spec marks this as deprecated.")
	}
	var fields []jen.Code
	for _, v := range u.Variants {
		fields = append(fields, jen.Id(v.Name).Op("*").Add(e.typ(v.Type)))
	}
	f.Type().Id(n.Name).Struct(fields...)
	f.Line()
	// Constructors.
	for _, v := range u.Variants {
		fn := v.Func
		f.Comment(fmt.Sprintf("%s returns a %s holding v.", fn, n.Name))
		f.Func().Id(fn).Params(jen.Id("v").Add(e.typ(v.Type))).Id(n.Name).Block(
			jen.Return(jen.Id(n.Name).Values(jen.Id(v.Name).Op(":").Op("&").Id("v"))),
		)
		f.Line()
	}
	// Value.
	var cases []jen.Code
	for _, v := range u.Variants {
		cases = append(cases, jen.Case(jen.Id("u").Dot(v.Name).Op("!=").Nil()).Block(jen.Return(jen.Id("u").Dot(v.Name))))
	}
	f.Comment("Value returns the set variant (a pointer), or nil when none is set.")
	f.Func().Params(jen.Id("u").Id(n.Name)).Id("Value").Params().Any().Block(
		jen.Switch().Block(cases...),
		jen.Return(jen.Nil()),
	)
	f.Line()
	f.Comment("MarshalJSON writes the set variant; JSON null when none is set.")
	f.Func().Params(jen.Id("u").Id(n.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Qual(model.ImplPath, "MarshalUnion").Call(jen.Id("u").Dot("Value").Call())),
	)
	f.Line()
	var variants []jen.Code
	for _, v := range u.Variants {
		d := jen.Dict{
			jen.Id("Decode"): jen.Func().Params(jen.Id("b").Index().Byte(), jen.Id("strict").Bool()).Error().Block(
				jen.Var().Id("x").Add(e.typ(v.Type)),
				jen.If(jen.Err().Op(":=").Add(e.decodeVariant(v.Type)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Id("u").Dot(v.Name).Op("=").Op("&").Id("x"),
				jen.Return(jen.Nil()),
			),
		}
		if v.JSONKind != "" {
			d[jen.Id("Kind")] = jen.Lit(v.JSONKind)
		}
		if len(v.Values) > 0 {
			d[jen.Id("Values")] = strSlice(v.Values)
		}
		if len(v.Required) > 0 {
			d[jen.Id("Required")] = strSlice(v.Required)
		}
		variants = append(variants, jen.Values(d))
	}
	f.Comment("UnmarshalJSON decodes data into one variant.")
	f.Func().Params(jen.Id("u").Op("*").Id(n.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Op("*").Id("u").Op("=").Id(n.Name).Values(),
		jen.Return(jen.Qual(model.ImplPath, "UnmarshalUnion").Call(jen.Id("data"), jen.Lit(u.Discriminator),
			jen.Index().Qual(model.ImplPath, "Variant").Values(variants...))),
	)
	f.Line()
}

func strSlice(ss []string) *jen.Statement {
	var vals []jen.Code
	for _, s := range ss {
		vals = append(vals, jen.Lit(s))
	}
	return jen.Index().String().Values(vals...)
}

func (e *emitter) tupleDecl(f *jen.File, n *model.Named, t *model.Tuple) {
	doc := n.Name + " is a tuple: it is written in JSON as an array of its fields, in order."
	if n.Doc != "" {
		doc += "\n\n" + n.Doc
	}
	f.Add(lines(doc))
	var fields, items []jen.Code
	var decode []jen.Code
	decode = append(decode,
		jen.List(jen.Id("items"), jen.Err()).Op(":=").Qual(model.ImplPath, "UnmarshalTuple").Call(jen.Id("data"), jen.Lit(len(t.Items))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
	)
	for i, it := range t.Items {
		name := "V" + strconv.Itoa(i)
		fields = append(fields, jen.Id(name).Add(e.typ(it)))
		items = append(items, jen.Id("v").Dot(name))
		decode = append(decode, jen.If(jen.Err().Op(":=").Qual(encJSON, "Unmarshal").Call(jen.Id("items").Index(jen.Lit(i)), jen.Op("&").Id("v").Dot(name)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
	}
	marshal := []jen.Code{jen.Id("items").Op(":=").Index().Any().Values(items...)}
	if t.Rest != nil {
		fields = append(fields, jen.Comment("Rest holds the items after the fixed ones."), jen.Id("Rest").Index().Add(e.typ(t.Rest)))
		marshal = append(marshal, jen.For(jen.List(jen.Id("_"), jen.Id("r")).Op(":=").Range().Id("v").Dot("Rest")).Block(
			jen.Id("items").Op("=").Append(jen.Id("items"), jen.Id("r")),
		))
		decode = append(decode, jen.For(jen.List(jen.Id("_"), jen.Id("raw")).Op(":=").Range().Id("items").Index(jen.Lit(len(t.Items)), jen.Empty())).Block(
			jen.Var().Id("r").Add(e.typ(t.Rest)),
			jen.If(jen.Err().Op(":=").Qual(encJSON, "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Id("v").Dot("Rest").Op("=").Append(jen.Id("v").Dot("Rest"), jen.Id("r")),
		))
	}
	f.Type().Id(n.Name).Struct(fields...)
	f.Line()
	marshal = append(marshal, jen.Return(jen.Qual(encJSON, "Marshal").Call(jen.Id("items"))))
	f.Comment("MarshalJSON writes the tuple as a JSON array.")
	f.Func().Params(jen.Id("v").Id(n.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(marshal...)
	f.Line()
	decode = append(decode, jen.Return(jen.Nil()))
	f.Comment("UnmarshalJSON reads the tuple from a JSON array.")
	f.Func().Params(jen.Id("v").Op("*").Id(n.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(decode...)
	f.Line()
}

// validateMethod writes Validate for a struct (opt-in).
func (e *emitter) validateMethod(f *jen.File, n *model.Named, st *model.Struct) {
	// Patterns are compiled here first, so the generated MustCompile cannot
	// panic; ones Go's regexp does not accept (lookaround, backreferences)
	// are not checked.
	patterns := map[*model.Field]string{}
	for _, fl := range st.Fields {
		if fl.Check == nil || fl.Check.Pattern == "" || model.TypeString(fl.Type) != "string" {
			continue
		}
		if _, err := regexp.Compile(fl.Check.Pattern); err != nil {
			continue
		}
		name := fl.PatternVar
		patterns[fl] = name
		f.Var().Id(name).Op("=").Qual("regexp", "MustCompile").Call(jen.Lit(fl.Check.Pattern))
	}
	var body []jen.Code
	body = append(body, jen.Var().Id("errs").Qual(model.OASPath, "ValidationErrors"))
	for _, fl := range st.Fields {
		path := jen.Id("path").Op("+").Lit("." + fl.JSONName)
		val := jen.Id("v").Dot(fl.Name)
		if fl.Required && isNilable(fl) {
			// Required slices and maps must be present.
			body = append(body, jen.If(val.Clone().Op("==").Nil()).Block(
				jen.Id("errs").Op("=").Append(jen.Id("errs"), jen.Qual(model.OASPath, "ValidationError").Values(jen.Dict{jen.Id("Path"): path.Clone(), jen.Id("Message"): jen.Lit("is required")})),
			))
		}
		checks := e.fieldChecks(fl, path)
		if pv, ok := patterns[fl]; ok {
			checks = append(checks, jen.If(jen.Op("!").Id(pv).Dot("MatchString").Call(jen.Id("x"))).Block(
				jen.Id("errs").Op("=").Append(jen.Id("errs"), jen.Qual(model.OASPath, "ValidationError").Values(jen.Dict{
					jen.Id("Path"): path.Clone(), jen.Id("Message"): jen.Lit("does not match the pattern " + fl.Check.Pattern)})),
			))
		}
		if len(checks) == 0 {
			continue
		}
		if fl.Pointer {
			inner := append([]jen.Code{jen.Id("x").Op(":=").Op("*").Id("v").Dot(fl.Name)}, checks...)
			body = append(body, jen.If(jen.Id("v").Dot(fl.Name).Op("!=").Nil()).Block(inner...))
		} else {
			inner := append([]jen.Code{jen.Id("x").Op(":=").Id("v").Dot(fl.Name)}, checks...)
			body = append(body, jen.Block(inner...))
		}
	}
	body = append(body, jen.If(jen.Len(jen.Id("errs")).Op("==").Lit(0)).Block(jen.Return(jen.Nil())), jen.Return(jen.Id("errs")))
	f.Comment("Validate checks v against the constraints the spec declares (required fields, enums, lengths, patterns, bounds). It is not called automatically.")
	f.Func().Params(jen.Id("v").Op("*").Id(n.Name)).Id("Validate").Params().Error().Block(
		jen.Return(jen.Id("v").Dot("validate").Call(jen.Lit("$"))),
	)
	f.Line()
	f.Func().Params(jen.Id("v").Op("*").Id(n.Name)).Id("validate").Params(jen.Id("path").String()).Error().Block(body...)
	f.Line()
}

func isNilable(f *model.Field) bool {
	switch f.Type.Kind {
	case model.TypeSlice, model.TypeMap:
		return true
	}
	return false
}

// fieldChecks returns statements checking x (the field's value) and
// appending to errs.
func (e *emitter) fieldChecks(fl *model.Field, path *jen.Statement) []jen.Code {
	var out []jen.Code
	fail := func(cond *jen.Statement, msg string) {
		out = append(out, jen.If(cond).Block(
			jen.Id("errs").Op("=").Append(jen.Id("errs"), jen.Qual(model.OASPath, "ValidationError").Values(jen.Dict{jen.Id("Path"): path.Clone(), jen.Id("Message"): jen.Lit(msg)})),
		))
	}
	if n := e.named(fl.Type); n != nil {
		switch n.Decl().(type) {
		case *model.Enum:
			fail(jen.Op("!").Id("x").Dot("IsKnown").Call(), "is not one of the declared values")
		case *model.Struct:
			out = append(out, jen.If(jen.Err().Op(":=").Id("x").Dot("validate").Call(path.Clone()), jen.Err().Op("!=").Nil()).Block(
				jen.Id("errs").Op("=").Append(jen.Id("errs"), jen.Err().Assert(jen.Qual(model.OASPath, "ValidationErrors")).Op("...")),
			))
		}
	}
	c := fl.Check
	if c == nil {
		return out
	}
	isStr := model.TypeString(fl.Type) == "string"
	isSlice := fl.Type.Kind == model.TypeSlice
	isNum := false
	switch model.TypeString(fl.Type) {
	case "int32", "int64", "float32", "float64":
		isNum = true
	}
	if isStr {
		if c.MinLength != nil {
			fail(jen.Qual("unicode/utf8", "RuneCountInString").Call(jen.Id("x")).Op("<").Lit(int(*c.MinLength)), fmt.Sprintf("is shorter than %d characters", *c.MinLength))
		}
		if c.MaxLength != nil {
			fail(jen.Qual("unicode/utf8", "RuneCountInString").Call(jen.Id("x")).Op(">").Lit(int(*c.MaxLength)), fmt.Sprintf("is longer than %d characters", *c.MaxLength))
		}
	}
	if isSlice {
		if c.MinItems != nil {
			fail(jen.Len(jen.Id("x")).Op("<").Lit(int(*c.MinItems)), fmt.Sprintf("has fewer than %d items", *c.MinItems))
		}
		if c.MaxItems != nil {
			fail(jen.Len(jen.Id("x")).Op(">").Lit(int(*c.MaxItems)), fmt.Sprintf("has more than %d items", *c.MaxItems))
		}
	}
	if isNum {
		if c.Minimum != nil {
			op, msg := "<", "is less than %v"
			if c.ExclusiveMin {
				op, msg = "<=", "is not greater than %v"
			}
			fail(jen.Float64().Call(jen.Id("x")).Op(op).Lit(*c.Minimum), fmt.Sprintf(msg, *c.Minimum))
		}
		if c.Maximum != nil {
			op, msg := ">", "is greater than %v"
			if c.ExclusiveMax {
				op, msg = ">=", "is not less than %v"
			}
			fail(jen.Float64().Call(jen.Id("x")).Op(op).Lit(*c.Maximum), fmt.Sprintf(msg, *c.Maximum))
		}
	}
	return out
}

// enumLit renders an enum value as an untyped constant.
func enumLit(v any) *jen.Statement {
	switch x := v.(type) {
	case int64:
		return jen.Op(strconv.FormatInt(x, 10))
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return jen.Op(s)
	}
	return jen.Lit(v)
}

// namedDoc is the doc text of a named type: the spec's title and
// description, or where in the spec it comes from.
func namedDoc(n *model.Named) string {
	if n.Doc != "" {
		return n.Doc
	}
	if n.Source != "" {
		return fmt.Sprintf("%s is the schema at %s.", n.Name, n.Source)
	}
	return ""
}
