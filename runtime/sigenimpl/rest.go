package sigenimpl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/oas"
)

// SchemeKind is the runtime flow a security scheme binds to.
type SchemeKind int

// Scheme kinds.
const (
	ClientCredentials SchemeKind = iota + 1 // OAuth2 client credentials
	Flow                                    // a token flow generated code supplies in Credentials.Flows
	Bearer                                  // a bearer token the user supplies
	APIKey                                  // an API key in a header, query or cookie
	Basic                                   // HTTP basic
)

// Scheme is a security scheme as the spec declares it.
type Scheme struct {
	Name string
	Kind SchemeKind
	// Flow names, for Kind Flow, the entry of Credentials.Flows that makes
	// the scheme's tokens.
	Flow       string
	TokenURL   string // token endpoint; may be relative to the base URL
	RefreshURL string // refresh endpoint of flows that have one
	Scopes     []string
	In         string // API key location: header, query or cookie
	ParamName  string // API key name
	// Hint says how a user supplies the scheme's credentials (options and
	// environment variables), for the error of a call made without them;
	// empty means the option of its Kind.
	Hint string
}

// A TokenFlow makes the token source of a Flow scheme when the client is
// built. Generated code supplies one for each flow of a vendor it binds.
type TokenFlow func(FlowEnv) (auth.TokenSource, error)

// FlowEnv is what a TokenFlow gets from the client being built.
type FlowEnv struct {
	// TokenURL is the absolute token endpoint: the scheme's, or the
	// Config.TokenURL override, resolved against the base URL.
	TokenURL string
	// RefreshURL is the absolute refresh endpoint, or "". A refresh path of
	// the spec follows an overridden token URL's host.
	RefreshURL string
	// Scopes are the scheme's scopes, or Credentials.Scopes when set.
	Scopes []string
	// Auth holds the token runtime's settings.
	Auth auth.Options
}

// Credentials are what the user authenticates with. Secrets are
// auth.Secret values and never print.
type Credentials struct {
	ClientID     string
	ClientSecret auth.Secret
	AuthStyle    auth.AuthStyle
	Scopes       []string // overrides the scheme's scopes when set
	// TokenSource, when set, gives the tokens of every ClientCredentials,
	// Flow and Bearer scheme, in place of the flows and BearerToken.
	TokenSource auth.TokenSource
	// Flows make the token sources of Flow schemes, by Scheme.Flow.
	Flows       map[string]TokenFlow
	BearerToken auth.Secret
	// APIKeys holds API key values by scheme name; the key "" applies to
	// every API key scheme.
	APIKeys       map[string]auth.Secret
	BasicUser     string
	BasicPassword auth.Secret
}

// Config is what a generated client's options fill in.
type Config struct {
	// Operation-independent settings.
	BaseURL    string
	HTTPClient *http.Client
	UserAgent  string
	Header     http.Header // added to every request
	Retry      *oas.RetryPolicy

	// Security.
	Schemes     []Scheme
	Credentials Credentials
	// Fallbacks run in New after every option, in order, to fill what the
	// options left unset (such as credentials from the environment).
	Fallbacks []func(*Config) error
	// TokenURL overrides the token URL of every token scheme.
	TokenURL string
	// RefreshURL overrides the refresh URL of every flow that has one.
	RefreshURL string
	// Auth holds the token runtime's settings (logger, clock, store,
	// timeouts, insecure-HTTP opt-in). Its HTTPClient defaults to
	// Config.HTTPClient.
	Auth auth.Options
	// Origins lists further API origins credentials may be sent to, such
	// as operation-level servers.
	Origins []string

	// Servers are the spec's server templates; with UseServer set, the base
	// URL is Servers[ServerIndex] expanded with ServerVars.
	Servers     []oas.ServerTemplate
	ServerIndex int
	ServerVars  map[string]string
	UseServer   bool
}

// Client sends requests for a generated client.
type Client struct {
	base    *url.URL
	baseStr string
	cfg     Config
	plain   *http.Client // no credentials
	schemes map[string]auth.Scheme
	origins []string

	mu         sync.Mutex
	transports map[string]*http.Client
}

