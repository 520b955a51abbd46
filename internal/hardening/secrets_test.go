package hardening

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
	"github.com/sigen-dev/sigen/runtime/sigenimpl"
)

// TestScannerFindsEveryForm guards the scanner itself: each form of each
// secret, and the tokens, are found.
func TestScannerFindsEveryForm(t *testing.T) {
	sc := newScanner()
	for _, f := range append(secretForms(ccID, ccSecret), secretForms(sgKey, sgSecret)...) {
		if len(sc.hits("x"+f+"x")) == 0 {
			t.Errorf("scanner misses %q", f)
		}
	}
	for _, tok := range []string{"Bearer tok-12", `"rt-3"`} {
		if len(sc.hits(tok)) == 0 {
			t.Errorf("scanner misses %q", tok)
		}
	}
	if h := sc.hits(`{"status":401,"token_endpoint":"x","short-1":2}`); len(h) != 0 {
		t.Errorf("false positives: %q", h)
	}
}

// verbs are the fmt verbs every value is printed with.
var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t"}

// renderings returns v under each verb, as JSON and through slog's JSON and
// text handlers at debug level, keyed by how it was rendered.
func renderings(v any) map[string]string {
	out := map[string]string{}
	for _, verb := range verbs {
		out[verb] = fmt.Sprintf(verb, v)
	}
	if js, err := json.Marshal(v); err == nil {
		out["json"] = string(js)
	}
	var buf bytes.Buffer
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	slog.New(slog.NewJSONHandler(&buf, opts)).Debug("v", "v", v)
	slog.New(slog.NewTextHandler(&buf, opts)).Debug("v", "v", v)
	out["slog"] = buf.String()
	return out
}

const (
	// bugDeref: fmt prints a bad verb's operand again with %v at depth 0,
	// which dereferences the pointer fields of a struct and reaches
	// Secret values through unexported fields, where fmt cannot call
	// Secret's Format (reflect values read through unexported fields are
	// not Interface-able).
	bugDeref = "known bug: %s, %q and %t (verbs invalid for a pointer) of a generated Client, or of *auth.Cache, print " +
		"the structs behind its unexported pointer fields with the raw client secret, API secret or cached tokens " +
		"(fmt badVerb re-prints at depth 0; Secret.Format is not reachable through unexported fields)"
	// bugSchemes: the scheme types keep their Secret in an unexported
	// field, so fmt prints it raw under every verb.
	bugSchemes = "known bug: auth.StaticBearer, auth.APIKey and auth.Basic values, an auth.TransportConfig holding them " +
		"and *auth.Transport print the raw secret under %v and every other verb (scheme.go keeps it in an unexported " +
		"field of an unexported struct, where Secret.Format is never called)"
)

