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
// those of the vendors whose flows the spec binds.
func (e *emitter) envFallback(f *jen.File) {
	c := func(path ...string) *jen.Statement {
		s := jen.Id("c")
		for _, p := range path {
			s = s.Dot(p)
		}
		return s
	}
	var body []jen.Code
	if e.has(model.SchemeClientCredentials) {
		body = append(body,
			jen.If(c("Credentials", "ClientID").Op("==").Lit("")).Block(
				c("Credentials", "ClientID").Op("=").Qual("os", "Getenv").Call(jen.Lit("SIGNICAT_CLIENT_ID"))),
			jen.If(c("Credentials", "ClientSecret").Op("==").Lit("")).Block(
				jen.List(c("Credentials", "ClientSecret"), jen.Id("_")).Op("=").Qual(model.AuthPath, "SecretFromEnv").Call(jen.Lit("SIGNICAT_CLIENT_SECRET"))),
		)
	}
	if e.has(model.SchemeSignet) {
		set := append([]jen.Code{}, setFlow(c, jen.Id("signetFlow").Call(jen.Id("key"), jen.Id("secret")))...)
		body = append(body,
			jen.If(c("Credentials", "Flows").Index(jen.Lit(signetFlow)).Op("==").Nil()).Block(
				jen.Id("key").Op(":=").Qual("os", "Getenv").Call(jen.Lit("SIGNET_API_KEY")),
				jen.List(jen.Id("secret"), jen.Id("_")).Op(":=").Qual(model.AuthPath, "SecretFromEnv").Call(jen.Lit("SIGNET_API_SECRET")),
				jen.If(jen.Id("key").Op("!=").Lit("").Op("&&").Id("secret").Op("!=").Lit("")).Block(set...),
			),
		)
	}
	f.Comment("credentialsFromEnv fills the credentials no option gave from the environment; WithCredentialsFromEnv makes NewClient call it after every option.")
	f.Func().Id("credentialsFromEnv").Params(jen.Id("c").Op("*").Qual(model.ImplPath, "Config")).Block(body...)
	f.Line()
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
