package authtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

func postForm(t *testing.T, u string, form url.Values, user, pass string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if user != "" {
		req.SetBasicAuth(url.QueryEscape(user), url.QueryEscape(pass))
	}
	return do(t, req)
}

func postJSON(t *testing.T, u string, body any) (int, map[string]any, http.Header) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, map[string]any, http.Header) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m, resp.Header
}

func TestSignicatWireFormat(t *testing.T) {
	clk := authtest.NewClock(time.Time{})
	s := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "id é", ClientSecret: "s:+%", Clock: clk})
	defer s.Close()
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {"signicat-api"}}

	code, m, h := postForm(t, s.TokenURL(), form, "id é", "s:+%")
	if code != 200 || m["access_token"] != "tok-1" || m["expires_in"] != 600.0 || m["token_type"] != "Bearer" || m["scope"] != "signicat-api" {
		t.Errorf("basic: %d %v", code, m)
	}
	if !strings.Contains(h.Get("Cache-Control"), "no-store") {
		t.Errorf("Cache-Control = %q", h.Get("Cache-Control"))
	}
	post := url.Values{"grant_type": {"client_credentials"}, "scope": {"signicat-api"}, "client_id": {"id é"}, "client_secret": {"s:+%"}}
	if code, m, _ := postForm(t, s.TokenURL(), post, "", ""); code != 200 || m["access_token"] != "tok-2" {
		t.Errorf("post: %d %v", code, m)
	}
	if code, m, _ := postForm(t, s.TokenURL(), form, "id é", "wrong"); code != 401 || m["error"] != "invalid_client" {
		t.Errorf("wrong secret: %d %v", code, m)
	}
	bad := url.Values{"grant_type": {"client_credentials"}, "scope": {"other"}}
	if code, m, _ := postForm(t, s.TokenURL(), bad, "id é", "s:+%"); code != 400 || m["error"] != "invalid_scope" {
		t.Errorf("wrong scope: %d %v", code, m)
	}
	if s.TokenRequests() != 4 {
		t.Errorf("TokenRequests() = %d, want 4", s.TokenRequests())
	}

	s.FailNext(1, 429, 2*time.Second)
	if code, m, h := postForm(t, s.TokenURL(), form, "id é", "s:+%"); code != 429 || h.Get("Retry-After") != "2" || m["error"] == nil {
		t.Errorf("FailNext: %d %v %v", code, h, m)
	}

	// Validity and the Authorize middleware.
	api := httptest.NewServer(s.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })))
	defer api.Close()
	get := func(tok string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, api.URL, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	if code, _ := get("tok-1"); code != 200 {
		t.Errorf("valid token: %d", code)
	}
	for _, tok := range []string{"", "tok-99"} {
		code, m := get(tok)
		if code != 401 || m["code"] != "invalid_token" || m["title"] == nil || m["type"] == nil || m["detail"] == nil {
			t.Errorf("token %q: %d %v", tok, code, m)
		}
	}
	s.Revoke("tok-1")
	if s.Valid("tok-1") {
		t.Error("revoked token valid")
	}
	clk.Advance(600 * time.Second)
	if s.Valid("tok-2") {
		t.Error("expired token valid")
	}
	if s.APIRequests() != 3 {
		t.Errorf("APIRequests() = %d, want 3", s.APIRequests())
	}
}

