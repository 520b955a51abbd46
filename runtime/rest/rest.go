// Package rest is the request/response core shared by every client that
// sigen generates: it picks the credentials an operation needs, binds them
// to runtime/auth, sends the request and turns unexpected answers into
// *APIError values. Generated packages hold only what is specific to their
// API (types, parameters, bodies) and call into this package.
package rest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
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
	ClientCredentials SchemeKind = iota + 1 // OAuth2 client credentials (Signicat)
	Signet                                  // Signet generate/refresh tokens
	Bearer                                  // a static bearer token
	APIKey                                  // an API key in a header, query or cookie
	Basic                                   // HTTP basic
)

// Scheme is a security scheme as the spec declares it.
type Scheme struct {
	Name       string
	Kind       SchemeKind
	TokenURL   string // token endpoint; may be relative to the base URL
	RefreshURL string // Signet refresh endpoint
	Scopes     []string
	In         string // API key location: header, query or cookie
	ParamName  string // API key name
}

// Environment variables read by Config.FromEnv.
const (
	EnvSignicatClientID     = "SIGNICAT_CLIENT_ID"
	EnvSignicatClientSecret = "SIGNICAT_CLIENT_SECRET"
	EnvSignetAPIKey         = "SIGNET_API_KEY"
	EnvSignetAPISecret      = "SIGNET_API_SECRET"
)

