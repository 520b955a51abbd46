// Package flows is the generator's table of vendor token flows: everything
// sigen knows about a vendor is one entry of All. The --auth flag, the
// x-sigen-token extension, sigen.yaml's auth entries (and its JSON Schema,
// checked by a test), the generated credential options, environment
// variables and docs are all derived from it. The runtime side of a flow
// lives in runtime/auth.
package flows

import (
	"net/url"
	"strings"
)

// Grant says how the runtime gets a flow's tokens.
type Grant int

// Grants.
const (
	// ClientCredentials is the OAuth2 client-credentials grant, which the
	// runtime runs itself: the generated WithClientCredentials option
	// supplies its credentials, for this vendor as for any OAuth2 provider.
	ClientCredentials Grant = iota + 1
	// Custom is a flow of the vendor's own, made by a runtime/auth
	// constructor that the generated code calls (see Runtime).
	Custom
)

// A Flow describes one vendor token flow.
type Flow struct {
	// Name selects the flow: the --auth value, the flow of an auth entry
	// in sigen.yaml and of the x-sigen-token extension, and the key of
	// sigenimpl.Credentials.Flows for a Custom flow. Lower case.
	Name string
	// Title is the vendor's name in docs and messages.
	Title string
	// Summary says what the flow does, for help texts and the schema.
	Summary string
	// Aliases are further x-sigen-token flow names that select the grant
	// of this flow with its defaults; the vendor wording then applies only
	// when the token URL is on one of TokenHosts.
	Aliases []string
	// TokenHosts are the hosts (with their subdomains) whose token URL
	// marks an OAuth2 client-credentials scheme as this vendor's.
	TokenHosts []string
	// ServerHosts are the hosts (with their subdomains) whose servers in
	// a spec without security schemes suggest --auth Name.
	ServerHosts []string
	// Grant says how the runtime gets tokens.
	Grant Grant
	// TokenURL, RefreshURL and Scopes are the defaults of a binding.
	// RefreshURL is set only for flows with a refresh endpoint, Scopes
	// only for flows that send scopes.
	TokenURL, RefreshURL string
	Scopes               []string
	// EnvID and EnvSecret are the environment variables
	// WithCredentialsFromEnv reads the credentials from; empty for none.
	EnvID, EnvSecret string
	// HintArgs names the credential option's arguments in the error of a
	// call made without credentials: "key, secret".
	HintArgs string
	// ClientCredentialsDoc, for a ClientCredentials flow, is the doc of
	// WithClientCredentials in a client bound to this vendor.
	ClientCredentialsDoc string
	// Runtime describes the generated option and constructor of a Custom
	// flow.
	Runtime *Runtime
}

// Runtime is the generated side of a Custom flow: a client option taking
// two credentials, and a function that makes the token source with a
// runtime/auth constructor.
type Runtime struct {
	// Option is the credential option, such as WithSignetCredentials,
	// OptionDoc its doc, and Params its two parameters (ID, secret).
	Option, OptionDoc string
	Params            [2]string
	// RefreshURLDoc is the doc of WithRefreshURL in a client bound to this
	// flow.
	RefreshURLDoc string
	// Func is the generated, unexported function that makes the flow, and
	// FuncDoc its doc.
	Func, FuncDoc string
	// Constructor is the runtime/auth function, called as
	// Constructor(ConfigType{...}, auth.Options), and ConfigType its
	// config struct.
	Constructor, ConfigType string
	// Fields name the fields of ConfigType set from the token URL, the
	// refresh URL, the scopes, the ID and the secret; empty: not set.
	TokenURLField, RefreshURLField, ScopesField, IDField, SecretField string
	// Describe describes a scheme bound to the flow in the package docs,
	// given its token and refresh URLs: "Signet tokens (generated at ...)".
	Describe func(tokenURL, refreshURL string) string
}

