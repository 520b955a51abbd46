package resolve

import "github.com/sigen-dev/sigen/generator/model"

// decide settles, for every operation, how the printer passes and encodes
// values: pointer or value for bodies and results, the zero result
// returned with an error, the encoding of each parameter and form part,
// which values may be nil and are then not sent, and which types get an
// Error method.
func decide(api *model.API) {
	d := decider{api}
	for n := range errorModels(api) {
		n.ErrorMethod = errorClash(n) == ""
	}
	for _, op := range api.Operations {
		d.result(op)
		for _, p := range op.PathParams {
			p.Encoding = d.encoding(p.Type)
		}
		for _, ps := range [][]*model.Param{op.Query, op.Header, op.Cookie} {
			for _, p := range ps {
				p.Encoding = d.encoding(p.Type)
				if op.Params == nil {
					continue
				}
				if fl := fieldNamed(api, op.Params.Ref(), p.GoName); fl != nil {
					p.Nilable = fl.Pointer || d.nilType(fl.Type)
				}
			}
		}
		for _, b := range op.Bodies {
			d.body(b)
		}
	}
}

type decider struct{ api *model.API }

func (d decider) result(op *model.Operation) {
	switch op.ResultKind {
	case "":
		op.ResultZero = ""
		return
	case "stream":
		op.ResultZero = "nil"
		return
	case "text":
		op.ResultZero = "emptyString"
		return
	case "multi":
		op.ResultPointer, op.ResultZero = true, "nil"
		return
	}
	if d.byPointer(op.Result) {
		op.ResultPointer, op.ResultZero = true, "nil"
		return
	}
	op.ResultZero = d.zero(op.Result)
}

func (d decider) body(b *model.Body) {
	b.Pointer = !b.Required && d.byPointer(b.Type)
	switch b.Kind {
	case model.KindText:
		b.Nilable = false
	case model.KindBinary:
		b.Nilable = true
	default:
		b.Nilable = !b.Required && (d.byPointer(b.Type) || d.nilType(b.Type))
	}
	for _, p := range b.Parts {
		p.Encoding = d.encoding(p.Type)
		fl := fieldNamed(d.api, b.Type, p.GoName)
		p.Nilable = fl != nil && fl.Pointer || d.nilType(p.Type)
		switch {
		case b.Kind == model.KindForm && d.formOK(p.Type):
			p.Style = "form"
		case b.Kind == model.KindForm:
			p.Style = "json"
		case p.Binary && p.Type.Kind == model.TypeSlice:
			p.Style = "files"
		case p.Binary:
			p.Style = "file"
		case d.primitive(p.Type):
			p.Style = "text"
		default:
			p.Style = "json"
		}
	}
}

// fieldNamed returns the field name of the struct type t, or nil.
func fieldNamed(api *model.API, t *model.Type, name string) *model.Field {
	n := api.Named(t)
	if n == nil || n.Struct == nil {
		return nil
	}
	var out *model.Field
	for _, f := range n.Struct.Fields {
		if f.Name == name {
			out = f
		}
	}
	return out
}

// byPointer reports whether a value of type t is passed by pointer: a
// struct, union or tuple.
func (d decider) byPointer(t *model.Type) bool {
	if t == nil || t.Kind != model.TypeNamed {
		return false
	}
	switch d.api.Named(t).Decl().(type) {
	case *model.Struct, *model.Union, *model.Tuple:
		return true
	}
	return false
}

// nilType reports whether nil is a value of type t.
func (d decider) nilType(t *model.Type) bool {
	switch t.Kind {
	case model.TypeSlice, model.TypeMap:
		return true
	case model.TypeBuiltin:
		return t.Is(model.Any) || t.Is(model.Bytes)
	case model.TypeQual:
		return t.Is(model.RawMessage) || t.Is(model.Reader)
	case model.TypeNamed:
		if def := d.api.Named(t).Defined; def != nil {
			return d.nilType(def.Underlying)
		}
	}
	return false
}

