package sigenimpl

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"runtime"
	"strings"
	"testing"
	"time"
)

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

type wantPart struct {
	name, filename, contentType, body string
	header                            map[string]string
}

// readMultipart parses body with mime/multipart, as a server would.
func readMultipart(t *testing.T, body io.Reader, contentType string) []wantPart {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		t.Fatalf("content type %q: media type %q, params %v, err %v", contentType, mt, params, err)
	}
	mr := multipart.NewReader(body, params["boundary"])
	var got []wantPart
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return got
		}
		if err != nil {
			t.Fatalf("NextPart: %v", err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatalf("reading part %q: %v", p.FormName(), err)
		}
		wp := wantPart{name: p.FormName(), filename: p.FileName(), contentType: p.Header.Get("Content-Type"), body: string(b)}
		if v := p.Header.Get("X-Extra"); v != "" {
			wp.header = map[string]string{"X-Extra": v}
		}
		got = append(got, wp)
	}
}

func multipartCases() []struct {
	name  string
	parts func() []Part
	want  []wantPart
} {
	return []struct {
		name  string
		parts func() []Part
		want  []wantPart
	}{
		{"no parts", func() []Part { return nil }, nil},
		{"fields and file in order", func() []Part {
			return []Part{
				{Name: "title", Body: strings.NewReader("Hello")},
				{Name: "doc", Filename: "a.pdf", ContentType: "application/pdf", Body: strings.NewReader("%PDF-1.7")},
				{Name: "meta", ContentType: "application/json", Body: strings.NewReader(`{"a":1}`)},
				{Name: "blob", Filename: "x.bin", Body: bytes.NewReader([]byte{0, 1, 2})},
				{Name: "empty"},
			}
		}, []wantPart{
			{name: "title", body: "Hello"},
			{name: "doc", filename: "a.pdf", contentType: "application/pdf", body: "%PDF-1.7"},
			{name: "meta", contentType: "application/json", body: `{"a":1}`},
			{name: "blob", filename: "x.bin", contentType: "application/octet-stream", body: "\x00\x01\x02"},
			{name: "empty"},
		}},
		{"quotes, backslashes and unicode in names", func() []Part {
			return []Part{{Name: `we"ird\name`, Filename: `résumé "final".txt`, Body: strings.NewReader("x")}}
		}, []wantPart{{name: `we"ird\name`, filename: `résumé "final".txt`, contentType: "application/octet-stream", body: "x"}}},
		{"newlines cannot inject headers", func() []Part {
			return []Part{{Name: "a\r\nX-Extra: evil", Body: strings.NewReader("x")}}
		}, []wantPart{{name: "a%0D%0AX-Extra: evil", body: "x"}}},
		{"extra header and header content type", func() []Part {
			h := textproto.MIMEHeader{}
			h.Set("X-Extra", "1")
			h.Set("Content-Type", "text/csv")
			h.Set("Content-Disposition", "attachment") // replaced
			return []Part{{Name: "csv", Filename: "t.csv", Header: h, Body: strings.NewReader("a,b")}}
		}, []wantPart{{name: "csv", filename: "t.csv", contentType: "text/csv", body: "a,b", header: map[string]string{"X-Extra": "1"}}}},
		{"ContentType overrides header", func() []Part {
			h := textproto.MIMEHeader{"Content-Type": {"text/csv"}}
			return []Part{{Name: "f", ContentType: "text/plain", Header: h, Body: strings.NewReader("")}}
		}, []wantPart{{name: "f", contentType: "text/plain"}}},
		{"large body", func() []Part {
			return []Part{{Name: "big", Filename: "big", Body: strings.NewReader(strings.Repeat("0123456789", 100000))}}
		}, []wantPart{{name: "big", filename: "big", contentType: "application/octet-stream", body: strings.Repeat("0123456789", 100000)}}},
	}
}

func TestMultipart(t *testing.T) {
	for _, tt := range multipartCases() {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := Multipart(tt.parts())
			defer body.Close()
			got := readMultipart(t, body, ct)
			if !equalParts(got, tt.want) {
				t.Errorf("parts = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func equalParts(a, b []wantPart) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.name != y.name || x.filename != y.filename || x.contentType != y.contentType || x.body != y.body || len(x.header) != len(y.header) {
			return false
		}
		for k, v := range x.header {
			if y.header[k] != v {
				return false
			}
		}
	}
	return true
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestMultipartErrors(t *testing.T) {
	boom := errors.New("boom")
	later := &closeRecorder{Reader: strings.NewReader("never read")}
	first := &closeRecorder{Reader: strings.NewReader("ok")}
	parts := []Part{
		{Name: "a", Body: first},
		{Name: "b", Body: errReader{boom}},
		{Name: "c", Body: later},
	}

	body, _ := Multipart(parts)
	_, err := io.ReadAll(body)
	body.Close()
	if !errors.Is(err, boom) {
		t.Errorf("Multipart: reading body: error = %v, want %v", err, boom)
	}
	if err != nil && !strings.Contains(err.Error(), `"b"`) {
		t.Errorf("Multipart: error %q does not name the part", err)
	}
	if !first.closed || !later.closed {
		t.Errorf("Multipart: part bodies closed = %v, %v, want true, true", first.closed, later.closed)
	}
}

// Closing the body before reading it all stops the writing goroutine and
// closes the part bodies.
func TestMultipartEarlyClose(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 20 {
		rec := &closeRecorder{Reader: strings.NewReader(strings.Repeat("x", 1<<20))}
		body, _ := Multipart([]Part{{Name: "f", Filename: "f", Body: rec}})
		buf := make([]byte, 10)
		if _, err := io.ReadFull(body, buf); err != nil {
			t.Fatalf("reading: %v", err)
		}
		if err := body.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	waitGoroutines(t, before)
}

// waitGoroutines fails the test if the number of goroutines does not get
// back to at most want within a few seconds.
func waitGoroutines(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("goroutines = %d, want at most %d; stacks:\n%s", n, want, buf)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