// Credentials are what the user authenticates with. Secrets are
// auth.Secret values and never print.
type Credentials struct {
	ClientID        string
	ClientSecret    auth.Secret
	AuthStyle       auth.AuthStyle
	Scopes          []string // overrides the scheme's scopes when set
	SignetAPIKey    string
	SignetAPISecret auth.Secret
	BearerToken     auth.Secret
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
	// FromEnv fills missing credentials from the environment
	// (SIGNICAT_CLIENT_ID, SIGNICAT_CLIENT_SECRET, SIGNET_API_KEY,
	// SIGNET_API_SECRET).
	FromEnv bool
	// TokenURL overrides the token URL of every token scheme.
	TokenURL string
	// RefreshURL overrides the Signet refresh URL.
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
	Servers     []ServerTemplate
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

// ErrNoCredentials is returned when an operation needs credentials for
// which no option was given.
var ErrNoCredentials = errors.New("no credentials configured")

// New builds a Client from cfg.
func New(cfg Config) (*Client, error) {
	if cfg.UseServer {
		if cfg.ServerIndex < 0 || cfg.ServerIndex >= len(cfg.Servers) {
			return nil, fmt.Errorf("rest: server index %d out of range (the spec declares %d servers)", cfg.ServerIndex, len(cfg.Servers))
		}
		u, err := cfg.Servers[cfg.ServerIndex].Expand(cfg.ServerVars)
		if err != nil {
			return nil, fmt.Errorf("rest: %w", err)
		}
		cfg.BaseURL = u
	}
	if cfg.BaseURL == "" {
		return nil, errors.New("rest: no base URL: the spec declares no absolute server URL; set one with WithBaseURL")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("rest: base URL: %w", err)
	}
	if base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("rest: base URL %q is not absolute; set one with WithBaseURL", cfg.BaseURL)
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
	if cfg.FromEnv {
		fillFromEnv(&c.cfg.Credentials)
	}
	if err := c.buildSchemes(); err != nil {
		return nil, err
	}
	// The schemes hold the credentials now; keep no second copy.
	c.cfg.Credentials = Credentials{}
	if len(c.schemes) > 0 {
		// Refuse plain-HTTP API origins now, not at the first call.
		var all []auth.Scheme
		for _, name := range sortedKeys(c.schemes) {
			all = append(all, c.schemes[name])
		}
		if _, err := auth.NewTransport(auth.TransportConfig{
			Base: c.plain.Transport, Origins: c.origins, Schemes: all,
			AllowInsecureHTTP: cfg.Auth.AllowInsecureHTTP,
		}); err != nil {
			return nil, fmt.Errorf("rest: %w", err)
		}
	}
	return c, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

func fillFromEnv(cr *Credentials) {
	if cr.ClientID == "" {
		cr.ClientID = os.Getenv(EnvSignicatClientID)
	}
	if cr.ClientSecret == "" {
		cr.ClientSecret, _ = auth.SecretFromEnv(EnvSignicatClientSecret)
	}
	if cr.SignetAPIKey == "" {
		cr.SignetAPIKey = os.Getenv(EnvSignetAPIKey)
	}
	if cr.SignetAPISecret == "" {
		cr.SignetAPISecret, _ = auth.SecretFromEnv(EnvSignetAPISecret)
	}
}

// resolve makes a possibly relative token URL absolute against the base.
func (c *Client) resolve(ref string) (string, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", err
	}
	return c.base.ResolveReference(u).String(), nil
}

func (c *Client) buildSchemes() error {
	cr := c.cfg.Credentials
	opts := c.cfg.Auth
	if opts.HTTPClient == nil {
		opts.HTTPClient = c.cfg.HTTPClient
	}
	// One token source per (kind, token URL): schemes that share a flow
	// share a token.
	sources := map[string]*auth.Cache{}
	for _, s := range c.cfg.Schemes {
		var sch auth.Scheme
		switch s.Kind {
		case ClientCredentials:
			if cr.ClientID == "" || cr.ClientSecret == "" {
				continue
			}
			tokenURL := s.TokenURL
			if c.cfg.TokenURL != "" {
				tokenURL = c.cfg.TokenURL
			}
			tu, err := c.resolve(tokenURL)
			if err != nil {
				return fmt.Errorf("rest: scheme %s: token URL: %w", s.Name, err)
			}
			scopes := s.Scopes
			if len(cr.Scopes) > 0 {
				scopes = cr.Scopes
			}
			src, err := shared(sources, fmt.Sprintf("cc|%s|%s", tu, strings.Join(scopes, " ")), func() (*auth.Cache, error) {
				return auth.NewClientCredentials(auth.ClientCredentialsConfig{
					TokenURL: tu, ClientID: cr.ClientID, ClientSecret: cr.ClientSecret,
					Scopes: scopes, AuthStyle: cr.AuthStyle,
				}, opts)
			})
			if err != nil {
				return fmt.Errorf("rest: scheme %s: %w", s.Name, err)
			}
			sch = auth.Bearer(src)
		case Signet:
			if cr.SignetAPIKey == "" || cr.SignetAPISecret == "" {
				continue
			}
			gen, refresh := s.TokenURL, s.RefreshURL
			if c.cfg.TokenURL != "" {
				gen = c.cfg.TokenURL
			}
			if c.cfg.RefreshURL != "" {
				refresh = c.cfg.RefreshURL
			}
			gu, err := c.resolve(gen)
			if err != nil {
				return fmt.Errorf("rest: scheme %s: token URL: %w", s.Name, err)
			}
			var ru string
			if refresh != "" {
				// A refresh path of the spec follows an overridden token
				// URL's host; an explicit refresh URL is taken as it is.
				if strings.HasPrefix(refresh, "/") && c.cfg.TokenURL != "" && c.cfg.RefreshURL == "" {
					tu, _ := url.Parse(gu)
					ru = tu.Scheme + "://" + tu.Host + refresh
				} else if ru, err = c.resolve(refresh); err != nil {
					return fmt.Errorf("rest: scheme %s: refresh URL: %w", s.Name, err)
				}
			}
			src, err := shared(sources, "signet|"+gu, func() (*auth.Cache, error) {
				return auth.NewSignet(auth.SignetConfig{
					GenerateURL: gu, RefreshURL: ru, APIKey: cr.SignetAPIKey, APISecret: cr.SignetAPISecret,
				}, opts)
			})
			if err != nil {
				return fmt.Errorf("rest: scheme %s: %w", s.Name, err)
			}
			sch = auth.Bearer(src)
		case Bearer:
			if cr.BearerToken == "" {
				continue
			}
			sch = auth.StaticBearer(cr.BearerToken)
		case APIKey:
			v, ok := cr.APIKeys[s.Name]
			if !ok {
				v, ok = cr.APIKeys[""]
			}
			if !ok || v == "" {
				continue
			}
			in := auth.InHeader
			switch strings.ToLower(s.In) {
			case "query":
				in = auth.InQuery
			case "cookie":
				in = auth.InCookie
			}
			sch = auth.APIKey(in, s.ParamName, v)
		case Basic:
			if cr.BasicUser == "" && cr.BasicPassword == "" {
				continue
			}
			sch = auth.Basic(cr.BasicUser, cr.BasicPassword)
		default:
			continue
		}
		c.schemes[s.Name] = sch
	}
	return nil
}

// shared returns the token cache stored under key, making it with mk the
// first time, so that schemes sharing a flow share a token.
func shared(sources map[string]*auth.Cache, key string, mk func() (*auth.Cache, error)) (*auth.Cache, error) {
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
				return nil, fmt.Errorf("rest: %w", err)
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
	return nil, fmt.Errorf("%w: the operation needs credentials for %s", ErrNoCredentials, strings.Join(names, ", or "))
}

// Format prints "rest.Client{<base URL>}" for every verb: the client holds
// credentials and tokens, which must never print (R25).
func (c *Client) Format(f fmt.State, verb rune) { io.WriteString(f, c.String()) }

// String describes the client by its base URL.
func (c *Client) String() string { return "rest.Client{" + c.baseStr + "}" }

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

// CallOption changes one call.
type CallOption func(*callConfig)

type callConfig struct {
	url        string
	header     http.Header
	editors    []func(*http.Request) error
	respHeader *http.Header
}

// WithHeader adds a header to the request.
func WithHeader(key, value string) CallOption {
	return func(c *callConfig) {
		if c.header == nil {
			c.header = http.Header{}
		}
		c.header.Add(key, value)
	}
}

// WithURL sends the call to u instead of the URL built from its
// parameters; relative references resolve against the base URL. Iterators
// use it to follow "next" links.
func WithURL(u string) CallOption {
	return func(c *callConfig) { c.url = u }
}

// WithRequestEditor runs fn on the request just before it is sent.
func WithRequestEditor(fn func(*http.Request) error) CallOption {
	return func(c *callConfig) { c.editors = append(c.editors, fn) }
}

// WithResponseHeader stores the response's headers in *dst, so callers can
// read headers the spec declares.
func WithResponseHeader(dst *http.Header) CallOption {
	return func(c *callConfig) { c.respHeader = dst }
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
		o(&cc)
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
		return nil, fmt.Errorf("%s: %w", r.Operation, err)
	}
	if cc.respHeader != nil {
		*cc.respHeader = resp.Header.Clone()
	}
	return resp, nil
}
