package emit

import (
	"github.com/dave/jennifer/jen"
	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/sigen-dev/sigen/generator/model"
)

// boundFlows returns the vendor flows of generator/flows that a scheme of
// the API is bound to, in table order.
func (e *emitter) boundFlows() []*flows.Flow {
	var out []*flows.Flow
	for _, f := range flows.All {
		if e.api.HasVendor(f.Name) {
			out = append(out, f)
		}
	}
	return out
}

// customFlows returns the bound flows that have a runtime constructor of
// their own (flows.Custom), in table order.
func (e *emitter) customFlows() []*flows.Flow {
	var out []*flows.Flow
	for _, f := range e.boundFlows() {
		if f.Grant == flows.Custom && f.Runtime != nil {
			out = append(out, f)
		}
	}
	return out
}

// setFlow returns the statements that set the token flow named name of the
// Flow schemes to flow, making the map first.
func setFlow(cfgField func(...string) *jen.Statement, name string, flow jen.Code) []jen.Code {
	fl := cfgField("Credentials", "Flows")
	return []jen.Code{
		jen.If(fl.Clone().Op("==").Nil()).Block(
			fl.Clone().Op("=").Map(jen.String()).Qual(model.ImplPath, "TokenFlow").Values()),
		fl.Clone().Index(jen.Lit(name)).Op("=").Add(flow),
	}
}

// envFallback writes credentialsFromEnv, which WithCredentialsFromEnv adds
// to the fallbacks that run after every option. The variable names are
// those of the vendors whose flows the spec binds. It fails, naming the
// variables that are not set, when no token scheme ends up with credentials.
func (e *emitter) envFallback(f *jen.File) {
	c := func(path ...string) *jen.Statement {
		s := jen.Id("c")
		for _, p := range path {
			s = s.Dot(p)
		}
		return s
	}
	missing := func(cond *jen.Statement, name string) jen.Code {
		return jen.If(cond).Block(jen.Id("missing").Op("=").Append(jen.Id("missing"), jen.Lit(name)))
	}
	body := []jen.Code{
		jen.If(c("Credentials", "TokenSource").Op("!=").Nil()).Block(jen.Return(jen.Nil())),
		jen.Var().Id("missing").Index().String(),
		jen.Id("ok").Op(":=").False(),
	}
	for _, fl := range e.boundFlows() {
		if fl.EnvID == "" {
			continue
		}
		id, secret := fl.EnvID, fl.EnvSecret
		switch {
		case fl.Grant == flows.ClientCredentials:
			body = append(body,
				jen.If(c("Credentials", "ClientID").Op("==").Lit("")).Block(
					c("Credentials", "ClientID").Op("=").Qual("os", "Getenv").Call(jen.Lit(id))),
				jen.If(c("Credentials", "ClientSecret").Op("==").Lit("")).Block(
					jen.List(c("Credentials", "ClientSecret"), jen.Id("_")).Op("=").Qual(model.AuthPath, "SecretFromEnv").Call(jen.Lit(secret))),
				jen.If(c("Credentials", "ClientID").Op("!=").Lit("").Op("&&").Add(c("Credentials", "ClientSecret")).Op("!=").Lit("")).Block(
					jen.Id("ok").Op("=").True(),
				).Else().Block(
					missing(c("Credentials", "ClientID").Op("==").Lit(""), id),
					missing(c("Credentials", "ClientSecret").Op("==").Lit(""), secret),
				),
			)
		case fl.Runtime != nil:
			set := append([]jen.Code{}, setFlow(c, fl.Name, jen.Id(fl.Runtime.Func).Call(jen.Id("key"), jen.Id("secret")))...)
			set = append(set, jen.Id("ok").Op("=").True())
			body = append(body,
				jen.If(c("Credentials", "Flows").Index(jen.Lit(fl.Name)).Op("!=").Nil()).Block(
					jen.Id("ok").Op("=").True(),
				).Else().Block(
					jen.Id("key").Op(":=").Qual("os", "Getenv").Call(jen.Lit(id)),
					jen.List(jen.Id("secret"), jen.Id("_")).Op(":=").Qual(model.AuthPath, "SecretFromEnv").Call(jen.Lit(secret)),
					jen.If(jen.Id("key").Op("!=").Lit("").Op("&&").Id("secret").Op("!=").Lit("")).Block(set...).Else().Block(
						missing(jen.Id("key").Op("==").Lit(""), id),
						missing(jen.Id("secret").Op("==").Lit(""), secret),
					),
				),
			)
		}
	}
	body = append(body,
		jen.If(jen.Id("ok")).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Qual(model.ImplPath, "EnvError").Call(jen.Id("missing"))),
	)
	f.Comment("credentialsFromEnv fills the credentials no option gave from the environment; " + e.api.Client.WithCredentialsFromEnv + " makes " + e.api.Client.NewClient + " call it after every option. It fails, naming the unset variables, when no token scheme has its credentials.")
	f.Func().Id("credentialsFromEnv").Params(jen.Id("c").Op("*").Qual(model.ImplPath, "Config")).Error().Block(body...)
	f.Line()
}

// schemeHint is the Scheme.Hint of a token scheme bound to a vendor flow:
// the options and environment variables that supply its credentials, named
// in the error of a call made without them. Other schemes use the
// runtime's wording.
func schemeHint(s *model.Scheme) string {
	if s.Kind != model.SchemeClientCredentials && s.Kind != model.SchemeFlow {
		return ""
	}
	if fl := flows.Lookup(s.Vendor); fl != nil && s.Vendor != "" {
		return fl.Hint()
	}
	return ""
}

// flowFunc writes the function that makes the token flow of a Custom
// vendor flow's options from its two credentials, with the flow's
// runtime/auth constructor.
func flowFunc(f *jen.File, fl *flows.Flow) {
	r := fl.Runtime
	env := jen.Id("env")
	cfg := jen.Dict{}
	set := func(field string, v jen.Code) {
		if field != "" {
			cfg[jen.Id(field)] = v
		}
	}
	set(r.TokenURLField, env.Clone().Dot("TokenURL"))
	set(r.RefreshURLField, env.Clone().Dot("RefreshURL"))
	set(r.ScopesField, env.Clone().Dot("Scopes"))
	set(r.IDField, jen.Id(r.Params[0]))
	set(r.SecretField, jen.Id(r.Params[1]))
	f.Comment(r.FuncDoc)
	f.Func().Id(r.Func).Params(jen.Id(r.Params[0]).String(), jen.Id(r.Params[1]).Qual(model.AuthPath, "Secret")).Qual(model.ImplPath, "TokenFlow").Block(
		jen.Return(jen.Func().Params(jen.Id("env").Qual(model.ImplPath, "FlowEnv")).Params(jen.Qual(model.AuthPath, "TokenSource"), jen.Error()).Block(
			jen.List(jen.Id("src"), jen.Err()).Op(":=").Qual(model.AuthPath, r.Constructor).Call(
				jen.Qual(model.AuthPath, r.ConfigType).Values(cfg),
				env.Clone().Dot("Auth"),
			),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Id("src"), jen.Nil()),
		)),
	)
	f.Line()
}
