package operations_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generator/golden/operations"
)

// recorder is an API fake: it records each request and answers with the
// next scripted response.
type recorder struct {
	mu    sync.Mutex
	reqs  []*http.Request
	body  [][]byte
	reply func(w http.ResponseWriter, r *http.Request)
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, r)
	rec.body = append(rec.body, b)
	reply := rec.reply
	rec.mu.Unlock()
	if reply != nil {
		reply(w, r)
	}
}

func (rec *recorder) last(t *testing.T) (*http.Request, string) {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) == 0 {
		t.Fatal("no request reached the server")
	}
	return rec.reqs[len(rec.reqs)-1], string(rec.body[len(rec.body)-1])
}

func setup(t *testing.T, opts ...operations.Option) (*operations.Client, *recorder, string) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	opts = append([]operations.Option{operations.WithBaseURL(srv.URL + "/v2"), operations.WithBearerToken("tok")}, opts...)
	c, err := operations.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, rec, srv.URL
}

func json200(body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Rate-Limit", "99")
		io.WriteString(w, body)
	}
}

func TestGetItemParameters(t *testing.T) {
	c, rec, _ := setup(t)
	rec.reply = json200(`{"id":"a/b","name":"n","price":1.5}`)
	session := "s1"
	var hdr http.Header
	item, err := c.GetItem(context.Background(), "a/b c", &operations.GetItemParams{
		XTrace: "t-1", Fields: []string{"id", "name"}, Session: &session,
	}, operations.WithResponseHeader(&hdr), operations.WithRequestHeader("X-Extra", "1"))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := rec.last(t)
	if r.Method != "GET" || r.URL.EscapedPath() != "/v2/items/a%2Fb%20c" {
		t.Errorf("request = %s %s, want GET /v2/items/a%%2Fb%%20c", r.Method, r.URL.EscapedPath())
	}
	if r.URL.RawQuery != "fields=id,name" {
		t.Errorf("query = %q, want fields=id,name (form, explode=false)", r.URL.RawQuery)
	}
	for k, want := range map[string]string{"X-Trace": "t-1", "Cookie": "session=s1", "Authorization": "Bearer tok", "Accept": "application/json, application/problem+json", "X-Extra": "1"} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "sigen") || !strings.Contains(ua, "2.1") {
		t.Errorf("User-Agent = %q, want sigen and the API version", ua)
	}
	if item.ID != "a/b" || item.Price == nil || *item.Price != 1.5 {
		t.Errorf("item = %+v", item)
	}
	if hdr.Get("X-Rate-Limit") != "99" {
		t.Errorf("response header not exposed: %v", hdr)
	}
}

func TestStyles(t *testing.T) {
	c, rec, _ := setup(t)
	rec.reply = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "plain text")
	}
	r, g := int64(100), int64(200)
	color, size := "red", int64(3)
	q := "a/b?c"
	a := int64(1)
	since := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	out, err := c.Styles(context.Background(), []string{"x", "y"}, operations.StylesMatrix{R: &r, G: &g}, &operations.StylesParams{
		IDs: []int64{1, 2}, Words: []string{"a", "b"}, Filter: &operations.StylesFilter{Color: &color, Size: &size},
		Q: &q, JSON: &operations.StylesJSON{A: &a}, Since: &since,
	})
	if err != nil {
		t.Fatal(err)
	}
	if out != "plain text" {
		t.Errorf("text result = %q", out)
	}
	req, _ := rec.last(t)
	if got, want := req.URL.EscapedPath(), "/v2/styles/.x.y/;matrix=g,200,r,100"; got != want {
		t.Errorf("path = %s, want %s", got, want)
	}
	want := "filter%5Bcolor%5D=red&filter%5Bsize%5D=3&ids=1%7C2&json=%7B%22a%22%3A1%7D&q=a/b?c&since=2026-11-24T08%3A00%3A00Z&words=a%20b"
	if req.URL.RawQuery != want {
		t.Errorf("query =\n %s\nwant\n %s", req.URL.RawQuery, want)
	}
}

