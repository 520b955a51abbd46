package resolve

import (
	. "github.com/sigen-dev/sigen/generator/model"
)

// breakCycles makes a field a pointer wherever by-value containment would
// form a cycle (a required self-reference), which Go cannot express.
func breakCycles(api *API) {
	types := api.Types
	const (
		white = iota
		grey
		black
	)
	color := map[*Named]int{}
	var visit func(n *Named)
	visit = func(n *Named) {
		color[n] = grey
		for _, f := range byValueFields(n) {
			m := byValueNamed(api, f.Type)
			if m == nil {
				continue
			}
			switch color[m] {
			case grey:
				f.Pointer = true
			case white:
				visit(m)
			}
		}
		color[n] = black
	}
	for _, n := range types {
		if color[n] == white {
			visit(n)
		}
	}
}

// byValueFields returns the fields of n that hold another type by value.
func byValueFields(n *Named) []*Field {
	st, ok := n.Decl().(*Struct)
	if !ok {
		return nil
	}
	var out []*Field
	for _, f := range st.Fields {
		if !f.Pointer {
			out = append(out, f)
		}
	}
	return out
}

// byValueNamed returns the named struct that a value of type t embeds
// directly, if any.
func byValueNamed(api *API, t *Type) *Named {
	switch t.Kind {
	case TypeNamed:
		n := api.Named(t)
		switch d := n.Decl().(type) {
		case *Struct, *Tuple:
			return n
		case *Defined:
			return byValueNamed(api, d.Underlying)
		}
	case TypeNullable:
		if t.Pointer {
			return nil
		}
		return byValueNamed(api, t.Elem)
	}
	return nil
}

// pointNullables makes every nullable struct field that holds an object
// (a named struct or tuple) hold it through a pointer: oas.Nullable[*T].
// A struct embedding its nullable objects by value grows with each level
// of nesting, and so does every slice of it.
func pointNullables(api *API) {
	for _, n := range api.Types {
		for _, f := range byValueFields(n) {
			if nt := f.Type; nt.Kind == TypeNullable && byValueNamed(api, nt.Elem) != nil {
				nt.Pointer = true
			}
		}
	}
}
