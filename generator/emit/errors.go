package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/sigen-dev/sigen/generator/model"
)

// errorMethod makes an error model type an error, so that errors.As finds
// it in the *APIError a call returns. A type with a member named Error
// cannot have the method; a call still returns it in APIError.Model.
func (e *emitter) errorMethod(f *jen.File, n *model.Named) {
	f.Comment(fmt.Sprintf("Error makes *%s an error: a call that gets it as an error body returns an *APIError that unwraps to it, so errors.As finds either. The message is the type name and the first of its detail, message, error_description, title or error properties that is a non-empty string.", n.Name))
	f.Func().Params(jen.Id("v").Op("*").Id(n.Name)).Id("Error").Params().String().Block(
		jen.Return(jen.Qual(model.ImplPath, "ErrorMessage").Call(jen.Lit(e.opts.Package+"."+n.Name), jen.Id("v"))),
	)
	f.Line()
}