func TestSignetWireFormat(t *testing.T) {
	clk := authtest.NewClock(time.Time{})
	s := authtest.NewSignet(authtest.SignetConfig{APIKey: "k", APISecret: "s", Clock: clk})
	defer s.Close()
	code, m, h := postJSON(t, s.GenerateURL(), map[string]string{"apiKey": "k", "apiSecret": "s"})
	if code != 200 || m["success"] != true || m["message"] != "Access token generated successfully." {
		t.Fatalf("generate: %d %v", code, m)
	}
	data := m["data"].(map[string]any)
	cr := data["credentials"].(map[string]any)
	ex := data["expiration"].(map[string]any)
	us := data["usage"].(map[string]any)
	if cr["accessToken"] != "tok-1" || cr["refreshToken"] != "rt-1" || cr["tokenType"] != "Bearer" {
		t.Errorf("credentials = %v", cr)
	}
	if ex["expiresIn"] != "1h" || ex["refreshExpiresIn"] != "1d" || ex["expiresAt"] != "2026-01-01T01:00:00.000Z" {
		t.Errorf("expiration = %v", ex)
	}
	if us["format"] != "Bearer {accessToken}" || us["scope"] != "development" {
		t.Errorf("usage = %v", us)
	}
	if d, err := http.ParseTime(h.Get("Date")); err != nil || !d.Equal(clk.Now()) {
		t.Errorf("Date = %q, want the fake clock", h.Get("Date"))
	}

	// Refresh rotates; reuse is rejected.
	if code, m, _ := postJSON(t, s.RefreshURL(), map[string]string{"apiKey": "k", "refreshToken": "rt-1"}); code != 200 ||
		m["data"].(map[string]any)["credentials"].(map[string]any)["refreshToken"] != "rt-2" {
		t.Errorf("refresh: %d %v", code, m)
	}
	code, m, _ = postJSON(t, s.RefreshURL(), map[string]string{"apiKey": "k", "refreshToken": "rt-1"})
	if code != 401 || m["success"] != false {
		t.Errorf("reused refresh token: %d %v", code, m)
	}
	if code, _, _ := postJSON(t, s.GenerateURL(), map[string]string{"apiKey": "k", "apiSecret": "bad"}); code != 401 {
		t.Errorf("bad secret: %d", code)
	}
	if s.GenerateRequests() != 2 || s.RefreshRequests() != 2 || s.TokenRequests() != 4 {
		t.Errorf("counters: generate %d refresh %d total %d", s.GenerateRequests(), s.RefreshRequests(), s.TokenRequests())
	}

	api := httptest.NewServer(s.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
	defer api.Close()
	resp, err := http.Get(api.URL)
	if err != nil {
		t.Fatal(err)
	}
	var refusal struct {
		Success bool   `json:"success"`
		Message string `json:"message"`
		Errors  struct {
			Authorization struct{ Code, Reason string } `json:"authorization"`
		} `json:"errors"`
	}
	json.NewDecoder(resp.Body).Decode(&refusal)
	resp.Body.Close()
	if resp.StatusCode != 401 || refusal.Success || refusal.Message != "Authorization header missing or malformed" ||
		refusal.Errors.Authorization.Code != "missing_header" ||
		refusal.Errors.Authorization.Reason != "Authorization header is required and must use Bearer scheme" {
		t.Errorf("refusal: %d %+v", resp.StatusCode, refusal)
	}
}

func TestHangNext(t *testing.T) {
	s := authtest.NewSignicat(authtest.SignicatConfig{})
	s.HangNext(1)
	done := make(chan error)
	go func() {
		_, err := http.Post(s.TokenURL(), "application/x-www-form-urlencoded", strings.NewReader("grant_type=client_credentials"))
		done <- err
	}()
	select {
	case <-done:
		t.Fatal("hanging request answered")
	case <-time.After(50 * time.Millisecond):
	}
	s.Close()
	<-done
}

func TestClock(t *testing.T) {
	c := authtest.NewClock(time.Time{})
	var mu sync.Mutex
	var order []int
	var fired sync.WaitGroup
	for i, d := range []time.Duration{3, 1, 2} {
		fired.Add(1)
		c.AfterFunc(d*time.Second, func() { mu.Lock(); order = append(order, i); mu.Unlock(); fired.Done() })
	}
	stopped := c.NewTimer(time.Second)
	if !stopped.Stop() || stopped.Stop() {
		t.Error("Stop() results wrong")
	}
	if c.Timers() != 3 {
		t.Errorf("Timers() = %d, want 3", c.Timers())
	}
	c.Advance(3 * time.Second)
	if c.Timers() != 0 {
		t.Errorf("Timers() after Advance = %d, want 0", c.Timers())
	}
	fired.Wait() // each AfterFunc runs in its own goroutine
	if len(order) != 3 {
		t.Errorf("fired %d AfterFuncs, want 3", len(order))
	}
	select {
	case <-stopped.C():
		t.Error("stopped timer fired")
	default:
	}
	if got := authtest.FormatSignetDuration(90 * time.Minute); got != "90m" {
		t.Errorf("FormatSignetDuration(90m) = %q", got)
	}
}