// TestSecretsInValues: the generated clients, the options they are built
// from (a sigenimpl.Config), the auth configs and the runtime's scheme and
// transport values print no secret and no token under any verb, JSON or
// slog (R25).
func TestSecretsInValues(t *testing.T) {
	sc := newScanner()
	ctx := context.Background()

	cc := newCC(t)
	if _, err := cc.call(ctx); err != nil {
		t.Fatal(err)
	}
	sg := newSG(t)
	if err := sg.call(ctx); err != nil {
		t.Fatal(err)
	}

	// What the options produce: a sigenimpl.Config with every credential.
	// Options are opaque, so it is filled here as they fill it; the Signet
	// credentials live in a flow closure, which prints as a pointer.
	cfg := sigenimpl.Config{Credentials: sigenimpl.Credentials{
		ClientID: ccID, ClientSecret: auth.Secret(ccSecret), AuthStyle: auth.ClientSecretPost,
		Flows: map[string]sigenimpl.TokenFlow{"signet": func(sigenimpl.FlowEnv) (auth.TokenSource, error) {
			return nil, errors.New(sgKey + sgSecret)
		}},
	}}
	cfg.Credentials.BearerToken = "tok-41"
	cfg.Credentials.APIKeys = map[string]auth.Secret{"": auth.Secret(sgSecret)}
	cfg.Credentials.BasicPassword = auth.Secret(ccSecret)

	cache, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{
		TokenURL: cc.tokens.TokenURL(), ClientID: ccID, ClientSecret: auth.Secret(ccSecret), Scopes: []string{"signicat-api"},
	}, auth.Options{HTTPClient: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cache.Token(ctx); err != nil {
		t.Fatal(err)
	}
	schemes := []auth.Scheme{auth.StaticBearer(auth.Secret(ccSecret)), auth.APIKey(auth.InHeader, "X-Api-Key", auth.Secret(sgSecret)),
		auth.Basic("user", auth.Secret(ccSecret)), auth.Bearer(cache)}
	// An idle base of its own: fmt reads what it prints, and a shared
	// transport is written by other tests' requests meanwhile.
	tcfg := auth.TransportConfig{Origins: []string{"https://api.example.com"}, Schemes: schemes, Base: &http.Transport{}}
	tr, err := auth.NewTransport(tcfg)
	if err != nil {
		t.Fatal(err)
	}
	tok := auth.Token{AccessToken: "tok-42", RefreshToken: "rt-42", TokenType: "Bearer", Expiry: epoch}

	deref := func(verb string) string {
		if verb == "%s" || verb == "%q" || verb == "%t" {
			return bugDeref
		}
		return ""
	}
	always := func(string) string { return bugSchemes }
	for _, v := range []struct {
		name string
		v    any
		bug  func(verb string) string
	}{
		{"*authentication.Client", cc.client, deref},
		{"authentication.Client", *cc.client, deref},
		{"*fraud.Client", sg.client, deref},
		{"fraud.Client", *sg.client, deref},
		{"sigenimpl.Config", cfg, nil},
		{"*sigenimpl.Config", &cfg, nil},
		{"sigenimpl.Credentials", cfg.Credentials, nil},
		{"auth.Options", cfg.Auth, nil},
		{"auth.ClientCredentialsConfig", auth.ClientCredentialsConfig{
			TokenURL: "https://api.signicat.com/auth/open/connect/token", ClientID: ccID,
			ClientSecret: auth.Secret(ccSecret), Scopes: []string{"signicat-api"}, EndpointParams: url.Values{"audience": {"x"}},
		}, nil},
		{"*auth.SignetConfig", &auth.SignetConfig{
			GenerateURL: "https://api.getsignet.xyz/dpop/v1/api/generate-token", APIKey: sgKey, APISecret: auth.Secret(sgSecret),
		}, nil},
		{"auth.Token", tok, nil},
		{"*auth.Token", &tok, nil},
		{"auth.Entry", auth.Entry{Token: tok}, nil},
		{"*auth.TokenError", &auth.TokenError{Endpoint: "token", StatusCode: 400, Code: "invalid_client"}, nil},
		{"*auth.Cache", cache, deref},
		{"auth.Bearer(cache)", auth.Bearer(cache), deref},
		{"auth.StaticBearer", schemes[0], always},
		{"auth.APIKey", schemes[1], always},
		{"auth.Basic", schemes[2], always},
		{"auth.TransportConfig", tcfg, always},
		{"*auth.Transport", tr, always},
	} {
		t.Run(v.name, func(t *testing.T) {
			var known []string
			bug := ""
			for how, out := range renderings(v.v) {
				h := sc.hits(out)
				if len(h) == 0 {
					continue
				}
				if v.bug != nil && v.bug(how) != "" && !knownBugs() {
					bug = v.bug(how)
					known = append(known, how)
					continue
				}
				t.Errorf("%s under %s leaks %q:\n%s", v.name, how, h, out)
			}
			if len(known) > 0 && !t.Failed() {
				sort.Strings(known)
				t.Skipf("%s (leaks under %s)", bug, strings.Join(known, " "))
			}
		})
	}
	sc.check(t, "debug logs", cc.logs.String()+sg.logs.String())
}

// TestSecretsEchoed: a token endpoint that echoes what it received, in
// every encoding, into its error fields. The errors the caller sees and the
// debug logs carry none of it (R25, R28).
func TestSecretsEchoed(t *testing.T) {
	sc := newScanner()
	b64 := base64.StdEncoding.EncodeToString
	formBasic := b64([]byte(url.QueryEscape(ccID) + ":" + url.QueryEscape(ccSecret)))
	const bugASCII = "known bug: an echoed secret JSON-escaped with \\u escapes for non-ASCII runes (as Python's json.dumps " +
		"or Jackson ESCAPE_NON_ASCII write it, embedded in an error text) is not scrubbed: endpoint.go secretForms " +
		"lacks that form"
	const bugPostB64 = "known bug: with client_secret_post, base64(id:secret) and the Basic header form are not in the " +
		"scrub list (clientcredentials.go adds them for client_secret_basic only), so an endpoint echoing them leaks the secret"
	ccEchoes := []struct {
		name, echo string
		bug        func(post bool) string
	}{
		{"raw", ccSecret, nil},
		{"form", "client_id=" + url.QueryEscape(ccID) + "&client_secret=" + url.QueryEscape(ccSecret) + "&grant_type=client_credentials", nil},
		{"basic header", "Basic " + formBasic, func(post bool) string { return map[bool]string{true: bugPostB64}[post] }},
		{"base64 id:secret", b64([]byte(ccID + ":" + ccSecret)), func(post bool) string { return map[bool]string{true: bugPostB64}[post] }},
		{"path-escaped", url.PathEscape(ccSecret), nil},
		{"json", strings.Trim(mustJSON(ccSecret), `"`), nil},
		{"json ascii-only", jsonASCII(ccSecret), func(bool) string { return bugASCII }},
		{"secret, padded", strings.Repeat("x", 100) + ccSecret + strings.Repeat("y", 100), nil},
	}
	for _, tc := range ccEchoes {
		for _, post := range []bool{false, true} {
			t.Run(fmt.Sprintf("signicat/%s/post=%v", tc.name, post), func(t *testing.T) {
				t.Parallel()
				e := newCC(t)
				if post {
					e.rebuild(t, authentication.WithClientSecretPost())
				}
				desc := mustJSON(tc.echo)
				e.tokens.Script(authtest.Failure{Status: 400,
					Body: `{"error":"invalid_client ` + strings.Trim(desc, `"`) + `","error_description":` + desc + `}`})
				_, err := e.call(context.Background())
				if err == nil {
					t.Fatal("want an error")
				}
				bug := ""
				if tc.bug != nil {
					bug = tc.bug(post)
				}
				checkKnown(t, sc, bug, "error", printErrChain(err)+e.logs.String())
			})
		}
	}
	sgEchoes := []struct{ name, echo, bug string }{
		{"raw", sgSecret, ""},
		{"json body", `{"apiKey":` + mustJSON(sgKey) + `,"apiSecret":` + mustJSON(sgSecret) + `}`, ""},
		{"json ascii-only", jsonASCII(sgSecret), bugASCII},
	}
	for _, tc := range sgEchoes {
		t.Run("signet/"+tc.name, func(t *testing.T) {
			t.Parallel()
			e := newSG(t)
			e.tokens.Script(authtest.Failure{Status: 401, Body: signetEcho(tc.echo)})
			err := e.call(context.Background())
			if err == nil {
				t.Fatal("want an error")
			}
			checkKnown(t, sc, tc.bug, "error", printErrChain(err)+e.logs.String())
		})
	}
	// A refresh-token failure echoing the refresh token: it is only logged
	// (the caller gets the generate-token result), so scan the log too.
	t.Run("signet/refresh token", func(t *testing.T) {
		t.Parallel()
		e := newSG(t)
		ctx := context.Background()
		if err := e.call(ctx); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(61 * time.Minute)
		e.tokens.Script(
			authtest.Failure{Status: 401, Body: signetEcho(`{"apiKey":` + mustJSON(sgKey) + `,"refreshToken":"rt-1"}`)},
			authtest.Failure{Status: 401, Body: signetEcho(sgSecret)},
		)
		err := e.call(ctx)
		if err == nil {
			t.Fatal("want an error")
		}
		checkKnown(t, sc, "", "error", printErrChain(err)+e.logs.String())
	})
}

// signetEcho is a Signet failure body echoing echo in every field.
func signetEcho(echo string) string {
	return `{"success":false,"message":` + mustJSON("bad: "+echo) + `,"errors":{"credentials":{"code":` + mustJSON(echo) +
		`,"reason":` + mustJSON(echo) + `}}}`
}

// printErrChain renders err and every error it wraps under several verbs.
func printErrChain(err error) string {
	var b strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		b.WriteString(printVerbs(e))
	}
	return b.String()
}

