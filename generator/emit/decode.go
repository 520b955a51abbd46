package emit

import (
	"github.com/dave/jennifer/jen"
	"github.com/sigen-dev/sigen/generator/model"
)

// The generated JSON decoders. Every struct type that encoding/json
// decodes field by field (no extra properties, no untagged fields) gets a
// decodeJSON method reading it from a sigenimpl.Decoder with the
// semantics of encoding/json. Fields of other types use their own
// UnmarshalJSON or UnmarshalText, or encoding/json itself. The methods
// are unexported: response decoding and union variants call them, and
// json.Unmarshal of a generated type behaves exactly as before.

// decodedTypes returns the names of the struct types that get a decodeJSON
// method: those decodes accepts that a JSON response can reach, through
// fields, elements and union variants. A tag sub-package decodes its
// responses with encoding/json, so with SplitByTag there are none.
func decodedTypes(api *model.API, types map[string]*model.Named, opts Options) map[string]bool {
	out := map[string]bool{}
	if opts.SplitByTag {
		return out
	}
	seen := map[string]bool{}
	var visit func(t *model.Type)
	visit = func(t *model.Type) {
		if t == nil {
			return
		}
		if t.Kind != model.TypeNamed {
			visit(t.Elem)
			return
		}
		if seen[t.Name] {
			return
		}
		seen[t.Name] = true
		switch d := types[t.Name].Decl().(type) {
		case *model.Struct:
			if decodes(d) {
				out[t.Name] = true
				for _, fl := range d.Fields {
					visit(fl.Type)
				}
			}
		case *model.Union:
			for _, v := range d.Variants {
				visit(v.Type)
			}
		case *model.Defined:
			visit(d.Underlying)
		}
	}
	for _, op := range api.Operations {
		if op.ResultKind == "json" {
			visit(op.Result)
		}
		for _, r := range op.Responses {
			if r.Kind == model.KindJSON {
				visit(r.Type)
			}
		}
	}
	return out
}

// decodes reports whether encoding/json decodes st field by field, so that
// a decodeJSON method can stand in for it.
func decodes(st *model.Struct) bool {
	if st.NoJSON || st.Extra != nil {
		return false
	}
	seen := make(map[string]bool, len(st.Fields))
	for _, fl := range st.Fields {
		if fl.Untagged || fl.JSONName == "-" || seen[fl.JSONName] {
			return false
		}
		seen[fl.JSONName] = true
	}
	return true
}

// decoderCall is how a type is decoded: the sigenimpl function fn called
// as fn(p, d) or fn(p, d, elem), or the method decodeJSON (fn "").
type decoderCall struct {
	fn   string
	typ  *model.Type // the type argument: the decoded type, or a nullable's element
	elem *model.Type // the element type, for fn taking an element decoder
}

