package model

import (
	"fmt"
	"go/token"
	"strings"
)

// builtins are the names a TypeBuiltin may have.
var builtins = map[string]bool{
	"string": true, "bool": true, "int": true, "int32": true, "int64": true,
	"float32": true, "float64": true, "any": true, "bytes": true,
}

// Check reports the first name of d that a back end would write as Go
// code but is not a Go identifier (or, for a builtin type, not one of the
// builtins, and for a named type, not one of d's types). A model read from
// a file is checked before it is printed: its text reaches generated code.
func (d *Document) Check() error {
	c := &checker{api: d.API}
	c.ident("package", d.Package)
	if c.err != nil {
		return c.err
	}
	a := d.API
	for _, n := range a.Types {
		c.ident("type", n.Name)
		c.named(n)
	}
	for tag, pkg := range a.TagPackages {
		c.ident(fmt.Sprintf("package of tag %q", tag), pkg)
	}
	locals := c.locals(a)
	c.clientNames(a)
	for _, op := range a.Operations {
		if op.Name == a.Client.Format || op.IterName == a.Client.Format || (d.SplitByTag && len(op.Tags) == 0 && (op.Name == a.Client.Rest || op.IterName == a.Client.Rest)) {
			c.fail("method %s has the name of a method of the client", op.Name)
		}
	}
	for _, op := range a.Operations {
		c.ident("method", op.Name)
		for _, p := range op.PathParams {
			if locals[p.GoName] {
				c.fail("argument %s of %s has the name of a local", p.GoName, op.Name)
			}
		}
		c.optIdent("method", op.IterName)
		c.optIdent("variable", op.SecurityVar)
		if op.Params != nil {
			c.ident("type", op.Params.Name)
			c.named(op.Params)
		}
		for _, ps := range [][]*Param{op.PathParams, op.Query, op.Header, op.Cookie} {
			c.params(ps)
		}
		for _, b := range op.Bodies {
			c.typ(b.Type)
			for _, p := range b.Parts {
				c.ident("field", p.GoName)
				c.typ(p.Type)
			}
		}
		for _, r := range append(append([]*Response{}, op.Responses...), op.ErrorModels...) {
			c.optIdent("field", r.Field)
			c.typ(r.Type)
			c.params(r.Headers)
		}
		c.typ(op.Result)
		if p := op.Paginated; p != nil {
			c.typ(p.ItemType)
			for _, f := range append(append([]string{p.Items, p.Limit, p.Offset, p.Cursor}, p.NextField...), p.HasMore...) {
				c.optIdent("field", f)
			}
		}
	}
	return c.err
}

type checker struct {
	api *API
	err error
}

func (c *checker) ident(what, name string) {
	if c.err == nil && !token.IsIdentifier(name) {
		c.err = fmt.Errorf("%s name %q is not a Go identifier", what, name)
	}
}

// locals checks the names of a.Locals, when a has operations to print
// them in: identifiers, all different. It returns them as a set.
func (c *checker) locals(a *API) map[string]bool {
	set := map[string]bool{}
	if len(a.Operations) == 0 {
		return set
	}
	for _, name := range a.Locals.Names() {
		c.ident("local", name)
		if set[name] {
			c.fail("local name %q is used twice", name)
		}
		set[name] = true
	}
	return set
}

// clientNames checks the names of a.Client: identifiers, all different,
// none the name of a type.
func (c *checker) clientNames(a *API) {
	set := map[string]bool{}
	for _, name := range a.Client.Names() {
		c.ident("client", name)
		if set[name] {
			c.fail("client name %q is used twice", name)
		}
		set[name] = true
	}
	for _, n := range a.Types {
		if set[n.Name] {
			c.fail("type %s has the name of a client declaration", n.Name)
		}
	}
}

func (c *checker) optIdent(what, name string) {
	if name != "" {
		c.ident(what, name)
	}
}

func (c *checker) params(ps []*Param) {
	for _, p := range ps {
		c.ident("parameter", p.GoName)
		c.typ(p.Type)
	}
}

func (c *checker) named(n *Named) {
	switch d := n.Decl().(type) {
	case *Struct:
		for _, f := range d.Fields {
			c.ident("field", f.Name)
			c.optIdent("variable", f.PatternVar)
			c.typ(f.Type)
		}
		if d.Extra != nil {
			c.ident("field", d.ExtraName)
			c.typ(d.Extra)
		}
	case *Enum:
		c.typ(d.Base)
		for _, v := range d.Values {
			c.ident("constant", v.Name)
			switch v.Value.(type) {
			case string, int64, float64:
			default:
				c.fail("enum value %s is a %T, not a string or number", v.Name, v.Value)
			}
		}
	case *Union:
		for _, v := range d.Variants {
			c.ident("field", v.Name)
			c.ident("function", v.Func)
			c.typ(v.Type)
		}
	case *Defined:
		c.typ(d.Underlying)
	case *Tuple:
		for _, t := range d.Items {
			c.typ(t)
		}
		if d.Rest != nil {
			c.typ(d.Rest)
		}
	case nil:
		c.fail("type %s has no declaration", n.Name)
	}
}

func (c *checker) typ(t *Type) {
	if t == nil || c.err != nil {
		return
	}
	switch t.Kind {
	case TypeBuiltin:
		if !builtins[t.Name] {
			c.fail("%q is not a builtin type", t.Name)
		}
	case TypeQual:
		c.ident("type", t.Name)
		if t.Path == "" || strings.ContainsAny(t.Path, "\"`\\ \n") {
			c.fail("import path %q", t.Path)
		}
	case TypeNamed:
		if c.api.Lookup(t.Name) == nil {
			c.fail("type %q is not declared", t.Name)
		}
	case TypeSlice, TypeMap, TypeNullable:
		if t.Elem == nil {
			c.fail("%s type without an element type", t.Kind)
			return
		}
		c.typ(t.Elem)
	default:
		c.fail("unknown type kind %q", t.Kind)
	}
}

func (c *checker) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
	}
}
