// Command bench calls the loopback server (its first argument) through the
// clients sigen, oapi-codegen and ogen generated from the same spec, checks
// that they decode the same data and send the same JSON, and prints paired
// per-round ratios.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"reflect"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"benchruntime.test/oc"
	"benchruntime.test/og"
	"benchruntime.test/payload"
	"benchruntime.test/sg"
)

// client is one generator's client, called through the three operations.
type client struct {
	name  string
	small func(context.Context) (any, error) // git/get-ref
	large func(context.Context) (any, error) // issues/list-for-repo
	post  func(context.Context) (any, error) // git/create-tree
}

func transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 256, 256
	return t
}

func clients(base string) ([]*client, error) {
	ctx := context.Background()
	treeJSON := payload.TreeRequest()
	cc := &clientcredentials.Config{ClientID: "bench-id", ClientSecret: "bench-secret", TokenURL: base + "/token", Scopes: []string{"repo"}}

	// sigen
	sc, err := sg.NewClient(sg.WithBaseURL(base), sg.WithClientCredentials("bench-id", "bench-secret"),
		sg.WithHTTPClient(&http.Client{Transport: transport()}))
	if err != nil {
		return nil, fmt.Errorf("sigen: %w", err)
	}
	var sTree sg.GitCreateTreeRequest
	if err := json.Unmarshal(treeJSON, &sTree); err != nil {
		return nil, fmt.Errorf("sigen request: %w", err)
	}
	s := &client{name: "sigen",
		small: func(ctx context.Context) (any, error) {
			return sc.GitGetRef(ctx, payload.Owner, payload.Repo, payload.Ref)
		},
		large: func(ctx context.Context) (any, error) {
			r, err := sc.IssuesListForRepo(ctx, payload.Owner, payload.Repo, nil)
			if err != nil {
				return nil, err
			}
			return r.Status200, nil
		},
		post: func(ctx context.Context) (any, error) {
			return sc.GitCreateTree(ctx, payload.Owner, payload.Repo, sTree)
		},
	}

	// oapi-codegen, with golang.org/x/oauth2 for the token
	octx := context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: transport()})
	occ, err := oc.NewClientWithResponses(base, oc.WithHTTPClient(cc.Client(octx)))
	if err != nil {
		return nil, fmt.Errorf("oapi-codegen: %w", err)
	}
	var oTree oc.GitcreateTreeJSONRequestBody
	if err := json.Unmarshal(treeJSON, &oTree); err != nil {
		return nil, fmt.Errorf("oapi-codegen request: %w", err)
	}
	o := &client{name: "oapi-codegen",
		small: func(ctx context.Context) (any, error) {
			r, err := occ.GitgetRefWithResponse(ctx, payload.Owner, payload.Repo, payload.Ref)
			if err != nil {
				return nil, err
			}
			if r.JSON200 == nil {
				return nil, fmt.Errorf("status %d", r.StatusCode())
			}
			return r.JSON200, nil
		},
		large: func(ctx context.Context) (any, error) {
			r, err := occ.IssueslistForRepoWithResponse(ctx, payload.Owner, payload.Repo, nil)
			if err != nil {
				return nil, err
			}
			if r.JSON200 == nil {
				return nil, fmt.Errorf("status %d", r.StatusCode())
			}
			return *r.JSON200, nil
		},
		post: func(ctx context.Context) (any, error) {
			r, err := occ.GitcreateTreeWithResponse(ctx, payload.Owner, payload.Repo, oTree)
			if err != nil {
				return nil, err
			}
			if r.JSON201 == nil {
				return nil, fmt.Errorf("status %d", r.StatusCode())
			}
			return r.JSON201, nil
		},
	}

	// ogen, with golang.org/x/oauth2 for the token
	gcl, err := og.NewClient(base, ogenSecurity{cc.TokenSource(octx)}, og.WithClient(&http.Client{Transport: transport()}))
	if err != nil {
		return nil, fmt.Errorf("ogen: %w", err)
	}
	var gTree og.GitCreateTreeReq
	if err := gTree.UnmarshalJSON(treeJSON); err != nil {
		return nil, fmt.Errorf("ogen request: %w", err)
	}
	g := &client{name: "ogen",
		small: func(ctx context.Context) (any, error) {
			r, err := gcl.GitGetRef(ctx, og.GitGetRefParams{Owner: payload.Owner, Repo: payload.Repo, Ref: payload.Ref})
			if err != nil {
				return nil, err
			}
			v, ok := r.(*og.GitRef)
			if !ok {
				return nil, fmt.Errorf("unexpected %T", r)
			}
			return v, nil
		},
		large: func(ctx context.Context) (any, error) {
			r, err := gcl.IssuesListForRepo(ctx, og.IssuesListForRepoParams{Owner: payload.Owner, Repo: payload.Repo})
			if err != nil {
				return nil, err
			}
			v, ok := r.(*og.IssuesListForRepoOKHeaders)
			if !ok {
				return nil, fmt.Errorf("unexpected %T", r)
			}
			return v.Response, nil
		},
		post: func(ctx context.Context) (any, error) {
			r, err := gcl.GitCreateTree(ctx, &gTree, og.GitCreateTreeParams{Owner: payload.Owner, Repo: payload.Repo})
			if err != nil {
				return nil, err
			}
			v, ok := r.(*og.GitTreeHeaders)
			if !ok {
				return nil, fmt.Errorf("unexpected %T", r)
			}
			return &v.Response, nil
		},
	}
	return []*client{s, o, g}, nil
}

