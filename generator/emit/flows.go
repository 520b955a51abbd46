package emit

import (
	"github.com/dave/jennifer/jen"
	"github.com/sigen-dev/sigen/generator/model"
)

// signetFlow is the Scheme.Flow label of Signet schemes: the key of
// sigenimpl.Credentials.Flows that the generated Signet options set.
const signetFlow = "signet"

// setFlow returns the statements that set the token flow of the Signet
// schemes to flow, making the map first.
func setFlow(cfgField func(...string) *jen.Statement, flow jen.Code) []jen.Code {
	flows := cfgField("Credentials", "Flows")
	return []jen.Code{
		jen.If(flows.Clone().Op("==").Nil()).Block(
			flows.Clone().Op("=").Map(jen.String()).Qual(model.ImplPath, "TokenFlow").Values()),
		flows.Clone().Index(jen.Lit(signetFlow)).Op("=").Add(flow),
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
	if e.api.HasVendor(model.VendorSignicat) {
		id, secret := envClientID, envClientSecret
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
	}
	if e.has(model.SchemeSignet) {
		set := append([]jen.Code{}, setFlow(c, jen.Id("signetFlow").Call(jen.Id("key"), jen.Id("secret")))...)
		set = append(set, jen.Id("ok").Op("=").True())
		body = append(body,
			jen.If(c("Credentials", "Flows").Index(jen.Lit(signetFlow)).Op("!=").Nil()).Block(
				jen.Id("ok").Op("=").True(),
			).Else().Block(
				jen.Id("key").Op(":=").Qual("os", "Getenv").Call(jen.Lit(envSignetKey)),
				jen.List(jen.Id("secret"), jen.Id("_")).Op(":=").Qual(model.AuthPath, "SecretFromEnv").Call(jen.Lit(envSignetSecret)),
				jen.If(jen.Id("key").Op("!=").Lit("").Op("&&").Id("secret").Op("!=").Lit("")).Block(set...).Else().Block(
					missing(jen.Id("key").Op("==").Lit(""), envSignetKey),
					missing(jen.Id("secret").Op("==").Lit(""), envSignetSecret),
				),
			),
		)
	}
	body = append(body,
		jen.If(jen.Id("ok")).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Qual(model.ImplPath, "EnvError").Call(jen.Id("missing"))),
	)
	f.Comment("credentialsFromEnv fills the credentials no option gave from the environment; WithCredentialsFromEnv makes NewClient call it after every option. It fails, naming the unset variables, when no token scheme has its credentials.")
	f.Func().Id("credentialsFromEnv").Params(jen.Id("c").Op("*").Qual(model.ImplPath, "Config")).Error().Block(body...)
	f.Line()
}

// The environment variables WithCredentialsFromEnv reads.
const (
	envClientID     = "SIGNICAT_CLIENT_ID"
	envClientSecret = "SIGNICAT_CLIENT_SECRET"
	envSignetKey    = "SIGNET_API_KEY"
	envSignetSecret = "SIGNET_API_SECRET"
)

// schemeHint is the Scheme.Hint of a token scheme: the options and
// environment variables that supply its credentials, named in the error of
// a call made without them. Other kinds use the runtime's wording.
func schemeHint(s *model.Scheme) string {
	switch s.Kind {
	case model.SchemeClientCredentials:
		if s.Vendor != model.VendorSignicat {
			return ""
		}
		return "WithClientCredentials(id, secret), WithTokenSource(src), or WithCredentialsFromEnv() with " + envClientID + " and " + envClientSecret + " set, to NewClient"
	case model.SchemeSignet:
		return "WithSignetCredentials(key, secret), WithTokenSource(src), or WithCredentialsFromEnv() with " + envSignetKey + " and " + envSignetSecret + " set, to NewClient"
	}
	return ""
}

// signetFlowFunc writes signetFlow, the token flow of the Signet options:
// generated, cached and refreshed tokens from auth.NewSignet.
func (e *emitter) signetFlowFunc(f *jen.File) {
	env := jen.Id("env")
	f.Comment("signetFlow makes the tokens of the Signet schemes with apiKey and apiSecret: generated, cached and refreshed by auth.NewSignet.")
	f.Func().Id("signetFlow").Params(jen.Id("apiKey").String(), jen.Id("apiSecret").Qual(model.AuthPath, "Secret")).Qual(model.ImplPath, "TokenFlow").Block(
		jen.Return(jen.Func().Params(jen.Id("env").Qual(model.ImplPath, "FlowEnv")).Params(jen.Qual(model.AuthPath, "TokenSource"), jen.Error()).Block(
			jen.List(jen.Id("src"), jen.Err()).Op(":=").Qual(model.AuthPath, "NewSignet").Call(
				jen.Qual(model.AuthPath, "SignetConfig").Values(jen.Dict{
					jen.Id("GenerateURL"): env.Clone().Dot("TokenURL"),
					jen.Id("RefreshURL"):  env.Clone().Dot("RefreshURL"),
					jen.Id("APIKey"):      jen.Id("apiKey"),
					jen.Id("APISecret"):   jen.Id("apiSecret"),
				}),
				env.Clone().Dot("Auth"),
			),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Id("src"), jen.Nil()),
		)),
	)
	f.Line()
}