// New builds a Client from cfg.
func New(cfg Config) (*Client, error) {
	for _, f := range cfg.Fallbacks {
		if err := f(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.UseServer {
		if cfg.ServerIndex < 0 || cfg.ServerIndex >= len(cfg.Servers) {
			return nil, fmt.Errorf("client: server index %d out of range (the spec declares %d servers)", cfg.ServerIndex, len(cfg.Servers))
		}
		u, err := cfg.Servers[cfg.ServerIndex].Expand(cfg.ServerVars)
		if err != nil {
			return nil, fmt.Errorf("client: %w", err)
		}
		cfg.BaseURL = u
	}
	if cfg.BaseURL == "" {
		return nil, errors.New("client: no base URL: the spec declares no absolute server URL; set one with WithBaseURL")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("client: base URL: %w", err)
	}
	if base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("client: base URL %q is not absolute; set one with WithBaseURL", cfg.BaseURL)
	}
	c := &Client{
		base:       base,
		baseStr:    strings.TrimRight(cfg.BaseURL, "/"),
		cfg:        cfg,
		schemes:    map[string]auth.Scheme{},
		transports: map[string]*http.Client{},
	}
	c.origins = append([]string{origin(base)}, cfg.Origins...)
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	baseRT := hc.Transport
	if baseRT == nil {
		baseRT = http.DefaultTransport
	}
	if cfg.Retry != nil {
		baseRT = oas.NewRetryTransport(baseRT, *cfg.Retry)
	}
	plain := *hc
	plain.Transport = baseRT
	c.plain = &plain
	if err := c.buildSchemes(); err != nil {
		return nil, err
	}
	// The schemes hold the credentials now; keep no second copy.
	c.cfg.Credentials = Credentials{}
	if len(c.schemes) > 0 {
		// Refuse plain-HTTP API origins now, not at the first call.
		var all []auth.Scheme
		for _, name := range slices.Sorted(maps.Keys(c.schemes)) {
			all = append(all, c.schemes[name])
		}
		if !cfg.Auth.AllowInsecureHTTP {
			for i, o := range c.origins {
				if _, err := auth.NewTransport(auth.TransportConfig{Origins: []string{o}}); errors.Is(err, auth.ErrInsecureEndpoint) {
					if i == 0 {
						return nil, insecure("base URL", c.baseStr, "")
					}
					return nil, insecure("the spec's server URL", o, "")
				}
			}
		}
		if _, err := auth.NewTransport(auth.TransportConfig{
			Base: c.plain.Transport, Origins: c.origins, Schemes: all,
			AllowInsecureHTTP: cfg.Auth.AllowInsecureHTTP,
		}); err != nil {
			return nil, fmt.Errorf("client: %w", err)
		}
	}
	return c, nil
}

func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// resolve makes a possibly relative token URL absolute against the base.
func (c *Client) resolve(ref string) (string, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", err
	}
	return c.base.ResolveReference(u).String(), nil
}

// buildSchemes makes the auth.Scheme of every security scheme of the spec
// whose credentials are configured; a scheme without them is left out.
func (c *Client) buildSchemes() error {
	opts := c.cfg.Auth
	if opts.HTTPClient == nil {
		opts.HTTPClient = c.cfg.HTTPClient
	}
	// One token source per (flow, token URL): schemes that share a flow
	// share a token.
	sources := map[string]auth.TokenSource{}
	for _, s := range c.cfg.Schemes {
		sch, err := c.scheme(s, opts, sources)
		if err != nil {
			return err
		}
		if sch != nil {
			c.schemes[s.Name] = sch
		}
	}
	return nil
}

