package emit

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/sigen-dev/sigen/generator/model"
)

const (
	httpPkg = "net/http"
	ctxPkg  = "context"
)

// defaultServer returns the first absolute server URL with variable
// defaults substituted, or "".
func defaultServer(servers []model.Server) string {
	for _, s := range servers {
		u := s.URL
		for _, v := range s.Variables {
			u = strings.ReplaceAll(u, "{"+v.Name+"}", v.Default)
		}
		if p, err := url.Parse(u); err == nil && p.Scheme != "" && p.Host != "" {
			return strings.TrimRight(u, "/")
		}
	}
	return ""
}

func (e *emitter) has(k model.SchemeKind) bool {
	for _, s := range e.api.Schemes {
		if s.Kind == k {
			return true
		}
	}
	return false
}

func (e *emitter) clientFile() *jen.File {
	f := e.newFile()
	api := e.api
	f.Comment("The generated code needs a runtime of the same major version: if this fails to compile, update github.com/sigen-dev/sigen or regenerate.")
	f.Const().Id("_").Op("=").Qual(model.AuthPath, "SupportPackageIsVersion1")
	f.Line()

	def := defaultServer(api.Servers)
	f.Comment("DefaultServerURL is the base URL requests go to unless WithBaseURL or WithServer says otherwise (the spec's first server).")
	f.Const().Id("DefaultServerURL").Op("=").Lit(def)
	f.Line()

	// Servers.
	var servers []jen.Code
	for _, s := range api.Servers {
		d := jen.Dict{jen.Id("URL"): jen.Lit(s.URL)}
		if len(s.Variables) > 0 {
			defs := jen.Dict{}
			enums := jen.Dict{}
			var names []string
			for _, v := range s.Variables {
				names = append(names, v.Name)
				defs[jen.Lit(v.Name)] = jen.Lit(v.Default)
				if len(v.Enum) > 0 {
					enums[jen.Lit(v.Name)] = strSlice(v.Enum)
				}
			}
			d[jen.Id("Variables")] = strSlice(names)
			d[jen.Id("Defaults")] = jen.Map(jen.String()).String().Values(defs)
			if len(enums) > 0 {
				d[jen.Id("Enums")] = jen.Map(jen.String()).Index().String().Values(enums)
			}
		}
		servers = append(servers, jen.Values(d))
	}
	f.Comment("Servers are the server URLs the spec declares, in order; choose one with WithServer.")
	f.Var().Id("Servers").Op("=").Index().Qual(model.RestPath, "ServerTemplate").Values(servers...)
	f.Line()

	// Schemes.
	var schemes []jen.Code
	for _, s := range api.Schemes {
		d := jen.Dict{jen.Id("Name"): jen.Lit(s.Name), jen.Id("Kind"): jen.Qual(model.RestPath, schemeKindName(s.Kind))}
		if s.TokenURL != "" {
			d[jen.Id("TokenURL")] = jen.Lit(s.TokenURL)
		}
		if s.RefreshURL != "" {
			d[jen.Id("RefreshURL")] = jen.Lit(s.RefreshURL)
		}
		if len(s.Scopes) > 0 {
			d[jen.Id("Scopes")] = strSlice(s.Scopes)
		}
		if s.In != "" {
			d[jen.Id("In")] = jen.Lit(s.In)
			d[jen.Id("ParamName")] = jen.Lit(s.ParamName)
		}
		schemes = append(schemes, jen.Values(d))
	}
	f.Var().Id("schemes").Op("=").Index().Qual(model.RestPath, "Scheme").Values(schemes...)
	f.Line()

	// Client.
	// One line: a line break would end the comment and let the spec
	// inject code.
	title := strings.Join(strings.Fields(sanitize(api.Title)), " ")
	if title == "" {
		title = "the API"
	}
	f.Comment(fmt.Sprintf("Client calls %s. It is safe for concurrent use.", title))
	f.Type().Id("Client").Struct(jen.Id("rc").Op("*").Qual(model.RestPath, "Client"))
	f.Line()
	f.Comment("Option configures a Client.")
	f.Type().Id("Option").Func().Params(jen.Op("*").Qual(model.RestPath, "Config"))
	f.Line()
	f.Comment("RequestOption changes a single call: see WithRequestHeader, WithRequestEditor and WithResponseHeader.")
	f.Type().Id("RequestOption").Op("=").Qual(model.RestPath, "CallOption")
	f.Line()
	f.Comment("APIError is the error returned for any response the spec does not declare as a success. Use errors.As to inspect its status, headers, body and decoded error model.")
	f.Type().Id("APIError").Op("=").Qual(model.RestPath, "APIError")
	f.Line()

	ua := "sigen"
	if api.Title != "" || api.Version != "" {
		ua = fmt.Sprintf("sigen (%s/%s)", sanitizeUA(api.Title), sanitizeUA(api.Version))
	}
	var origins []jen.Code
	seen := map[string]bool{}
	for _, op := range api.Operations {
		for _, s := range op.Servers {
			if o := originOf(s.URL); o != "" && !seen[o] {
				seen[o] = true
				origins = append(origins, jen.Lit(o))
			}
		}
	}
	cfg := jen.Dict{
		jen.Id("BaseURL"):   jen.Id("DefaultServerURL"),
		jen.Id("UserAgent"): jen.Lit(ua),
		jen.Id("Schemes"):   jen.Id("schemes"),
		jen.Id("Servers"):   jen.Id("Servers"),
	}
	if len(origins) > 0 {
		cfg[jen.Id("Origins")] = jen.Index().String().Values(origins...)
	}
	f.Comment("NewClient returns a client for " + title + ". Credentials come from options such as " + e.credentialOptionNames() + ".")
	f.Func().Id("NewClient").Params(jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.Id("cfg").Op(":=").Qual(model.RestPath, "Config").Values(cfg),
		jen.For(jen.List(jen.Id("_"), jen.Id("o")).Op(":=").Range().Id("opts")).Block(jen.Id("o").Call(jen.Op("&").Id("cfg"))),
		jen.List(jen.Id("rc"), jen.Err()).Op(":=").Qual(model.RestPath, "New").Call(jen.Id("cfg")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id("Client").Values(jen.Id("rc").Op(":").Id("rc")), jen.Nil()),
	)
	f.Line()

	opt := func(name, doc string, params []jen.Code, body ...jen.Code) {
		f.Comment(doc)
		f.Func().Id(name).Params(params...).Id("Option").Block(
			jen.Return(jen.Func().Params(jen.Id("c").Op("*").Qual(model.RestPath, "Config")).Block(body...)),
		)
		f.Line()
	}
	cfgField := func(path ...string) *jen.Statement {
		s := jen.Id("c")
		for _, p := range path {
			s = s.Dot(p)
		}
		return s
	}
	opt("WithBaseURL", "WithBaseURL sends requests to baseURL instead of DefaultServerURL.",
		[]jen.Code{jen.Id("baseURL").String()}, cfgField("BaseURL").Op("=").Id("baseURL"))
	opt("WithServer", "WithServer sends requests to Servers[index], with its URL variables set from vars (unset ones take their defaults; values outside a variable's enum are an error from NewClient).",
		[]jen.Code{jen.Id("index").Int(), jen.Id("vars").Map(jen.String()).String()},
		cfgField("ServerIndex").Op("=").Id("index"), cfgField("ServerVars").Op("=").Id("vars"), cfgField("UseServer").Op("=").True())
	opt("WithHTTPClient", "WithHTTPClient sends API and token requests through hc (its Transport, Timeout and Jar are used; the token endpoint never follows redirects).",
		[]jen.Code{jen.Id("hc").Op("*").Qual(httpPkg, "Client")}, cfgField("HTTPClient").Op("=").Id("hc"))
	opt("WithUserAgent", "WithUserAgent replaces the User-Agent header.",
		[]jen.Code{jen.Id("ua").String()}, cfgField("UserAgent").Op("=").Id("ua"))
	opt("WithRetry", "WithRetry retries idempotent requests on 429, 502, 503 and 504, honouring Retry-After (off by default; separate from the single retry after a refused token).",
		[]jen.Code{jen.Id("p").Qual(model.OASPath, "RetryPolicy")}, cfgField("Retry").Op("=").Op("&").Id("p"))
	opt("WithLogger", "WithLogger logs token fetches and refreshes at debug level, with secrets redacted.",
		[]jen.Code{jen.Id("l").Op("*").Qual("log/slog", "Logger")}, cfgField("Auth", "Logger").Op("=").Id("l"))
	opt("WithAllowInsecureHTTP", "WithAllowInsecureHTTP permits sending credentials over plain HTTP to hosts other than loopback. Use it only for tests and trusted networks.",
		nil, cfgField("Auth", "AllowInsecureHTTP").Op("=").True())
	tokens := e.has(model.SchemeClientCredentials) || e.has(model.SchemeSignet)
	if tokens {
		opt("WithTokenURL", "WithTokenURL overrides the token endpoint the spec declares (relative URLs resolve against the base URL).",
			[]jen.Code{jen.Id("tokenURL").String()}, cfgField("TokenURL").Op("=").Id("tokenURL"))
		opt("WithTokenStore", "WithTokenStore shares tokens between processes through a second cache tier, such as runtime/auth/redisstore.",
			[]jen.Code{jen.Id("s").Qual(model.AuthPath, "Store")}, cfgField("Auth", "Store").Op("=").Id("s"))
		opt("WithFetchTimeout", "WithFetchTimeout bounds one token fetch, retries included (default 10s).",
			[]jen.Code{jen.Id("d").Qual("time", "Duration")}, cfgField("Auth", "FetchTimeout").Op("=").Id("d"))
		opt("WithClock", "WithClock replaces the clock the token runtime uses for every time decision (for tests).",
			[]jen.Code{jen.Id("clk").Qual(model.AuthPath, "Clock")}, cfgField("Auth", "Clock").Op("=").Id("clk"))
		opt("WithCredentialsFromEnv", "WithCredentialsFromEnv fills credentials not given by other options from SIGNICAT_CLIENT_ID and SIGNICAT_CLIENT_SECRET (OAuth2 client credentials) or SIGNET_API_KEY and SIGNET_API_SECRET (Signet). The values are never printed.",
			nil, cfgField("FromEnv").Op("=").True())
	}
	if e.has(model.SchemeClientCredentials) {
		opt("WithClientCredentials", "WithClientCredentials authenticates with the OAuth2 client-credentials grant (Signicat: client ID and secret from the dashboard).",
			[]jen.Code{jen.Id("clientID"), jen.Id("clientSecret").String()},
			cfgField("Credentials", "ClientID").Op("=").Id("clientID"),
			cfgField("Credentials", "ClientSecret").Op("=").Qual(model.AuthPath, "Secret").Call(jen.Id("clientSecret")))
		opt("WithClientSecretPost", "WithClientSecretPost sends the client credentials in the form body (client_secret_post) instead of HTTP Basic (client_secret_basic, the default).",
			nil, cfgField("Credentials", "AuthStyle").Op("=").Qual(model.AuthPath, "ClientSecretPost"))
		opt("WithScopes", "WithScopes requests these scopes instead of the ones the spec declares.",
			[]jen.Code{jen.Id("scopes").Op("...").String()}, cfgField("Credentials", "Scopes").Op("=").Id("scopes"))
	}
	if e.has(model.SchemeSignet) {
		opt("WithSignetCredentials", "WithSignetCredentials authenticates with a Signet API key and secret: tokens are generated, cached and refreshed for you.",
			[]jen.Code{jen.Id("apiKey"), jen.Id("apiSecret").String()},
			cfgField("Credentials", "SignetAPIKey").Op("=").Id("apiKey"),
			cfgField("Credentials", "SignetAPISecret").Op("=").Qual(model.AuthPath, "Secret").Call(jen.Id("apiSecret")))
	}
	if e.has(model.SchemeBearer) {
		opt("WithBearerToken", "WithBearerToken sends a fixed bearer token you obtained yourself.",
			[]jen.Code{jen.Id("token").String()},
			cfgField("Credentials", "BearerToken").Op("=").Qual(model.AuthPath, "Secret").Call(jen.Id("token")))
	}
	if e.has(model.SchemeAPIKey) {
		opt("WithAPIKey", "WithAPIKey sets the API key for every API key scheme of the spec.",
			[]jen.Code{jen.Id("key").String()},
			jen.If(cfgField("Credentials", "APIKeys").Op("==").Nil()).Block(cfgField("Credentials", "APIKeys").Op("=").Map(jen.String()).Qual(model.AuthPath, "Secret").Values()),
			cfgField("Credentials", "APIKeys").Index(jen.Lit("")).Op("=").Qual(model.AuthPath, "Secret").Call(jen.Id("key")))
		opt("WithSchemeAPIKey", "WithSchemeAPIKey sets the API key for the named security scheme only.",
			[]jen.Code{jen.Id("scheme"), jen.Id("key").String()},
			jen.If(cfgField("Credentials", "APIKeys").Op("==").Nil()).Block(cfgField("Credentials", "APIKeys").Op("=").Map(jen.String()).Qual(model.AuthPath, "Secret").Values()),
			cfgField("Credentials", "APIKeys").Index(jen.Id("scheme")).Op("=").Qual(model.AuthPath, "Secret").Call(jen.Id("key")))
	}
	if e.has(model.SchemeBasic) {
		opt("WithBasicAuth", "WithBasicAuth authenticates with HTTP Basic.",
			[]jen.Code{jen.Id("username"), jen.Id("password").String()},
			cfgField("Credentials", "BasicUser").Op("=").Id("username"),
			cfgField("Credentials", "BasicPassword").Op("=").Qual(model.AuthPath, "Secret").Call(jen.Id("password")))
	}

	// Per-call options.
	f.Comment("WithRequestHeader adds a header to one call.")
	f.Func().Id("WithRequestHeader").Params(jen.List(jen.Id("key"), jen.Id("value")).String()).Id("RequestOption").Block(
		jen.Return(jen.Qual(model.RestPath, "WithHeader").Call(jen.Id("key"), jen.Id("value"))))
	f.Line()
	f.Comment("WithRequestEditor runs fn on the request of one call just before it is sent.")
	f.Func().Id("WithRequestEditor").Params(jen.Id("fn").Func().Params(jen.Op("*").Qual(httpPkg, "Request")).Error()).Id("RequestOption").Block(
		jen.Return(jen.Qual(model.RestPath, "WithRequestEditor").Call(jen.Id("fn"))))
	f.Line()
	f.Comment("WithResponseHeader stores the headers of one call's response in *dst, for headers the spec declares.")
	f.Func().Id("WithResponseHeader").Params(jen.Id("dst").Op("*").Qual(httpPkg, "Header")).Id("RequestOption").Block(
		jen.Return(jen.Qual(model.RestPath, "WithResponseHeader").Call(jen.Id("dst"))))
	f.Line()

	// Interface.
	if len(api.Operations) > 0 {
		var methods []jen.Code
		for _, op := range api.Operations {
			for _, b := range e.methodVariants(op) {
				methods = append(methods, jen.Id(b.name).Params(e.params(op, b.body)...).Params(e.results(op)...))
			}
			if op.Paginated != nil {
				methods = append(methods, jen.Id(op.IterName).Params(e.iterParams(op)...).Qual("iter", "Seq2").Types(typ(op.Paginated.ItemType), jen.Error()))
			}
		}
		f.Comment("ClientInterface lists the methods of Client, so code that uses the client can be tested with a fake.")
		f.Type().Id("ClientInterface").Interface(methods...)
		f.Line()
		f.Var().Id("_").Id("ClientInterface").Op("=").Parens(jen.Op("*").Id("Client")).Parens(jen.Nil())
	}
	return f
}