// decoderOf returns how values of t are decoded, and false when t has no
// decoder but encoding/json (DecodeAny).
func (e *emitter) decoderOf(t *model.Type) (decoderCall, bool) {
	c := decoderCall{typ: t}
	switch t.Kind {
	case model.TypeBuiltin:
		switch t.Name {
		case "string":
			c.fn = "DecodeString"
		case "bool":
			c.fn = "DecodeBool"
		case "int", "int32", "int64":
			c.fn = "DecodeInt"
		case "float32", "float64":
			c.fn = "DecodeFloat"
		default:
			c.fn = "DecodeAny"
			return c, false
		}
	case model.TypeQual:
		switch {
		case t.Is(model.Time), t.Is(model.RawMessage):
			c.fn = "DecodeUnmarshaler"
		case t.Is(model.Date):
			c.fn = "DecodeText"
		default:
			c.fn = "DecodeAny"
			return c, false
		}
	case model.TypeSlice:
		c.fn, c.elem = "DecodeSlice", t.Elem
	case model.TypeMap:
		c.fn, c.elem = "DecodeMap", t.Elem
	case model.TypeNullable:
		c.fn, c.elem = "DecodeNullable", t.Elem
		if t.Pointer {
			c.fn = "DecodeNullablePointer"
			break
		}
		// Scalars have their own functions, which decode without moving
		// the value to the heap.
		switch ec, _ := e.decoderOf(t.Elem); {
		case ec.elem == nil && (ec.fn == "DecodeString" || ec.fn == "DecodeInt" || ec.fn == "DecodeFloat" || ec.fn == "DecodeBool"):
			c.fn, c.elem, c.typ = "DecodeNullable"+ec.fn[len("Decode"):], nil, t.Elem
		case t.Elem.Is(model.Time):
			c.fn, c.elem = "DecodeNullableTime", nil
		}
	case model.TypeNamed:
		n := e.named(t)
		switch d := n.Decl().(type) {
		case *model.Struct:
			switch {
			case e.decoded[n.Name]:
				return c, true // the method
			case !d.NoJSON && (d.Extra != nil || len(untagged(d)) > 0):
				c.fn = "DecodeUnmarshaler" // MarshalJSON/UnmarshalJSON of extraMethods
			default:
				c.fn = "DecodeAny"
				return c, false
			}
		case *model.Union, *model.Tuple:
			c.fn = "DecodeUnmarshaler"
		case *model.Enum:
			switch d.Base.Name {
			case "string":
				c.fn = "DecodeString"
			case "int64":
				c.fn = "DecodeInt"
			case "float64":
				c.fn = "DecodeFloat"
			default:
				c.fn = "DecodeAny"
				return c, false
			}
		case *model.Defined:
			if d.Alias {
				return e.decoderOf(d.Underlying)
			}
			// A defined type has none of its underlying type's methods:
			// only kinds that encoding/json decodes by kind are decoded
			// here.
			// One that holds itself (type T []T) would need a decode
			// function that calls itself: encoding/json decodes it.
			if e.holds(d.Underlying, n.Name, map[string]bool{}) {
				c.fn = "DecodeAny"
				return c, false
			}
			u, ok := e.decoderOf(d.Underlying)
			if !ok || d.Underlying.Kind == model.TypeNamed || d.Underlying.Kind == model.TypeQual || d.Underlying.Kind == model.TypeNullable {
				c.fn = "DecodeAny"
				return c, false
			}
			c.fn, c.elem = u.fn, u.elem
		default:
			c.fn = "DecodeAny"
			return c, false
		}
	default:
		c.fn = "DecodeAny"
		return c, false
	}
	return c, true
}

// holds reports whether t reaches the named type name through slice, map
// and nullable elements and defined types, the types whose decoders
// decodeFunc writes as nested function literals.
func (e *emitter) holds(t *model.Type, name string, seen map[string]bool) bool {
	switch t.Kind {
	case model.TypeSlice, model.TypeMap, model.TypeNullable:
		return e.holds(t.Elem, name, seen)
	case model.TypeNamed:
		if t.Name == name {
			return true
		}
		if seen[t.Name] {
			return false
		}
		seen[t.Name] = true
		if d, ok := e.named(t).Decl().(*model.Defined); ok {
			return e.holds(d.Underlying, name, seen)
		}
	}
	return false
}

// decodeFunc returns an expression of type func(*T, *sigenimpl.Decoder)
// decoding t.
func (e *emitter) decodeFunc(t *model.Type) *jen.Statement {
	c, _ := e.decoderOf(t)
	if c.fn == "" {
		return jen.Parens(jen.Op("*").Add(e.typ(t))).Dot("decodeJSON")
	}
	if c.fn == "DecodeNullableTime" {
		return jen.Qual(model.ImplPath, c.fn)
	}
	if c.elem == nil {
		return jen.Qual(model.ImplPath, c.fn).Types(e.typ(c.typ))
	}
	return jen.Func().Params(jen.Id("p").Op("*").Add(e.typ(t)), jen.Id("d").Op("*").Qual(model.ImplPath, "Decoder")).Block(
		e.decodeCall(c, jen.Id("p"), "d"),
	)
}

// decodeCall returns the statement decoding into the pointer p with the
// *sigenimpl.Decoder named d.
func (e *emitter) decodeCall(c decoderCall, p *jen.Statement, d string) *jen.Statement {
	if c.fn == "" {
		return p.Dot("decodeJSON").Call(jen.Id(d))
	}
	args := []jen.Code{p, jen.Id(d)}
	if c.elem != nil {
		args = append(args, e.decodeFunc(c.elem))
	}
	return jen.Qual(model.ImplPath, c.fn).Call(args...)
}

// decodeField returns the statement decoding field fl of v.
func (e *emitter) decodeField(fl *model.Field) *jen.Statement {
	target := jen.Id("v").Dot(fl.Name)
	c, _ := e.decoderOf(fl.Type)
	if fl.Pointer {
		switch {
		case c.fn == "DecodeString":
			return jen.Qual(model.ImplPath, "DecodeStringPointer").Call(jen.Op("&").Add(target), jen.Id("d"))
		case c.fn == "DecodeInt" && e.int64Kind(fl.Type):
			return jen.Qual(model.ImplPath, "DecodeInt64Pointer").Call(jen.Op("&").Add(target), jen.Id("d"))
		}
		return jen.Qual(model.ImplPath, "DecodePointer").Call(jen.Op("&").Add(target), jen.Id("d"), e.decodeFunc(fl.Type))
	}
	if c.fn == "" {
		return target.Dot("decodeJSON").Call(jen.Id("d"))
	}
	return e.decodeCall(c, jen.Op("&").Add(target), "d")
}