func TestSecurityAlternatives(t *testing.T) {
	// styles accepts bearerAuth OR apiKey: with only an API key, that is used.
	rec := &recorder{reply: func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "") }}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, err := operations.NewClient(operations.WithBaseURL(srv.URL), operations.WithAPIKey("k-1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Styles(context.Background(), []string{"x"}, operations.StylesMatrix{}, nil); err != nil {
		t.Fatal(err)
	}
	r, _ := rec.last(t)
	if r.Header.Get("X-API-Key") != "k-1" || r.Header.Get("Authorization") != "" {
		t.Errorf("headers = %v, want only X-API-Key", r.Header)
	}
	// getItem needs bearerAuth, which is not configured.
	_, err = c.GetItem(context.Background(), "x", nil)
	if err == nil || !strings.Contains(err.Error(), "bearerAuth") {
		t.Errorf("err = %v, want an error naming bearerAuth", err)
	}
}

func TestNoSecurityAndRanges(t *testing.T) {
	c, rec, _ := setup(t)
	rec.reply = func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusAccepted) }
	if err := c.DeleteItem(context.Background(), "1", nil); err != nil {
		t.Fatalf("2XX response: %v", err)
	}
	r, _ := rec.last(t)
	if r.Method != "DELETE" || r.Header.Get("Authorization") != "" {
		t.Errorf("security: [] sent %q", r.Header.Get("Authorization"))
	}
}

func TestBodies(t *testing.T) {
	c, rec, _ := setup(t)
	// JSON, with two response types chosen by status.
	rec.reply = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":"new"}`)
	}
	res, err := c.ReplaceItem(context.Background(), "1", nil, operations.Item{ID: "1", Name: "n"})
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 201 || res.Status201 == nil || res.Status201.ID != "new" || res.Status200 != nil {
		t.Errorf("multi result = %+v", res)
	}
	r, body := rec.last(t)
	if r.Method != "PUT" || r.Header.Get("Content-Type") != "application/json" || body != `{"id":"1","name":"n"}` {
		t.Errorf("JSON body: %s %s %q", r.Method, r.Header.Get("Content-Type"), body)
	}
	// Form.
	n := int64(2)
	if _, err := c.ReplaceItemWithForm(context.Background(), "1", nil, operations.ItemForm{Name: "a b", Tags: []string{"x", "y"}, Count: &n}); err != nil {
		t.Fatal(err)
	}
	r, body = rec.last(t)
	if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || body != "count=2&name=a%20b&tags=x&tags=y" {
		t.Errorf("form body: %q %q", r.Header.Get("Content-Type"), body)
	}
	// merge-patch+json, optional body.
	rec.reply = func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }
	if err := c.PatchItem(context.Background(), "1", nil, &operations.ItemPatch{}); err != nil {
		t.Fatal(err)
	}
	r, body = rec.last(t)
	if r.Method != "PATCH" || r.Header.Get("Content-Type") != "application/merge-patch+json" || body != `{}` {
		t.Errorf("merge patch: %s %q %q", r.Method, r.Header.Get("Content-Type"), body)
	}
	if err := c.PatchItem(context.Background(), "1", nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, body = rec.last(t); body != "" {
		t.Errorf("nil optional body sent %q", body)
	}
}