func (e *emitter) credentialOptionNames() string {
	var names []string
	if e.has(model.SchemeClientCredentials) {
		names = append(names, "WithClientCredentials")
	}
	if e.has(model.SchemeSignet) {
		names = append(names, "WithSignetCredentials")
	}
	if e.has(model.SchemeBearer) {
		names = append(names, "WithBearerToken")
	}
	if e.has(model.SchemeAPIKey) {
		names = append(names, "WithAPIKey")
	}
	if e.has(model.SchemeBasic) {
		names = append(names, "WithBasicAuth")
	}
	if len(names) == 0 {
		return "none (the spec declares no security scheme)"
	}
	return strings.Join(names, ", ")
}

func schemeKindName(k model.SchemeKind) string {
	switch k {
	case model.SchemeClientCredentials:
		return "ClientCredentials"
	case model.SchemeSignet:
		return "Signet"
	case model.SchemeBearer:
		return "Bearer"
	case model.SchemeAPIKey:
		return "APIKey"
	case model.SchemeBasic:
		return "Basic"
	}
	return "Bearer"
}

func sanitizeUA(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r > '~' || r == '(' || r == ')' || r == '/' {
			return '-'
		}
		return r
	}, s)
}

func originOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Scheme == "" || p.Host == "" {
		return ""
	}
	return p.Scheme + "://" + p.Host
}