// All are the flows sigen knows, in the order docs and help list them.
// Tests may add a flow of their own.
var All = []*Flow{
	{
		Name:                 "signicat",
		Title:                "Signicat",
		Summary:              "OAuth 2.0 client credentials",
		Aliases:              []string{"client_credentials", "clientcredentials"},
		TokenHosts:           []string{"signicat.com"},
		ServerHosts:          []string{"signicat.com", "signicat.io"},
		Grant:                ClientCredentials,
		TokenURL:             "https://api.signicat.com/auth/open/connect/token",
		Scopes:               []string{"signicat-api"},
		EnvID:                "SIGNICAT_CLIENT_ID",
		EnvSecret:            "SIGNICAT_CLIENT_SECRET",
		HintArgs:             "id, secret",
		ClientCredentialsDoc: "WithClientCredentials authenticates with the OAuth2 client-credentials grant (Signicat: client ID and secret from the dashboard).",
	},
	{
		Name:        "signet",
		Title:       "Signet",
		Summary:     "Signet generate/refresh tokens",
		ServerHosts: []string{"getsignet.xyz"},
		Grant:       Custom,
		TokenURL:    "/dpop/v1/api/generate-token",
		RefreshURL:  "/dpop/v1/api/refresh-token",
		EnvID:       "SIGNET_API_KEY",
		EnvSecret:   "SIGNET_API_SECRET",
		HintArgs:    "key, secret",
		Runtime: &Runtime{
			Option:          "WithSignetCredentials",
			OptionDoc:       "WithSignetCredentials authenticates with a Signet API key and secret: tokens are generated, cached and refreshed for you.",
			Params:          [2]string{"apiKey", "apiSecret"},
			RefreshURLDoc:   "WithRefreshURL overrides the Signet refresh-token endpoint (by default the spec's refresh path on the token URL's host).",
			Func:            "signetFlow",
			FuncDoc:         "signetFlow makes the tokens of the Signet schemes with apiKey and apiSecret: generated, cached and refreshed by auth.NewSignet.",
			Constructor:     "NewSignet",
			ConfigType:      "SignetConfig",
			TokenURLField:   "GenerateURL",
			RefreshURLField: "RefreshURL",
			IDField:         "APIKey",
			SecretField:     "APISecret",
			Describe: func(tokenURL, refreshURL string) string {
				return "Signet tokens (generated at " + tokenURL + ", refreshed at " + refreshURL + ")"
			},
		},
	},
}

// Lookup returns the flow named name (case-insensitively), or nil.
func Lookup(name string) *Flow {
	for _, f := range All {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// LookupAlias returns the flow name or one of its aliases selects, and
// whether name was the flow's own name rather than an alias.
func LookupAlias(name string) (f *Flow, own bool) {
	if f := Lookup(name); f != nil {
		return f, true
	}
	for _, f := range All {
		for _, a := range f.Aliases {
			if strings.EqualFold(a, name) {
				return f, false
			}
		}
	}
	return nil, false
}

// Names lists the names of the flows of All that keep accepts (all when
// keep is nil), each after prefix, as an English list ending in conj:
// Names("--auth ", "or", nil) is "--auth signicat or --auth signet".
func Names(prefix, conj string, keep func(*Flow) bool) string {
	var names []string
	for _, f := range All {
		if keep == nil || keep(f) {
			names = append(names, prefix+f.Name)
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// ByTokenURL returns the ClientCredentials flow whose TokenHosts hold the
// host of tokenURL, or nil for a generic OAuth2 provider.
func ByTokenURL(tokenURL string) *Flow {
	for _, f := range All {
		if f.Grant == ClientCredentials && onHost(tokenURL, f.TokenHosts) {
			return f
		}
	}
	return nil
}

// ByServerURL returns the flow whose ServerHosts hold the host of
// serverURL, or nil.
func ByServerURL(serverURL string) *Flow {
	for _, f := range All {
		if onHost(serverURL, f.ServerHosts) {
			return f
		}
	}
	return nil
}

// Options returns the credential options of the Custom flows, which the
// generated package may declare.
func Options() []string {
	var out []string
	for _, f := range All {
		if f.Runtime != nil {
			out = append(out, f.Runtime.Option)
		}
	}
	return out
}

// CredentialOption returns the client option that takes the flow's
// credentials.
func (f *Flow) CredentialOption() string {
	if f.Runtime != nil {
		return f.Runtime.Option
	}
	return "WithClientCredentials"
}

// Hint returns the options and environment variables that supply the
// flow's credentials, named in the error of a call made without them; ""
// when the flow reads no environment variables.
func (f *Flow) Hint() string {
	if f.EnvID == "" {
		return ""
	}
	return f.CredentialOption() + "(" + f.HintArgs + "), WithTokenSource(src), or WithCredentialsFromEnv() with " + f.EnvID + " and " + f.EnvSecret + " set, to NewClient"
}

// onHost reports whether the host of u is one of hosts or a subdomain.
func onHost(u string, hosts []string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	host := strings.ToLower(p.Hostname())
	for _, h := range hosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}