func TestUploads(t *testing.T) {
	c, rec, base := setup(t, operations.WithAPIKey("k"))
	rec.reply = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":"f1"}`)
	}
	// uploadFile has an operation-level server; point it at the fake.
	c2, err := operations.NewClient(operations.WithBaseURL(base+"/v2"), operations.WithBearerToken("tok"), operations.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	_ = c
	desc := "quarterly"
	owner := "ada"
	pdf := bytes.Repeat([]byte("%PDF-1.7 "), 1000)
	_, err = c2.UploadFile(context.Background(), operations.UploadFileRequest{File: bytes.NewReader(pdf), Description: &desc, Meta: &operations.Meta{Owner: &owner}},
		operations.WithRequestEditor(func(r *http.Request) error {
			// The spec sends uploads to https://upload.example.com; redirect to the fake.
			r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(base, "http://")
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	r, body := rec.last(t)
	if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("X-API-Key") != "k" {
		t.Errorf("AND requirement: Authorization=%q X-API-Key=%q", r.Header.Get("Authorization"), r.Header.Get("X-API-Key"))
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("content type %q: %v", r.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(strings.NewReader(body), params["boundary"])
	got := map[string]string{}
	types := map[string]string{}
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		b, _ := io.ReadAll(p)
		got[p.FormName()] = string(b)
		types[p.FormName()] = p.Header.Get("Content-Type")
	}
	if got["file"] != string(pdf) || types["file"] != "application/pdf" {
		t.Errorf("file part: %d bytes, type %q", len(got["file"]), types["file"])
	}
	if got["description"] != "quarterly" || got["meta"] != `{"owner":"ada"}` || types["meta"] != "application/json" {
		t.Errorf("parts = %v types = %v", got, types)
	}
	// Binary body, streamed.
	if _, err := c2.UploadFileWithBody(context.Background(), strings.NewReader("raw bytes"), operations.WithRequestEditor(func(r *http.Request) error {
		r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(base, "http://")
		return nil
	})); err != nil {
		t.Fatal(err)
	}
	r, body = rec.last(t)
	if r.Header.Get("Content-Type") != "application/octet-stream" || body != "raw bytes" {
		t.Errorf("binary body: %q %q", r.Header.Get("Content-Type"), body)
	}
}

func TestDownloadStream(t *testing.T) {
	c, rec, _ := setup(t)
	rec.reply = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		io.WriteString(w, "%PDF-1.7 bytes")
	}
	rc, err := c.DownloadFile(context.Background(), 42)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	if string(b) != "%PDF-1.7 bytes" {
		t.Errorf("download = %q", b)
	}
	if r, _ := rec.last(t); r.URL.Path != "/v2/files/42/content" {
		t.Errorf("path = %s", r.URL.Path)
	}
}

func TestErrors(t *testing.T) {
	c, rec, _ := setup(t)
	rec.reply = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"type":"https://example.com/not-found","title":"Not found","status":404,"detail":"no item 7","instance":"/items/7"}`)
	}
	_, err := c.GetItem(context.Background(), "7", &operations.GetItemParams{XTrace: "x"})
	var apiErr *operations.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %T %v", err, err)
	}
	if apiErr.StatusCode != 404 || apiErr.Problem == nil || apiErr.Problem.Detail != "no item 7" {
		t.Errorf("problem = %+v", apiErr.Problem)
	}
	if p, ok := apiErr.Model.(*operations.Problem); !ok || p.Title == nil || *p.Title != "Not found" {
		t.Errorf("model = %#v", apiErr.Model)
	}
	if !strings.Contains(err.Error(), "Not found") {
		t.Errorf("Error() = %q", err)
	}
	// default: the declared error model.
	rec.reply = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, `{"code":"teapot","message":"short and stout"}`)
	}
	_, err = c.GetItem(context.Background(), "7", nil)
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 418 {
		t.Fatalf("err = %v", err)
	}
	if m, ok := apiErr.Model.(*operations.Error); !ok || *m.Code != "teapot" {
		t.Errorf("default model = %#v", apiErr.Model)
	}
	// An undeclared content type on a success status keeps status, headers and a snippet.
	rec.reply = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html>"+strings.Repeat("x", 10000))
	}
	_, err = c.GetItem(context.Background(), "7", nil)
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 200 || !strings.Contains(apiErr.Reason, "text/html") || len(apiErr.Body) != 4096 || apiErr.Header.Get("Content-Type") != "text/html" {
		t.Errorf("undeclared content type: %v (body %d bytes)", err, len(apiErr.Body))
	}
}

func TestPagination(t *testing.T) {
	c, rec, base := setup(t)
	rec.reply = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("offset") {
		case "":
			io.WriteString(w, `{"data":[{"id":"1","name":"a"},{"id":"2","name":"b"}],"links":{"next":"`+base+`/v2/items?offset=2"}}`)
		case "2":
			io.WriteString(w, `{"data":[{"id":"3","name":"c"}],"links":{"next":"/v2/items?offset=3"}}`)
		default:
			io.WriteString(w, `{"data":[],"links":{}}`)
		}
	}
	var ids []string
	for it, err := range c.ListItemsAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, it.ID)
	}
	if strings.Join(ids, ",") != "1,2,3" {
		t.Errorf("items = %v", ids)
	}
	// Stopping early makes no further request.
	before := len(rec.reqs)
	for range c.ListItemsAll(context.Background(), nil) {
		break
	}
	if n := len(rec.reqs) - before; n != 1 {
		t.Errorf("early break made %d requests, want 1", n)
	}
}

func TestServers(t *testing.T) {
	if operations.DefaultServerURL != "https://eu.api.example.com/v2" {
		t.Errorf("DefaultServerURL = %q", operations.DefaultServerURL)
	}
	if _, err := operations.NewClient(operations.WithServer(0, map[string]string{"region": "mars"})); err == nil {
		t.Errorf("a value outside the enum was accepted")
	}
	if _, err := operations.NewClient(operations.WithServer(0, map[string]string{"region": "us"})); err != nil {
		t.Errorf("region us: %v", err)
	}
}

func TestSynthesisedName(t *testing.T) {
	c, rec, _ := setup(t)
	rec.reply = json200(`[{"id":"1","name":"a"}]`)
	items, err := c.GetItemsByIDHistory(context.Background(), "1")
	if err != nil || len(items) != 1 {
		t.Fatalf("GetItemsByIDHistory = %v, %v", items, err)
	}
}

// closeTracker wraps response bodies and records which were closed.
type closeTracker struct {
	base   http.RoundTripper
	mu     sync.Mutex
	bodies []*trackedBody
}

type trackedBody struct {
	io.ReadCloser
	closed bool
}

func (b *trackedBody) Close() error { b.closed = true; return b.ReadCloser.Close() }

func (ct *closeTracker) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := ct.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	tb := &trackedBody{ReadCloser: resp.Body}
	ct.mu.Lock()
	ct.bodies = append(ct.bodies, tb)
	ct.mu.Unlock()
	resp.Body = tb
	return resp, nil
}

// Every response body is closed, whatever the outcome, and nothing leaks a
// goroutine.
func TestBodiesClosedAndNoLeaks(t *testing.T) {
	tracker := &closeTracker{base: http.DefaultTransport}
	c, rec, _ := setup(t, operations.WithHTTPClient(&http.Client{Transport: tracker}))
	before := runtime.NumGoroutine() // the fake server's own goroutines included
	ctx := context.Background()
	replies := []func(http.ResponseWriter, *http.Request){
		json200(`{"id":"1","name":"n"}`),
		func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) },
		func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, "boom")
		},
		func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"title":"nope"}`)
		},
		func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html>")
		},
		json200(`{"id":`), // truncated JSON
	}
	for i, reply := range replies {
		rec.reply = reply
		_, _ = c.GetItem(ctx, "1", &operations.GetItemParams{XTrace: "x"})
		_ = c.PatchItem(ctx, "1", nil, nil)
		_, _ = c.GetItemsByIDHistory(ctx, "1")
		tracker.mu.Lock()
		for j, b := range tracker.bodies {
			if !b.closed {
				t.Errorf("reply %d: response body %d not closed", i, j)
			}
		}
		tracker.bodies = nil
		tracker.mu.Unlock()
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("goroutines: %d before, %d after", before, n)
	}
}

// A type that holds itself (type Tree []Tree) used to send the generator
// into endless recursion writing its decoder; encoding/json decodes it.
func TestSelfHoldingType(t *testing.T) {
	c, rec, _ := setup(t)
	rec.reply = json200(`[[],[[],[[]]]]`)
	got, err := c.GetTree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := operations.Tree{{}, {{}, {{}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GetTree = %#v, want %#v", got, want)
	}
}