// checkKnown scans text; if it leaks and bug names a known bug, the test
// skips with it (or fails with HARDENING_KNOWN_BUGS set).
func checkKnown(t *testing.T, sc scanner, bug, what, text string) {
	t.Helper()
	h := sc.hits(text)
	switch {
	case len(h) == 0:
	case bug != "" && !knownBugs():
		t.Skipf("%s (leaked %q)", bug, h)
	default:
		t.Errorf("%s leaks %q:\n%s", what, h, text)
	}
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestSecretsHappyAndRefusedPaths: the debug log of successful calls,
// refusals with replays (R21), limiter denials (R23), refresh-ahead and
// Signet refreshes contains no secret and no token (R28).
func TestSecretsHappyAndRefusedPaths(t *testing.T) {
	sc := newScanner()
	ctx := context.Background()

	cc := newCC(t)
	for range 3 {
		if _, err := cc.call(ctx); err != nil {
			t.Fatal(err)
		}
	}
	cc.tokens.Revoke("tok-1")
	if _, err := cc.call(ctx); err != nil { // refused, invalidated, replayed
		t.Fatal(err)
	}
	// tok-2 worked, so its refusal replaces it at once; tok-3, revoked
	// too, fails the replay (R21: no third attempt).
	cc.tokens.Revoke("tok-2")
	cc.tokens.Revoke("tok-3")
	_, err := cc.call(ctx)
	if err == nil {
		t.Fatal("want the replay with the revoked tok-3 to fail")
	}
	sc.checkErr(t, "refusal error", err)
	// tok-3 never worked and was refused within 5 s of the last forced
	// refresh: returned as is (R23).
	if _, err = cc.call(ctx); err == nil {
		t.Fatal("want the refusal within the 5 s limiter window")
	}
	sc.checkErr(t, "refusal error", err)
	cc.clock.Advance(560 * time.Second) // soft window: refresh ahead
	cc.call(ctx)
	waitFor(t, func() bool { return cc.tokenReqs() == 4 })

	sg := newSG(t)
	if err := sg.call(ctx); err != nil {
		t.Fatal(err)
	}
	sg.clock.Advance(61 * time.Minute) // refresh with rt-1
	if err := sg.call(ctx); err != nil {
		t.Fatal(err)
	}
	sg.tokens.Revoke("tok-2")
	if err := sg.call(ctx); err != nil { // success:false refusal, replay
		t.Fatal(err)
	}
	logs := cc.logs.String() + sg.logs.String()
	for _, want := range []string{"auth: token refused; invalidated", "auth: token refused again; not refreshing",
		"auth: refreshing token ahead of expiry", "auth: token fetched"} {
		if !strings.Contains(logs, want) {
			t.Errorf("debug log lacks %q: the path was not exercised", want)
		}
	}
	sc.check(t, "debug log", logs)
}

// TestErrorTextTruncationKeepsNoSecretPrefix: error_description is cut to
// 256 bytes before secrets are cut out of it, so an echoed secret that
// straddles the 256th byte survives in part. No prefix of 8 or more bytes
// of the secret may reach the caller (R25).
func TestErrorTextTruncationKeepsNoSecretPrefix(t *testing.T) {
	const minPrefix = 8
	for k := minPrefix; k < len(ccSecret); k += 4 {
		t.Run(fmt.Sprintf("cut after %d bytes", k), func(t *testing.T) {
			t.Parallel()
			e := newCC(t)
			desc := strings.Repeat("x", 256-k) + ccSecret
			e.tokens.Script(authtest.Failure{Status: 400, Body: `{"error":"invalid_client","error_description":` + mustJSON(desc) + `}`})
			_, err := e.call(context.Background())
			if err == nil {
				t.Fatal("want an error")
			}
			text := printVerbs(err)
			for n := len(ccSecret); n >= minPrefix; n-- {
				if strings.Contains(text, ccSecret[:n]) {
					if knownBugs() {
						t.Errorf("error carries the first %d bytes of the client secret (%q): %v", n, ccSecret[:n], err)
					} else {
						t.Skipf("known bug: TokenError.Description keeps the first %d bytes of an echoed client secret "+
							"cut by the 256-byte limit (endpoint.go fillError sanitizes, then scrubs; set HARDENING_KNOWN_BUGS=1)", n)
					}
					return
				}
			}
		})
	}
}
