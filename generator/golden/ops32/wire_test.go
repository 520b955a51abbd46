package ops32_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sigen-dev/sigen/generator/golden/ops32"
)

// OpenAPI 3.2's query field and additionalOperations are methods that send
// their own HTTP method.
func TestOpenAPI32Methods(t *testing.T) {
	type seen struct{ method, path, dest, body string }
	got := make(chan seen, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.URL.Path, r.Header.Get("Destination"), string(b)}
		if r.Method == "QUERY" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `["a","b"]`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c, err := ops32.NewClient(ops32.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	q := "x"
	items, err := c.SearchItems(ctx, ops32.SearchItemsRequest{Q: &q})
	if err != nil || len(items) != 2 {
		t.Fatalf("SearchItems = %v, %v", items, err)
	}
	if s := <-got; s.method != "QUERY" || s.path != "/items" || s.body != `{"q":"x"}` {
		t.Errorf("SearchItems sent %+v", s)
	}
	if err := c.CopyItems(ctx, &ops32.CopyItemsParams{Destination: "/other"}); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s.method != "COPY" || s.path != "/items" || s.dest != "/other" {
		t.Errorf("CopyItems sent %+v", s)
	}
	if err := c.PurgeItems(ctx); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s.method != "PURGE" {
		t.Errorf("PurgeItems sent %+v", s)
	}
}
