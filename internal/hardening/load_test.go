package hardening

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/internal/longtest"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

const (
	loadWorkers  = 200
	loadPerWork  = 50 // 10 000 requests
	loadLifetime = 2 * time.Second
	revokeEvery  = 500 * time.Millisecond
	// loadPace is the mean pause between a worker's requests, so that the
	// run spans several token lifetimes (about 50 × 100 ms = 5 s).
	loadPace = 100 * time.Millisecond
)

// attempt is one request the load API received.
type attempt struct {
	token  string
	status int
	at     time.Time
}

// loadAPI is a fake Signicat Authentication API that records every attempt
// by the X-Load-Id header (replays carry the same id) and tracks the tokens
// it accepts, for the revoker.
type loadAPI struct {
	tokens *authtest.Signicat
	srv    *httptest.Server

	mu       sync.Mutex
	attempts map[string][]attempt
	accepted map[string]bool      // tokens accepted since the last revocation tick
	revoked  map[string]time.Time // token → when it was revoked
}

func newLoadAPI(tokens *authtest.Signicat) *loadAPI {
	a := &loadAPI{tokens: tokens, attempts: map[string][]attempt{}, accepted: map[string]bool{}, revoked: map[string]time.Time{}}
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		id := strings.TrimPrefix(r.URL.Path, "/auth/rest/sessions")
		id = strings.Trim(id, "/")
		if id == "" {
			id = "5e551000-0000-4000-8000-000000000001"
		}
		json.NewEncoder(w).Encode(map[string]any{"id": id, "status": "CREATED", "flow": "redirect"})
	})
	guarded := tokens.Authorize(inner)
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		guarded.ServeHTTP(sw, r)
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		a.mu.Lock()
		id := r.Header.Get("X-Load-Id")
		a.attempts[id] = append(a.attempts[id], attempt{tok, sw.status, time.Now()})
		if sw.status == http.StatusOK {
			a.accepted[tok] = true
		}
		a.mu.Unlock()
	}))
	return a
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// revokeOne revokes a token chosen at random among those accepted since
// the last call (in practice the current one, sometimes the one before).
func (a *loadAPI) revokeOne() (string, bool) {
	a.mu.Lock()
	var cands []string
	for tok := range a.accepted {
		if _, done := a.revoked[tok]; !done {
			cands = append(cands, tok)
		}
	}
	clear(a.accepted)
	if len(cands) == 0 {
		a.mu.Unlock()
		return "", false
	}
	sort.Strings(cands)
	tok := cands[rand.IntN(len(cands))]
	a.revoked[tok] = time.Now()
	a.mu.Unlock()
	a.tokens.Revoke(tok)
	return tok, true
}