// decodeMethod writes the decodeJSON method of a struct for which decodes
// reports true.
func (e *emitter) decodeMethod(f *jen.File, n *model.Named, st *model.Struct) {
	var cases []jen.Code
	var names []jen.Code
	for _, fl := range st.Fields {
		cases = append(cases, jen.Case(jen.Lit(fl.JSONName)).Block(e.decodeField(fl)))
		names = append(names, jen.Lit(fl.JSONName))
	}
	var loop []jen.Code
	if len(cases) == 0 {
		loop = []jen.Code{jen.Id("d").Dot("Unknown").Call()}
	} else {
		cases = append(cases, jen.Default().Block(
			// A key that matches no field exactly matches the first field
			// whose name equals it without regard to case.
			jen.If(jen.Id("d").Dot("Refold").Call(names...)).Block(jen.Goto().Id("field")),
			jen.Id("d").Dot("Unknown").Call(),
		))
		loop = []jen.Code{
			jen.Id("field").Op(":"),
			jen.Switch(jen.String().Parens(jen.Id("d").Dot("Key").Call())).Block(cases...),
		}
	}
	f.Comment("decodeJSON reads v from a JSON object as encoding/json.Unmarshal does.")
	f.Func().Params(jen.Id("v").Op("*").Id(n.Name)).Id("decodeJSON").Params(jen.Id("d").Op("*").Qual(model.ImplPath, "Decoder")).Block(
		jen.If(jen.Op("!").Id("d").Dot("Object").Call()).Block(jen.Return()),
		jen.For(jen.Id("d").Dot("More").Call()).Block(loop...),
	)
	f.Line()
}

// decodeResponse returns the statement decoding a JSON response into the
// variable out of type t with its generated decoder, or nil when t has
// none (then encoding/json decodes it, through sigenimpl.DecodeJSON).
func (e *emitter) decodeResponse(t *model.Type, op *jen.Statement, out string) *jen.Statement {
	if e.opts.SplitByTag {
		// Tag sub-packages cannot call the root package's unexported
		// decoders.
		return nil
	}
	c, ok := e.decoderOf(t)
	if !ok || c.fn == "DecodeUnmarshaler" || c.fn == "DecodeText" {
		return nil
	}
	return jen.Qual(model.ImplPath, "DecodeResponse").Call(op, jen.Id(e.api.Locals.Resp), jen.Op("&").Id(out), e.decodeClosure(t, out, e.api.Locals.Decoder))
}

// decodeClosure returns a func(*sigenimpl.Decoder) decoding into the
// variable name of type t; d names the closure's argument. (A closure rather than a generic function of t:
// one instantiation per type would make large packages slow to compile.)
func (e *emitter) decodeClosure(t *model.Type, name, d string) *jen.Statement {
	c, _ := e.decoderOf(t)
	var call *jen.Statement
	if c.fn == "" {
		call = jen.Id(name).Dot("decodeJSON").Call(jen.Id(d))
	} else {
		call = e.decodeCall(c, jen.Op("&").Id(name), d)
	}
	return jen.Func().Params(jen.Id(d).Op("*").Qual(model.ImplPath, "Decoder")).Block(call)
}

// decodeVariant returns the call decoding the bytes b into the variable x
// of type t for a union's variant, strictly if strict is set.
func (e *emitter) decodeVariant(t *model.Type) *jen.Statement {
	c, ok := e.decoderOf(t)
	if !ok || c.fn == "DecodeUnmarshaler" || c.fn == "DecodeText" {
		return jen.Qual(model.ImplPath, "Decode").Call(jen.Id("b"), jen.Op("&").Id("x"), jen.Id("strict"))
	}
	return jen.Qual(model.ImplPath, "DecodeBytes").Call(jen.Id("b"), e.decodeClosure(t, "x", "d"), jen.Id("strict"))
}

// int64Kind reports whether t is int64 or a type defined on it.
func (e *emitter) int64Kind(t *model.Type) bool {
	if t.Kind == model.TypeBuiltin {
		return t.Name == "int64"
	}
	switch d := e.named(t).Decl().(type) {
	case *model.Enum:
		return d.Base.Name == "int64"
	case *model.Defined:
		return e.int64Kind(d.Underlying)
	}
	return false
}
