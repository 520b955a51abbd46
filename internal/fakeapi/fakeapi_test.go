package fakeapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

var epoch = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

// signicatToken gets a token from the fake Signicat endpoint by hand.
func signicatToken(t *testing.T, tokens *authtest.Signicat) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {"signicat-api"}, "client_id": {"id"}, "client_secret": {"secret"}}
	resp, err := http.PostForm(tokens.TokenURL(), form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: %v (status %d)", err, resp.StatusCode)
	}
	return tok.AccessToken
}

func signetToken(t *testing.T, tokens *authtest.Signet) string {
	t.Helper()
	resp, err := http.Post(tokens.GenerateURL(), "application/json", strings.NewReader(`{"apiKey":"k","apiSecret":"s"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Data struct {
			Credentials struct {
				AccessToken string `json:"accessToken"`
			} `json:"credentials"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || r.Data.Credentials.AccessToken == "" {
		t.Fatalf("token: %v (status %d)", err, resp.StatusCode)
	}
	return r.Data.Credentials.AccessToken
}

type call struct {
	method, path, ctype, body string
	status                    int
	want                      string // a substring of the answer
}

func do(t *testing.T, base, tok string, c call) string {
	t.Helper()
	req, err := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if c.ctype == "" && c.body != "" {
		c.ctype = "application/json"
	}
	if c.ctype != "" {
		req.Header.Set("Content-Type", c.ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != c.status || !strings.Contains(string(b), c.want) {
		t.Errorf("%s %s: %d %s\nwant %d containing %q", c.method, c.path, resp.StatusCode, b, c.status, c.want)
	}
	return string(b)
}

func TestRecordsRefusedRequests(t *testing.T) {
	tokens := authtest.NewSignicat(authtest.SignicatConfig{})
	defer tokens.Close()
	api := fakeapi.NewSignicatAuth(tokens)
	defer api.Close()
	do(t, api.URL, "", call{method: "GET", path: "/auth/rest/sessions/x", status: 401, want: `"code":"invalid_token"`})
	do(t, api.URL, signicatToken(t, tokens), call{method: "GET", path: "/auth/rest/sessions/x?a=b", status: 404, want: `"code":"not_found"`})
	reqs := api.Requests()
	if len(reqs) != 2 || reqs[0].Status != 401 || reqs[1].Status != 404 || reqs[1].RawQuery != "a=b" {
		t.Errorf("requests = %+v", reqs)
	}
	if api.Len() != 2 || len(api.Since(1)) != 1 || api.Last().Path != "/auth/rest/sessions/x" {
		t.Errorf("Len %d, Since(1) %d, Last %+v", api.Len(), len(api.Since(1)), api.Last())
	}
}

func TestSignicatAuth(t *testing.T) {
	clock := authtest.NewClock(epoch)
	tokens := authtest.NewSignicat(authtest.SignicatConfig{Clock: clock})
	defer tokens.Close()
	api := fakeapi.NewSignicatAuth(tokens, fakeapi.WithClock(clock))
	defer api.Close()
	tok := signicatToken(t, tokens)
	for _, c := range []call{
		{method: "POST", path: "/auth/rest/sessions", body: `{"flow":"popup"}`, status: 400, want: `"name":"flow"`},
		{method: "POST", path: "/auth/rest/sessions", body: `{"flow":"redirect"}`, status: 400, want: `"name":"callbackUrls"`},
		{method: "POST", path: "/auth/rest/sessions", body: `{"flow":"headless","requestedLoa":"max"}`, status: 400, want: `"name":"requestedLoa"`},
		{method: "POST", path: "/auth/rest/sessions", body: `{`, status: 400, want: `invalid_request_parameter`},
		{method: "POST", path: "/auth/rest/sessions?signicat-accountId=a-1", body: `{"flow":"redirect","callbackUrls":{"success":"https://x.test/ok?a=1","abort":"https://x.test/ab","error":"https://x.test/err"},"sessionLifetime":60,"tags":["t"]}`,
			status: 200, want: `"accountId":"a-1"`},
		{method: "GET", path: "/auth/rest/sessions/5e551000-0000-4000-8000-000000000001?sessionNonce=n1", status: 200, want: `"sessionNonce":"n1"`},
		{method: "POST", path: "/auth/rest/sessions/5e551000-0000-4000-8000-000000000001/cancel", status: 200, want: `"status":"CANCELLED"`},
		{method: "POST", path: "/auth/rest/sessions/5e551000-0000-4000-8000-000000000001/cancel", status: 400, want: `The session is CANCELLED.`},
		{method: "DELETE", path: "/auth/rest/sessions/x", status: 404, want: `"code":"not_found"`},
	} {
		do(t, api.URL, tok, c)
	}
	b := do(t, api.URL, tok, call{method: "GET", path: "/auth/rest/sessions/5e551000-0000-4000-8000-000000000001", status: 200})
	for _, want := range []string{`"success":"https://x.test/ok?a=1\u0026sessionId=5e551000-0000-4000-8000-000000000001"`, `"expiresAt":"2026-11-24T08:01:00.000Z"`, `"tags":["t"]`} {
		if !strings.Contains(b, want) {
			t.Errorf("session %s lacks %s", b, want)
		}
	}
	if api.Complete("nope", "nbid", nil) {
		t.Error("Complete of an unknown session reported true")
	}
}

func TestSignicatSign(t *testing.T) {
	tokens := authtest.NewSignicat(authtest.SignicatConfig{})
	defer tokens.Close()
	api := fakeapi.NewSignicatSign(tokens)
	defer api.Close()
	tok := signicatToken(t, tokens)
	for _, c := range []call{
		{method: "POST", path: "/sign/documents", ctype: "image/png", body: "x", status: 400, want: `unsupported media type`},
		{method: "POST", path: "/sign/documents", ctype: "application/pdf", body: "not a pdf", status: 400, want: `not a PDF`},
		{method: "POST", path: "/sign/documents", ctype: "text/plain", body: "", status: 400, want: `empty`},
		{method: "POST", path: "/sign/documents", ctype: "application/octet-stream", body: "plain words", status: 201, want: `"mimeType":"text/plain"`},
		{method: "PATCH", path: "/sign/documents/d0c00000-0000-4000-8000-000000000001/metadata", body: `{"mimeType":"x"}`, status: 400, want: `"name":"mimeType"`},
		{method: "PATCH", path: "/sign/documents/d0c00000-0000-4000-8000-000000000001/metadata", body: `{"title":3}`, status: 400, want: `"name":"title"`},
		{method: "POST", path: "/sign/document-collections", body: `{"documents":[]}`, status: 400, want: `"name":"documents"`},
		{method: "POST", path: "/sign/signing-sessions", body: `[]`, status: 400, want: `at least one`},
		{method: "POST", path: "/sign/signing-sessions", body: `[{"title":"t","signingSetup":[{}],"documents":[{"documentCollectionId":"x"}]}]`, status: 400, want: `"name":"[0].documents[0].documentCollectionId"`},
		{method: "GET", path: "/sign/signing-sessions?sort=title", status: 400, want: `"name":"sort"`},
		{method: "GET", path: "/sign/signing-sessions?limit=0", status: 400, want: `"name":"limit"`},
		{method: "GET", path: "/sign/signing-sessions", status: 200, want: `"total":0`},
		{method: "GET", path: "/sign/documents/nope", status: 404, want: `Document not found.`},
		{method: "PUT", path: "/sign/documents", status: 404, want: `Resource not found.`},
	} {
		do(t, api.URL, tok, c)
	}
	if api.Sign("nope") {
		t.Error("Sign of an unknown session reported true")
	}
}

func TestSignicatDEMQueries(t *testing.T) {
	clock := authtest.NewClock(epoch)
	tokens := authtest.NewSignicat(authtest.SignicatConfig{Clock: clock})
	defer tokens.Close()
	api := fakeapi.NewSignicatDEM(tokens, fakeapi.WithClock(clock))
	defer api.Close()
	tok := signicatToken(t, tokens)
	for i, typ := range []string{"LOG_IN", "SIGNATURE", "LOG_IN"} {
		do(t, api.URL, tok, call{method: "POST", path: "/dem/records", status: 201,
			body: fmt.Sprintf(`{"type":%q,"metadata":{"n":%d,"name":"user-%d"},"coreData":{},"ttl":30,"auditLevel":"SIMPLE"}`, typ, i+1, i+1)})
	}
	q := func(body, query string) string {
		t.Helper()
		b := do(t, api.URL, tok, call{method: "POST", path: "/dem/records/query" + query, body: body, status: 200})
		var page struct {
			Embedded struct {
				Records []struct {
					ID       string         `json:"id"`
					Metadata map[string]any `json:"metadata"`
				} `json:"records"`
			} `json:"_embedded"`
		}
		if err := json.Unmarshal([]byte(b), &page); err != nil {
			t.Fatal(err)
		}
		var ns []string
		for _, r := range page.Embedded.Records {
			ns = append(ns, fmt.Sprint(r.Metadata["n"]))
		}
		return strings.Join(ns, ",")
	}
	for _, tc := range []struct{ body, query, want string }{
		{`{}`, "", "1,2,3"},
		{`{"and":[{"field":"metadata.n","operator":"gt","value":1}]}`, "", "2,3"},
		{`{"and":[{"field":"metadata.n","operator":"lte","value":2},{"field":"systemMetadata.type","operator":"eq","value":"LOG_IN"}]}`, "", "1"},
		{`{"or":[{"field":"metadata.n","operator":"eq","value":1},{"field":"metadata.n","operator":"eq","value":3}]}`, "", "1,3"},
		{`{"and":[{"field":"metadata.name","operator":"regex","value":"^user-[23]$"}]}`, "", "2,3"},
		{`{"and":[{"field":"systemMetadata.type","operator":"nin","value":["SIGNATURE"]}]}`, "", "1,3"},
		{`{"and":[{"field":"metadata.missing","operator":"ne","value":1}]}`, "", "1,2,3"},
		{`{}`, "?sort=metadata.n,desc", "3,2,1"},
		{`{}`, "?sort=systemMetadata.type,asc&sort=metadata.n,desc", "3,1,2"},
		{`{}`, "?page=1&size=2", "3"},
	} {
		if got := q(tc.body, tc.query); got != tc.want {
			t.Errorf("query %s %s = %s, want %s", tc.body, tc.query, got, tc.want)
		}
	}
	for _, c := range []call{
		{method: "POST", path: "/dem/records/query", body: `{"and":[{"field":"a","operator":"like","value":1}]}`, status: 400, want: `unknown operator`},
		{method: "POST", path: "/dem/records/query", body: `{"and":[{"field":"a","operator":"in","value":1}]}`, status: 400, want: `needs an array`},
		{method: "POST", path: "/dem/records", body: `{"type":"X","ttl":1}`, status: 400, want: `"name":"coreData"`},
		{method: "POST", path: "/dem/records", body: `{"type":"OTHER","metadata":{},"coreData":{},"ttl":5,"relations":["nope"]}`, status: 400, want: `"name":"relations"`},
		{method: "PATCH", path: "/dem/records", body: `{"ttl":30}`, status: 400, want: `"name":"query"`},
		{method: "PATCH", path: "/dem/records/dec00000-0000-4000-8000-000000000001", body: `{"ttl":1}`, status: 400, want: `"name":"ttl"`},
		{method: "GET", path: "/dem/info/custom-fields/LOG_IN", status: 200, want: `["n","name"]`},
		{method: "GET", path: "/dem/info", status: 200, want: `"totalRecordsByType":{"LOG_IN":2,"SIGNATURE":1}`},
		{method: "GET", path: "/dem/records/dec00000-0000-4000-8000-000000000001", status: 200, want: `"timestampData":{"hash":`},
	} {
		do(t, api.URL, tok, c)
	}
	// .ping answers without a token; everything else needs one.
	do(t, api.URL, "", call{method: "GET", path: "/dem/.ping", status: 200, want: "OK"})
	do(t, api.URL, "", call{method: "GET", path: "/dem/info", status: 401, want: "invalid_token"})
}

func TestSignetFraud(t *testing.T) {
	tokens := authtest.NewSignet(authtest.SignetConfig{})
	defer tokens.Close()
	api := fakeapi.NewSignetFraud(tokens)
	defer api.Close()
	do(t, api.URL, "", call{method: "GET", path: "/fraud/v1/blacklist/users", status: 401, want: `"code":"missing_header"`})
	tok := signetToken(t, tokens)
	long := strings.Repeat("x", 501)
	for _, c := range []call{
		{method: "POST", path: "/fraud/v1/blacklist", body: `{}`, status: 400, want: `"userId":{"code":"required"`},
		{method: "POST", path: "/fraud/v1/blacklist", body: `{"userId":"u1","severity":"EXTREME"}`, status: 400, want: `"severity":{"code":"invalid_value"`},
		{method: "POST", path: "/fraud/v1/blacklist", body: `{"userId":"u1","note":"` + long + `"}`, status: 400, want: `"note":{"code":"too_long"`},
		{method: "POST", path: "/fraud/v1/blacklist", body: `{"userId":"u1","reason":"Suspicious activity"}`, status: 201, want: `"success":true`},
		{method: "POST", path: "/fraud/v1/blacklist", body: `{"userId":"u1"}`, status: 400, want: `already_blacklisted`},
		{method: "PATCH", path: "/fraud/v1/blacklist/u1", status: 200, want: `"reason":"Suspicious activity"`},
		{method: "GET", path: "/fraud/v1/blacklist/users?limit=0", status: 400, want: `"limit":{"code":"invalid_value"`},
		{method: "GET", path: "/fraud/v1/blacklist/users?offset=1", status: 200, want: `"data":[],"pagination":{"hasMore":false,"limit":20,"offset":1,"total":1}`},
		{method: "GET", path: "/fraud/v1/devices", status: 404, want: `"success":false`},
	} {
		do(t, api.URL, tok, c)
	}
}