// TestLongLoad sends 10 000 requests from 200 goroutines through one
// generated client while tokens live 2 s (soft window W = 1 s, jitter
// ≤ 0.25 s, hard margin M = 0.5 s: R1–R3) and the API revokes a token every
// 500 ms. It counts failed requests, token requests and goroutines, and
// explains every failure (R8, R11, R21–R23). It runs in real time and its
// failure rate depends on how fast requests get through, so it is a long
// test (make test-long, without -race); the deterministic forms of these
// rules are tested under the fake clock in runtime/auth and faults_test.go.
func TestLongLoad(t *testing.T) {
	longtest.Skip(t)
	startGoroutines := settleGoroutines(0, time.Second)

	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: ccID, ClientSecret: ccSecret, Lifetime: loadLifetime})
	api := newLoadAPI(tokens)
	logs := &logBuf{}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = loadWorkers
	client, err := authentication.NewClient(
		authentication.WithBaseURL(api.srv.URL+"/auth/rest"),
		authentication.WithTokenURL(tokens.TokenURL()),
		authentication.WithClientCredentials(ccID, ccSecret),
		authentication.WithHTTPClient(&http.Client{Transport: tr}),
		authentication.WithLogger(debugLogger(logs)),
	)
	if err != nil {
		t.Fatal(err)
	}

	// The revoker.
	stop := make(chan struct{})
	var revokerDone sync.WaitGroup
	var revocations atomic.Int64
	revokerDone.Add(1)
	go func() {
		defer revokerDone.Done()
		tick := time.NewTicker(revokeEvery)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, ok := api.revokeOne(); ok {
					revocations.Add(1)
				}
			}
		}
	}()

	type failure struct {
		id  string
		err error
		at  time.Time
	}
	var (
		mu       sync.Mutex
		failures []failure
		wg       sync.WaitGroup
		maxLat   atomic.Int64
	)
	begin := time.Now()
	ctx := context.Background()
	for w := range loadWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for i := range loadPerWork {
				time.Sleep(time.Duration(r.Float64() * 2 * float64(loadPace)))
				id := fmt.Sprintf("w%03d-%02d", w, i)
				t0 := time.Now()
				var err error
				if i%2 == 0 {
					_, err = client.CreateSession(ctx, nil, authentication.SessionRequest{
						Flow:         authentication.FlowRedirect,
						CallbackURLs: &authentication.CallbackURLs{Success: "https://example.com/ok"},
					}, authentication.WithRequestHeader("X-Load-Id", id))
				} else {
					_, err = client.GetSession(ctx, "5e551000-0000-4000-8000-000000000001", nil,
						authentication.WithRequestHeader("X-Load-Id", id))
				}
				if d := time.Since(t0); int64(d) > maxLat.Load() {
					maxLat.Store(int64(d)) // racy max, good enough for a report
				}
				if err != nil {
					mu.Lock()
					failures = append(failures, failure{id, err, time.Now()})
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	dur := time.Since(begin)
	close(stop)
	revokerDone.Wait()

	// Classify every failure by what the API saw for its id.
	api.mu.Lock()
	var denied, replayRefused, unexplained int
	sc := newScanner()
	scanned := map[string]bool{}
	for _, f := range failures {
		var apiErr *authentication.APIError
		atts := api.attempts[f.id]
		switch {
		case !errors.As(f.err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized:
			unexplained++
			t.Errorf("request %s: unexpected failure %v", f.id, f.err)
		case len(atts) == 1:
			// Refused and not replayed: Invalidate declined (R23).
			if _, ok := api.revoked[atts[0].token]; !ok {
				t.Logf("request %s: refused token %s was not revoked (expired in transit?)", f.id, atts[0].token)
			}
			denied++
		case len(atts) == 2 && atts[0].status == 401 && atts[1].status == 401:
			replayRefused++ // the replay's token was revoked too: R21 allows one retry only
		default:
			unexplained++
			t.Errorf("request %s: %v after attempts %+v", f.id, f.err, atts)
		}
		if txt := f.err.Error(); !scanned[txt] {
			scanned[txt] = true
			sc.checkErr(t, "load error", f.err)
		}
	}
	// Attempts: totals, refusals of tokens that were not revoked (expired),
	// and for each revoked token how long after its revocation it was still
	// being sent.
	var total, refused, expiredRefusals, replays int
	lastSent := map[string]time.Time{}
	for id, atts := range api.attempts {
		total += len(atts)
		if len(atts) > 2 {
			t.Errorf("request %s: %d attempts, want at most 2 (R21)", id, len(atts))
		}
		if len(atts) == 2 {
			replays++
			if atts[0].token == atts[1].token {
				t.Errorf("request %s: replayed with the refused token %s", id, atts[0].token)
			}
			if atts[0].status != http.StatusUnauthorized {
				t.Errorf("request %s: replayed after status %d", id, atts[0].status)
			}
		}
		for _, a := range atts {
			if a.status != http.StatusUnauthorized {
				continue
			}
			refused++
			if _, ok := api.revoked[a.token]; !ok {
				expiredRefusals++
			}
			if a.at.After(lastSent[a.token]) {
				lastSent[a.token] = a.at
			}
		}
	}
	var maxStale time.Duration
	for tok, at := range lastSent {
		if rv, ok := api.revoked[tok]; ok && at.Sub(rv) > maxStale {
			maxStale = at.Sub(rv)
		}
	}
	nRevoked := len(api.revoked)
	api.mu.Unlock()

	tokenReqs := tokens.TokenRequests()
	msgs := logs.counts()
	denials := msgs["auth: token refused again; not refreshing"]
	forced := msgs["auth: token refused; invalidated"]
	ahead := msgs["auth: refreshing token ahead of expiry"]

	// Shut down, then wait for the goroutine count to settle.
	tr.CloseIdleConnections()
	api.srv.Close()
	tokens.Close()
	endGoroutines := settleGoroutines(startGoroutines+2, 5*time.Second)

	n := loadWorkers * loadPerWork
	t.Logf("run: %d requests from %d goroutines in %v (%.0f req/s), max latency %v",
		n, loadWorkers, dur.Round(time.Millisecond), float64(n)/dur.Seconds(), time.Duration(maxLat.Load()).Round(time.Millisecond))
	t.Logf("API attempts %d (replays %d), refused %d (of tokens not revoked: %d); revocations %d",
		total, replays, refused, expiredRefusals, nRevoked)
	t.Logf("failed requests %d = %d refused without replay (R23 limiter) + %d whose replay was refused too + %d unexplained",
		len(failures), denied, replayRefused, unexplained)
	t.Logf("token requests %d: refresh-ahead starts %d, refusal-driven invalidations %d, limiter denials logged %d",
		tokenReqs, ahead, forced, denials)
	t.Logf("a revoked token was still sent up to %v after its revocation", maxStale.Round(time.Millisecond))
	t.Logf("goroutines before %d, after %d", startGoroutines, endGoroutines)

	if total < n {
		t.Errorf("API attempts = %d, want ≥ %d", total, n)
	}
	// Every failure is a request whose refusal the R23 limiter declined to
	// act on, or whose single replay (R21) was refused as well.
	if unexplained != 0 {
		t.Errorf("%d failures not explained by R21/R23", unexplained)
	}
	if denied != denials {
		t.Errorf("refused-without-replay failures = %d, but the transport logged %d limiter denials", denied, denials)
	}
	// R2: no token is attached past its hard time, M = 0.5 s before the
	// server's expiry, so only revoked tokens are refused, as long as no
	// request takes longer than M to reach the server.
	if lat := time.Duration(maxLat.Load()); expiredRefusals != 0 && lat < loadLifetime/4 {
		t.Errorf("%d refusals of tokens that were not revoked (sent expired) with latencies under %v", expiredRefusals, lat)
	}
	// R23 as sigen applies it: a token the API had accepted and then
	// refuses was revoked and is replaced at once; any other refusal
	// drives at most one refresh per 5 s. So refusal-driven refreshes are
	// at most one per revocation plus one per 5 s.
	if maxForced := nRevoked + int(math.Ceil(dur.Seconds()/5)) + 1; forced > maxForced {
		t.Errorf("refusal-driven invalidations = %d, want ≤ %d (one per revocation + one per 5 s)", forced, maxForced)
	}
	// Token requests: each is either refusal-driven (bounded as above) or
	// starts at or after the current token's soft time, which is at least
	// L − W − W/4 = 0.75 s after that token was requested (R1, R3); plus
	// the first fetch.
	minGap := loadLifetime - loadLifetime/2 - loadLifetime/8
	bound := 1 + int(math.Ceil(dur.Seconds()/minGap.Seconds())) + nRevoked + int(math.Ceil(dur.Seconds()/5)) + 1
	if tokenReqs > bound {
		t.Errorf("token requests = %d, want ≤ %d (1 + ⌈%v/%v⌉ + %d revocations + ⌈%v/5s⌉ + 1)", tokenReqs, bound, dur.Round(time.Millisecond), minGap, nRevoked, dur.Round(time.Millisecond))
	}
	// The only failures left are requests that met two revocations (the
	// token they were sent with, and the token of their one replay: R21
	// allows no third attempt), or a token revoked before it ever
	// succeeded, which the 5 s limit holds back. Both need a request slower
	// than the gap between revocations, so they are rare: under 1 % on a
	// quiet machine, 5 % with a load average of 17 on 2 cores; the bound
	// allows 10 %. (Without the replay, every request sent with a revoked
	// token would fail: about 25 %. Every failure is explained above.)
	if len(failures)*100 >= 10*n {
		t.Errorf("failed requests = %d of %d, want under 10 %%", len(failures), n)
	}

	// A revoked token stops being sent by its hard time at the latest:
	// at most L − M = 1.5 s after it was requested, itself before the
	// revocation. Allow 1 s for queueing under -race.
	if maxStale > loadLifetime-loadLifetime/4+time.Second {
		t.Errorf("a revoked token was sent %v after its revocation, want ≤ %v", maxStale, loadLifetime-loadLifetime/4+time.Second)
	}
	if endGoroutines > startGoroutines+2 {
		t.Errorf("goroutines: %d before, %d after: leak", startGoroutines, endGoroutines)
		buf := make([]byte, 1<<20)
		t.Logf("%s", buf[:runtime.Stack(buf, true)])
	}
	sc.check(t, "load debug log", logs.String())
}

// settleGoroutines waits up to d for the goroutine count to drop to at
// most want (or, with want 0, to stop changing) and returns it.
func settleGoroutines(want int, d time.Duration) int {
	deadline := time.Now().Add(d)
	prev := runtime.NumGoroutine()
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		n := runtime.NumGoroutine()
		if (want > 0 && n <= want) || (want == 0 && n == prev) {
			return n
		}
		prev = n
	}
	return runtime.NumGoroutine()
}