// scheme returns the auth.Scheme of s, or nil if its credentials are not
// configured.
func (c *Client) scheme(s Scheme, opts auth.Options, sources map[string]auth.TokenSource) (auth.Scheme, error) {
	cr := c.cfg.Credentials
	if cr.TokenSource != nil && (s.Kind == ClientCredentials || s.Kind == Flow || s.Kind == Bearer) {
		return auth.Bearer(cr.TokenSource), nil
	}
	switch s.Kind {
	case ClientCredentials:
		if cr.ClientID == "" || cr.ClientSecret == "" {
			return nil, nil
		}
		return c.clientCredentials(s, opts, sources)
	case Flow:
		if cr.Flows[s.Flow] == nil {
			return nil, nil
		}
		return c.flow(s, opts, sources)
	case Bearer:
		if cr.BearerToken == "" {
			return nil, nil
		}
		return auth.StaticBearer(cr.BearerToken), nil
	case APIKey:
		v, ok := cr.APIKeys[s.Name]
		if !ok {
			v, ok = cr.APIKeys[""]
		}
		if !ok || v == "" {
			return nil, nil
		}
		in := auth.InHeader
		switch strings.ToLower(s.In) {
		case "query":
			in = auth.InQuery
		case "cookie":
			in = auth.InCookie
		}
		return auth.APIKey(in, s.ParamName, v), nil
	case Basic:
		if cr.BasicUser == "" && cr.BasicPassword == "" {
			return nil, nil
		}
		return auth.Basic(cr.BasicUser, cr.BasicPassword), nil
	}
	return nil, nil
}

// scopes returns the scopes to ask for: the configured ones, else the
// scheme's.
func (c *Client) scopes(s Scheme) []string {
	if len(c.cfg.Credentials.Scopes) > 0 {
		return c.cfg.Credentials.Scopes
	}
	return s.Scopes
}

// clientCredentials returns the OAuth2 client-credentials scheme s.
func (c *Client) clientCredentials(s Scheme, opts auth.Options, sources map[string]auth.TokenSource) (auth.Scheme, error) {
	cr := c.cfg.Credentials
	tokenURL := s.TokenURL
	if c.cfg.TokenURL != "" {
		tokenURL = c.cfg.TokenURL
	}
	tu, err := c.resolve(tokenURL)
	if err != nil {
		return nil, fmt.Errorf("client: scheme %s: token URL: %w", s.Name, err)
	}
	scopes := c.scopes(s)
	src, err := shared(sources, fmt.Sprintf("cc|%s|%s", tu, strings.Join(scopes, " ")), func() (auth.TokenSource, error) {
		return auth.NewClientCredentials(auth.ClientCredentialsConfig{
			TokenURL: tu, ClientID: cr.ClientID, ClientSecret: cr.ClientSecret,
			Scopes: scopes, AuthStyle: cr.AuthStyle,
		}, opts)
	})
	if err != nil {
		return nil, c.tokenURLError(s.Name, "token URL", tokenURL, c.cfg.TokenURL != "", tu, err)
	}
	return auth.Bearer(src), nil
}

// flow returns the scheme of s, whose tokens a Flow of the generated code
// makes.
func (c *Client) flow(s Scheme, opts auth.Options, sources map[string]auth.TokenSource) (auth.Scheme, error) {
	flow := c.cfg.Credentials.Flows[s.Flow]
	gen, refresh := s.TokenURL, s.RefreshURL
	if c.cfg.TokenURL != "" {
		gen = c.cfg.TokenURL
	}
	if c.cfg.RefreshURL != "" {
		refresh = c.cfg.RefreshURL
	}
	gu, err := c.resolve(gen)
	if err != nil {
		return nil, fmt.Errorf("client: scheme %s: token URL: %w", s.Name, err)
	}
	var ru string
	if refresh != "" {
		// A refresh path of the spec follows an overridden token URL's
		// host; an explicit refresh URL is taken as it is.
		if strings.HasPrefix(refresh, "/") && c.cfg.TokenURL != "" && c.cfg.RefreshURL == "" {
			tu, _ := url.Parse(gu)
			ru = tu.Scheme + "://" + tu.Host + refresh
		} else if ru, err = c.resolve(refresh); err != nil {
			return nil, fmt.Errorf("client: scheme %s: refresh URL: %w", s.Name, err)
		}
	}
	scopes := c.scopes(s)
	src, err := shared(sources, fmt.Sprintf("flow|%s|%s|%s|%s", s.Flow, gu, ru, strings.Join(scopes, " ")), func() (auth.TokenSource, error) {
		return flow(FlowEnv{TokenURL: gu, RefreshURL: ru, Scopes: scopes, Auth: opts})
	})
	if err != nil {
		if errors.Is(err, auth.ErrInsecureEndpoint) && ru != "" && !strings.HasPrefix(strings.ToLower(gu), "http:") {
			return nil, c.tokenURLError(s.Name, "refresh URL", refresh, c.cfg.RefreshURL != "", ru, err)
		}
		return nil, c.tokenURLError(s.Name, "token URL", gen, c.cfg.TokenURL != "", gu, err)
	}
	return auth.Bearer(src), nil
}