type ogenSecurity struct{ ts oauth2.TokenSource }

func (s ogenSecurity) OAuth2(ctx context.Context, _ og.OperationName) (og.OAuth2, error) {
	t, err := s.ts.Token()
	if err != nil {
		return og.OAuth2{}, err
	}
	return og.OAuth2{Token: t.AccessToken}, nil
}

// normal decodes JSON into a generic value with JSON nulls left out, so
// that "absent" and "null" compare alike (not every client can tell them
// apart).
func normal(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return dropNulls(v), nil
}

func dropNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
			} else {
				x[k] = dropNulls(e)
			}
		}
	case []any:
		for i, e := range x {
			x[i] = dropNulls(e)
		}
	}
	return v
}

// sameWithNulls reports whether a and b are the same JSON, nulls included.
func sameWithNulls(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// firstDiff names the first place where a and b differ.
func firstDiff(path string, a, b any) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return path
		}
		keys := map[string]bool{}
		for k := range x {
			keys[k] = true
		}
		for k := range y {
			keys[k] = true
		}
		var ks []string
		for k := range keys {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			if d := firstDiff(path+"/"+k, x[k], y[k]); d != "" {
				return d
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return path + " (length)"
		}
		for i := range x {
			if d := firstDiff(fmt.Sprintf("%s/%d", path, i), x[i], y[i]); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(a, b) {
		return fmt.Sprintf("%s: %v != %v", path, a, b)
	}
	return ""
}

func sameJSON(what string, want, got []byte) error {
	w, err := normal(want)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	g, err := normal(got)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if d := firstDiff("", w, g); d != "" {
		return fmt.Errorf("%s differs at %s", what, d)
	}
	return nil
}

// check calls every operation once per client and compares what each
// decoded (re-encoded as JSON) with what the server sent, and what each
// posted with the request body.
func check(base string, cs []*client) error {
	ctx := context.Background()
	ops := []struct {
		name string
		want []byte
		call func(*client) func(context.Context) (any, error)
	}{
		{"git/get-ref response", payload.GitRef(), func(c *client) func(context.Context) (any, error) { return c.small }},
		{"issues/list-for-repo response", payload.IssueList(), func(c *client) func(context.Context) (any, error) { return c.large }},
		{"git/create-tree response", payload.Tree(), func(c *client) func(context.Context) (any, error) { return c.post }},
	}
	for _, op := range ops {
		for _, c := range cs {
			v, err := op.call(c)(ctx)
			if err != nil {
				return fmt.Errorf("%s: %s: %w", c.name, op.name, err)
			}
			b, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("%s: %s: re-encode: %w", c.name, op.name, err)
			}
			if err := sameJSON(c.name+": "+op.name, op.want, b); err != nil {
				return err
			}
		}
	}
	var sent [][]byte
	for _, c := range cs {
		if _, err := c.post(ctx); err != nil {
			return err
		}
		resp, err := http.Get(base + "/_last")
		if err != nil {
			return err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if err := sameJSON(c.name+": git/create-tree request body", payload.TreeRequest(), b); err != nil {
			return err
		}
		sent = append(sent, b)
	}
	var same []string
	for i := 1; i < len(cs); i++ {
		how := "identical bytes"
		switch {
		case bytes.Equal(sent[0], sent[i]):
		case sameWithNulls(sent[0], sent[i]):
			how = "same JSON, members in another order"
		default:
			how = "same JSON once nulls are left out (it drops null members)"
		}
		same = append(same, cs[i].name+": "+how)
	}
	fmt.Printf("check: all clients decode the same data; request body (%d bytes from sigen) against sigen's: %s\n", len(sent[0]), strings.Join(same, "; "))
	return nil
}

// result is one measurement of one client on one case.
type result struct{ ns, bytes, allocs float64 }

// measure runs f n times on par goroutines.
func measure(n, par int, f func(context.Context) (any, error)) (result, error) {
	ctx := context.Background()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start := time.Now()
	var wg sync.WaitGroup
	errc := make(chan error, par)
	for p := 0; p < par; p++ {
		k := n / par
		if p < n%par {
			k++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < k; i++ {
				if _, err := f(ctx); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	runtime.ReadMemStats(&m1)
	select {
	case err := <-errc:
		return result{}, err
	default:
	}
	return result{
		ns:     float64(el.Nanoseconds()) / float64(n),
		bytes:  float64(m1.TotalAlloc-m0.TotalAlloc) / float64(n),
		allocs: float64(m1.Mallocs-m0.Mallocs) / float64(n),
	}, nil
}

type benchCase struct {
	name string
	par  int
	op   func(*client) func(context.Context) (any, error)
	n    int
	res  [][]result // [client][round]
}

func main() {
	rounds := flag.Int("rounds", 10, "rounds; in each the clients run in turn, in a rotating order")
	target := flag.Duration("time", 300*time.Millisecond, "time per client, case and round")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the rounds to `file`")
	only := flag.String("only", "", "run only the cases whose name contains this text")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: bench [flags] BASEURL")
		os.Exit(2)
	}
	base := flag.Arg(0)
	cs, err := clients(base)
	if err == nil {
		err = check(base, cs)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	cases := []*benchCase{
		{name: "GET small (git/get-ref, 283 B)", par: 1, op: func(c *client) func(context.Context) (any, error) { return c.small }},
		{name: "GET large (issues/list-for-repo, 230 issues)", par: 1, op: func(c *client) func(context.Context) (any, error) { return c.large }},
		{name: "POST 10 KB (git/create-tree)", par: 1, op: func(c *client) func(context.Context) (any, error) { return c.post }},
		{name: "GET small, 64 parallel callers", par: 64, op: func(c *client) func(context.Context) (any, error) { return c.small }},
	}
	if *only != "" {
		var keep []*benchCase
		for _, bc := range cases {
			if strings.Contains(bc.name, *only) {
				keep = append(keep, bc)
			}
		}
		cases = keep
	}
	for _, bc := range cases {
		// Calibrate: the same n for every client, from their mean time.
		var sum float64
		for _, c := range cs {
			r, err := measure(max(bc.par, 4), bc.par, bc.op(c))
			if err != nil {
				fmt.Fprintf(os.Stderr, "bench: %s: %s: %v\n", c.name, bc.name, err)
				os.Exit(1)
			}
			sum += r.ns
		}
		bc.n = max(int(float64(target.Nanoseconds())/(sum/float64(len(cs)))), bc.par)
		bc.res = make([][]result, len(cs))
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	for r := 0; r < *rounds; r++ {
		for _, bc := range cases {
			for k := range cs {
				i := (k + r) % len(cs)
				res, err := measure(bc.n, bc.par, bc.op(cs[i]))
				if err != nil {
					fmt.Fprintf(os.Stderr, "bench: %s: %s: %v\n", cs[i].name, bc.name, err)
					os.Exit(1)
				}
				bc.res[i] = append(bc.res[i], res)
			}
		}
		fmt.Fprintf(os.Stderr, "round %d/%d done\n", r+1, *rounds)
	}
	report(cs, cases)
	memory(cs)
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// ci returns a distribution-free confidence interval for the median of xs
// from order statistics (as benchstat does) and its confidence level.
func ci(xs []float64) (lo, hi, conf float64) {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	// k: the largest with P(Binomial(n, 1/2) < k) <= 2.5%.
	k, cum := 0, 0.0
	for j := 0; j <= n; j++ {
		p := binom(n, j)
		if cum+p > 0.025 {
			break
		}
		cum += p
		k = j + 1
	}
	if k == 0 {
		return s[0], s[n-1], 1 - 2*math.Pow(0.5, float64(n))
	}
	return s[k-1], s[n-k], 1 - 2*cum
}

func binom(n, k int) float64 {
	c := 1.0
	for i := 0; i < k; i++ {
		c = c * float64(n-i) / float64(i+1)
	}
	return c * math.Pow(0.5, float64(n))
}

// signP is the two-sided sign test's p-value for "the ratios are centred
// on 1".
func signP(xs []float64) float64 {
	below, above := 0, 0
	for _, x := range xs {
		switch {
		case x < 1:
			below++
		case x > 1:
			above++
		}
	}
	n, m := below+above, min(below, above)
	p := 0.0
	for j := 0; j <= m; j++ {
		p += binom(n, j)
	}
	return math.Min(1, 2*p)
}

func report(cs []*client, cases []*benchCase) {
	fmt.Printf("\n%d rounds; per round and case each client runs the same number of calls, in rotating order.\n", len(cases[0].res[0]))
	fmt.Println("Ratios are sigen / peer per round: median [95% CI of the median], sign-test p; < 1 means sigen is faster or smaller.")
	fmt.Println()
	fmt.Println("| benchmark | sigen | oapi-codegen | ogen | sigen / oapi-codegen | sigen / ogen |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, bc := range cases {
		cell := func(i int) string {
			var ns, b, a []float64
			for _, r := range bc.res[i] {
				ns, b, a = append(ns, r.ns), append(b, r.bytes), append(a, r.allocs)
			}
			return fmt.Sprintf("%s, %s, %.0f allocs", fmtNs(median(ns)), fmtBytes(median(b)), median(a))
		}
		ratio := func(j int) string {
			var t, b, a []float64
			for r := range bc.res[0] {
				t = append(t, bc.res[0][r].ns/bc.res[j][r].ns)
				b = append(b, bc.res[0][r].bytes/bc.res[j][r].bytes)
				a = append(a, bc.res[0][r].allocs/bc.res[j][r].allocs)
			}
			lo, hi, _ := ci(t)
			return fmt.Sprintf("time **%.2f** [%.2f, %.2f] p=%.3f; B %.2f; allocs %.2f", median(t), lo, hi, signP(t), median(b), median(a))
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", bc.name, cell(0), cell(1), cell(2), ratio(1), ratio(2))
	}
}

func memory(cs []*client) {
	fmt.Printf("\nDecoded issue-simple element size (unsafe.Sizeof): sigen %d B, oapi-codegen %d B, ogen %d B\n",
		unsafe.Sizeof(sg.IssueSimple{}), unsafe.Sizeof(oc.IssueSimple{}), unsafe.Sizeof(og.IssueSimple{}))
	var parts []string
	for _, c := range cs {
		best := math.MaxFloat64
		for i := 0; i < 3; i++ {
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.GC()
			runtime.ReadMemStats(&m0)
			v, err := c.large(context.Background())
			if err != nil {
				fmt.Fprintln(os.Stderr, "bench:", err)
				os.Exit(1)
			}
			runtime.GC() // twice: pooled buffers survive one collection
			runtime.GC()
			runtime.ReadMemStats(&m1)
			runtime.KeepAlive(v)
			best = math.Min(best, float64(m1.HeapAlloc)-float64(m0.HeapAlloc))
		}
		parts = append(parts, fmt.Sprintf("%s %s", c.name, fmtBytes(best)))
	}
	fmt.Printf("Heap retained by the decoded 230 issues (after GC, min of 3): %s\n", strings.Join(parts, ", "))
}

func fmtNs(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func fmtBytes(b float64) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.2f MiB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", b/(1<<10))
	}
	return fmt.Sprintf("%.0f B", b)
}