// zero names the zero value of t, as Operation.ResultZero.
func (d decider) zero(t *model.Type) string {
	switch t.Kind {
	case model.TypeSlice, model.TypeMap:
		return "nil"
	case model.TypeBuiltin:
		switch t.Name {
		case "string":
			return "emptyString"
		case "bool":
			return "false"
		case "any", "bytes":
			return "nil"
		}
		return "zero"
	case model.TypeQual:
		if t.Is(model.RawMessage) {
			return "nil"
		}
	case model.TypeNamed:
		if def := d.api.Named(t).Defined; def != nil {
			switch def.Underlying.Kind {
			case model.TypeSlice, model.TypeMap:
				return "nil"
			}
			if def.Underlying.Is(model.RawMessage) {
				return "nil"
			}
		}
	}
	return "new"
}

// encoding names how the style rules serialise a value of type t, as
// Param.Encoding.
func (d decider) encoding(t *model.Type) string {
	switch t.Kind {
	case model.TypeBuiltin:
		if t.Is(model.String) {
			return "string"
		}
	case model.TypeSlice:
		return "list"
	case model.TypeMap:
		return "map"
	case model.TypeNamed:
		switch def := d.api.Named(t).Decl().(type) {
		case *model.Struct:
			return "struct"
		case *model.Defined:
			switch def.Underlying.Kind {
			case model.TypeSlice:
				return "list"
			case model.TypeMap:
				return "map"
			}
		}
	}
	return "scalar"
}

// formOK reports whether a form field of type t can use the form style.
func (d decider) formOK(t *model.Type) bool {
	switch t.Kind {
	case model.TypeSlice:
		return d.formOK(t.Elem) && t.Elem.Kind != model.TypeSlice
	case model.TypeNamed:
		if def, ok := d.api.Named(t).Decl().(*model.Defined); ok {
			return d.formOK(def.Underlying)
		}
	}
	return d.primitive(t)
}

// primitive reports whether t is written as one formatted scalar.
func (d decider) primitive(t *model.Type) bool {
	switch t.Kind {
	case model.TypeBuiltin:
		return !t.Is(model.Any) && !t.Is(model.Bytes)
	case model.TypeQual:
		return t.Is(model.Time) || t.Is(model.Date)
	case model.TypeNamed:
		switch def := d.api.Named(t).Decl().(type) {
		case *model.Enum:
			return true
		case *model.Defined:
			return d.primitive(def.Underlying)
		}
	}
	return false
}

// errorModels returns the named types that a declared error response of
// some operation decodes into, with aliases resolved to their target.
func errorModels(api *model.API) map[*model.Named]bool {
	out := map[*model.Named]bool{}
	for _, op := range api.Operations {
		for _, r := range op.Responses {
			if r.Success || r.Kind != model.KindJSON {
				continue
			}
			if n := namedTarget(api, r.Type); n != nil {
				out[n] = true
			}
		}
	}
	return out
}

// namedTarget returns the named type t is, following aliases, or nil.
func namedTarget(api *model.API, t *model.Type) *model.Named {
	for range 100 { // alias chains are acyclic; the bound is a guard
		n := api.Named(t)
		if n == nil {
			return nil
		}
		d := n.Defined
		if d == nil || !d.Alias {
			return n
		}
		t = d.Underlying
	}
	return nil
}

// errorClash reports, as "field Error", a member of n named Error, which
// keeps n from having an Error method; "" if there is none.
func errorClash(n *model.Named) string {
	switch d := n.Decl().(type) {
	case *model.Struct:
		for _, f := range d.Fields {
			if f.Name == "Error" {
				return "field Error"
			}
		}
		if d.ExtraName == "Error" {
			return "field Error"
		}
	case *model.Union:
		for _, v := range d.Variants {
			if v.Name == "Error" {
				return "field Error"
			}
		}
	}
	return ""
}