// shared returns the token source stored under key, making it with mk the
// first time, so that schemes sharing a flow share a token.
func shared(sources map[string]auth.TokenSource, key string, mk func() (auth.TokenSource, error)) (auth.TokenSource, error) {
	if c, ok := sources[key]; ok {
		return c, nil
	}
	c, err := mk()
	if err != nil {
		return nil, err
	}
	sources[key] = c
	return c, nil
}

// httpClient returns the client that applies the first alternative of sec
// whose credentials are all configured.
func (c *Client) httpClient(sec [][]string) (*http.Client, error) {
	if len(sec) == 0 {
		return c.plain, nil
	}
	for _, alt := range sec {
		if len(alt) == 0 {
			return c.plain, nil
		}
		ok := true
		for _, name := range alt {
			if c.schemes[name] == nil {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		key := strings.Join(alt, "\x00")
		c.mu.Lock()
		hc, ok := c.transports[key]
		if !ok {
			var schemes []auth.Scheme
			for _, name := range alt {
				schemes = append(schemes, c.schemes[name])
			}
			rt, err := auth.NewTransport(auth.TransportConfig{
				Base:              c.plain.Transport,
				Origins:           c.origins,
				Schemes:           schemes,
				AllowInsecureHTTP: c.cfg.Auth.AllowInsecureHTTP,
				Logger:            c.cfg.Auth.Logger,
			})
			if err != nil {
				c.mu.Unlock()
				return nil, fmt.Errorf("client: %w", err)
			}
			cp := *c.plain
			cp.Transport = rt
			hc = &cp
			c.transports[key] = hc
		}
		c.mu.Unlock()
		return hc, nil
	}
	var names []string
	for _, alt := range sec {
		names = append(names, strings.Join(alt, " and "))
	}
	sort.Strings(names)
	return nil, fmt.Errorf("%w: the operation needs credentials for %s%s", auth.ErrNoCredentials, strings.Join(names, ", or "), c.credentialHint(sec))
}

// credentialHint tells which options (and environment variables) supply
// the credentials of the schemes in sec: a scheme's Hint when generated code
// gave one, else the option of its kind.
func (c *Client) credentialHint(sec [][]string) string {
	byName := map[string]Scheme{}
	for _, s := range c.cfg.Schemes {
		byName[s.Name] = s
	}
	var hints []string
	seen := map[string]bool{}
	for _, alt := range sec {
		for _, name := range alt {
			s := byName[name]
			h := s.Hint
			if h == "" {
				h = kindHint[s.Kind]
			}
			if h == "" || seen[h] {
				continue
			}
			seen[h] = true
			hints = append(hints, h)
		}
	}
	if len(hints) == 0 {
		return ""
	}
	return "; pass " + strings.Join(hints, "; or ")
}

// kindHint names the option that supplies the credentials of each scheme
// kind, for schemes whose generated code gives no Hint.
var kindHint = map[SchemeKind]string{
	ClientCredentials: "WithClientCredentials(id, secret) or WithTokenSource(src) to NewClient",
	Flow:              "WithTokenSource(src) to NewClient",
	Bearer:            "WithBearerToken(token) to NewClient",
	APIKey:            "WithAPIKey(key) or WithSchemeAPIKey(scheme, key) to NewClient",
	Basic:             "WithBasicAuth(user, password) to NewClient",
}

// EnvError is the error of WithCredentialsFromEnv when, after reading the
// environment, no token scheme has its credentials: missing names the
// variables that are not set.
func EnvError(missing []string) error {
	verb, noun := "is", "variable"
	if len(missing) != 1 {
		verb, noun = "are", "variables"
	}
	return fmt.Errorf("WithCredentialsFromEnv: %w: the environment %s %s %s not set (or empty)",
		auth.ErrNoCredentials, noun, strings.Join(missing, " and "), verb)
}

// insecure is the error for a plain-http URL the user can change: what
// names it ("base URL", "token URL"), set says how it was set.
func insecure(what, u, set string) error {
	if r, err := url.Parse(u); err == nil {
		u = r.Redacted()
	}
	return fmt.Errorf("client: %s %q%s: %w: credentials are sent only over https (or to loopback hosts); use an https:// URL, or WithAllowInsecureHTTP() for a test server or a trusted network",
		what, u, set, auth.ErrInsecureEndpoint)
}

// tokenURLError describes err, from building scheme's token source; for
// a plain-http endpoint it names the URL the user set: ref, as given by
// WithTokenURL (byOption) or the spec, or the base URL it was resolved
// against.
func (c *Client) tokenURLError(scheme, what, ref string, byOption bool, resolved string, err error) error {
	if !errors.Is(err, auth.ErrInsecureEndpoint) {
		return fmt.Errorf("client: scheme %s: %w", scheme, err)
	}
	if u, perr := url.Parse(ref); perr == nil && !u.IsAbs() {
		return insecure("base URL", c.baseStr, fmt.Sprintf(" (the %s of scheme %s, %q, resolves against it)", what, scheme, resolved))
	}
	if byOption {
		opt := "WithTokenURL"
		if what == "refresh URL" {
			opt = "WithRefreshURL"
		}
		return insecure(what, ref, " (set with "+opt+")")
	}
	return insecure(what, ref, fmt.Sprintf(" (the spec's, for scheme %s; override it with WithTokenURL)", scheme))
}

// tokenFailure reports whether err says that no token could be obtained.
func tokenFailure(err error) bool {
	var te *auth.TokenError
	return errors.As(err, &te) || errors.Is(err, auth.ErrTokenUnavailable) || errors.Is(err, auth.ErrTokenFetchTimeout)
}

// Format prints "sigenimpl.Client{<base URL>}" for every verb: the client holds
// credentials and tokens, which must never print.
func (c *Client) Format(f fmt.State, verb rune) { io.WriteString(f, c.String()) }

// String describes the client by its base URL.
func (c *Client) String() string { return "sigenimpl.Client{" + c.baseStr + "}" }

// GoString is String.
func (c *Client) GoString() string { return c.String() }

// BaseURL returns the base URL requests are sent to.
func (c *Client) BaseURL() string { return c.baseStr }

// Request is one call, as generated code prepares it.
type Request struct {
	Operation string // operationId, for errors
	Method    string
	Path      string // path with parameters substituted and escaped
	Query     string // encoded query string, without '?'
	Header    http.Header
	Cookies   []string // "name=value" pairs
	// Body is a buffered body: replayable after a refused token.
	Body []byte
	// Stream is a streamed body (binary uploads); it is not buffered, so a
	// request refused for its token cannot be replayed.
	Stream      io.Reader
	ContentType string
	Accept      string
	// Security lists the alternatives of scheme names, each applied
	// together; nil or NoAuth sends no credentials.
	Security [][]string
	NoAuth   bool
	// Server overrides the base URL (operation-level servers).
	Server string
}

// CallOption changes one call. Only the functions of this package make
// one; the zero CallOption changes nothing.
type CallOption struct{ apply func(*callConfig) }

type callConfig struct {
	url        string
	header     http.Header
	editors    []func(*http.Request) error
	respHeader *http.Header
}

// WithHeader adds a header to the request.
func WithHeader(key, value string) CallOption {
	return CallOption{func(c *callConfig) {
		if c.header == nil {
			c.header = http.Header{}
		}
		c.header.Add(key, value)
	}}
}

// WithURL sends the call to u instead of the URL built from its
// parameters; relative references resolve against the base URL. Iterators
// use it to follow "next" links.
func WithURL(u string) CallOption {
	return CallOption{func(c *callConfig) { c.url = u }}
}

// WithRequestEditor runs fn on the request just before it is sent.
func WithRequestEditor(fn func(*http.Request) error) CallOption {
	return CallOption{func(c *callConfig) { c.editors = append(c.editors, fn) }}
}

// WithResponseHeader stores the response's headers in *dst, so callers can
// read headers the spec declares.
func WithResponseHeader(dst *http.Header) CallOption {
	return CallOption{func(c *callConfig) { c.respHeader = dst }}
}

// singleValue are the request headers sent at most once: when a layer
// gives several values, the last one is sent.
var singleValue = map[string]bool{
	"Accept": true, "Authorization": true, "Content-Type": true, "Content-Length": true,
	"Cookie": true, "Host": true, "Idempotency-Key": true, "User-Agent": true,
}

// overlayHeader sets in dst every header name of src, replacing the values
// dst has for it (client defaults give way to more specific layers). A
// single-value header keeps only its last value; Cookie values are joined
// into one line.
func overlayHeader(dst, src http.Header) {
	for k, vs := range src {
		if len(vs) == 0 {
			continue
		}
		k = http.CanonicalHeaderKey(k)
		switch {
		case k == "Cookie":
			dst[k] = []string{strings.Join(vs, "; ")}
		case singleValue[k]:
			dst[k] = []string{vs[len(vs)-1]}
		default:
			dst[k] = append([]string(nil), vs...)
		}
	}
}

// Do sends r and returns the response, whatever its status. The caller
// closes the body.
func (c *Client) Do(ctx context.Context, r *Request, opts []CallOption) (*http.Response, error) {
	var cc callConfig
	for _, o := range opts {
		if o.apply != nil {
			o.apply(&cc)
		}
	}
	var hc *http.Client
	var err error
	if r.NoAuth {
		hc = c.plain
	} else if hc, err = c.httpClient(r.Security); err != nil {
		return nil, fmt.Errorf("%s: %w", r.Operation, err)
	}
	base := c.baseStr
	if r.Server != "" {
		base = strings.TrimRight(r.Server, "/")
	}
	target := base + r.Path
	if r.Query != "" {
		target += "?" + r.Query
	}
	if cc.url != "" {
		// A next link is relative to the page it came from, which is this
		// operation's URL.
		u, err := url.Parse(cc.url)
		if err != nil {
			return nil, fmt.Errorf("%s: next URL: %w", r.Operation, err)
		}
		page, err := url.Parse(target)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.Operation, err)
		}
		target = page.ResolveReference(u).String()
	}
	var body io.Reader
	if r.Stream != nil {
		body = r.Stream
	} else if r.Body != nil {
		// A *bytes.Reader makes net/http set GetBody (so the request can be
		// replayed after a refused token) without copying the bytes.
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, target, body)
	if err != nil {
		return nil, fmt.Errorf("%s: build request: %w", r.Operation, err)
	}
	// Layers, each replacing the names it sets in the ones before it: the
	// client's headers, the operation's header parameters, the generated
	// Content-Type, Accept and User-Agent, then the call's own headers.
	overlayHeader(req.Header, c.cfg.Header)
	overlayHeader(req.Header, r.Header)
	if r.ContentType != "" {
		req.Header.Set("Content-Type", r.ContentType)
	}
	if r.Accept != "" && req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", r.Accept)
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if len(r.Cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(r.Cookies, "; "))
	}
	cookie := req.Header.Get("Cookie")
	overlayHeader(req.Header, cc.header)
	if extra := cc.header.Values("Cookie"); cookie != "" && len(extra) > 0 {
		// One Cookie line: the call's cookies join the parameters' ones.
		req.Header.Set("Cookie", cookie+"; "+strings.Join(extra, "; "))
	}
	for _, ed := range cc.editors {
		if err := ed(req); err != nil {
			return nil, fmt.Errorf("%s: request editor: %w", r.Operation, err)
		}
	}
	resp, err := hc.Do(req)
	if err != nil {
		// A token that could not be obtained is not a failure of the API
		// request: name the token endpoint (the error does), not the API URL.
		var ue *url.Error
		if errors.As(err, &ue) && tokenFailure(ue.Err) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%s: %w", r.Operation, err)
	}
	if cc.respHeader != nil {
		*cc.respHeader = resp.Header.Clone()
	}
	return resp, nil
}
