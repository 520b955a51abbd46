package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/sigen-dev/sigen/generator/model"
)

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

// errorMethod makes an error model type an error, so that errors.As finds
// it in the *APIError a call returns. A type with a member named Error
// cannot have the method; a call still returns it in APIError.Model.
func (e *emitter) errorMethod(f *jen.File, n *model.Named) {
	if errorClash(n) != "" {
		return
	}
	f.Comment(fmt.Sprintf("Error makes *%s an error: a call that gets it as an error body returns an *APIError that unwraps to it, so errors.As finds either. The message is the type name and the first of its detail, message, error_description, title or error properties that is a non-empty string.", n.Name))
	f.Func().Params(jen.Id("v").Op("*").Id(n.Name)).Id("Error").Params().String().Block(
		jen.Return(jen.Qual(model.ImplPath, "ErrorMessage").Call(jen.Lit(e.opts.Package+"."+n.Name), jen.Id("v"))),
	)
	f.Line()
}
