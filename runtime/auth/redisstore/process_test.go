package redisstore

// Multi-process tests (§4.1): the test binary re-executes itself as child
// processes (TestHelperProcess) that share one Redis and one fake token
// server run by the parent, which counts token requests.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigen-dev/sigen/internal/longtest"
	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// Environment of a child process.
const (
	envHelper     = "SIGEN_REDISSTORE_HELPER" // child mode: "once" or "loop"
	envRedis      = "SIGEN_REDISSTORE_REDIS"
	envPrefix     = "SIGEN_REDISSTORE_PREFIX"
	envTokenURL   = "SIGEN_REDISSTORE_TOKEN_URL"
	envAPIURL     = "SIGEN_REDISSTORE_API_URL"
	envGoroutines = "SIGEN_REDISSTORE_GOROUTINES"
	envDuration   = "SIGEN_REDISSTORE_DURATION"
	envNoCache    = "SIGEN_REDISSTORE_NO_CACHE" // "1": call Store.Acquire per call, no in-process tier
	envFetchTO    = "SIGEN_REDISSTORE_FETCH_TIMEOUT"
	envOpTimeout  = "SIGEN_REDISSTORE_OP_TIMEOUT"
)

// childKey is the cache key of children that call the Store directly.
const childKey = "shared"

// storedKeys counts the entries and leases stored under prefix.
func storedKeys(c *redis.Client, prefix string) (values, locks int) {
	for _, k := range c.Keys(context.Background(), prefix+"*").Val() {
		if strings.HasSuffix(k, ":lock") {
			locks++
		} else {
			values++
		}
	}
	return values, locks
}

// childResult is what a child reports on its last line.
type childResult struct {
	Calls      int            `json:"calls"`
	Errors     int            `json:"errors"`
	FirstError string         `json:"first_error,omitempty"`
	Tokens     map[string]int `json:"tokens"`
	MaxLatency time.Duration  `json:"max_latency"`
	Slow       int            `json:"slow"`    // calls slower than 100 ms
	Refused    int            `json:"refused"` // API answered 401
}

// TestHelperProcess is the body of a child process; run directly it skips.
//
// Protocol: the child prints "READY", waits for a line on stdin (the
// parent's start signal, so that all children start together), runs its
// goroutines and prints "RESULT <json>".
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(envHelper)
	if mode == "" {
		t.Skip("helper process of the multi-process tests")
	}
	n, _ := strconv.Atoi(os.Getenv(envGoroutines))
	dur, _ := time.ParseDuration(os.Getenv(envDuration))

	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv(envRedis)})
	defer rdb.Close()
	opTO, _ := time.ParseDuration(os.Getenv(envOpTimeout))
	store, err := New(rdb, Options{Prefix: os.Getenv(envPrefix), OpTimeout: opTO})
	if err != nil {
		t.Fatal(err)
	}
	httpc := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: n},
	}
	var get func(ctx context.Context) (*auth.Token, error)
	if os.Getenv(envNoCache) == "1" {
		fetch := httpFetch(httpc, os.Getenv(envTokenURL), os.Getpid())
		get = func(ctx context.Context) (*auth.Token, error) {
			e, err := store.Acquire(ctx, childKey, auth.AcquireBlocking, fetch)
			if err != nil {
				return nil, err
			}
			return &e.Token, nil
		}
	} else {
		fetchTO, _ := time.ParseDuration(os.Getenv(envFetchTO))
		cache, err := newChildCache(store, os.Getenv(envTokenURL), os.Getpid(), fetchTO)
		if err != nil {
			t.Fatal(err)
		}
		get = cache.Token
	}
	apiURL := os.Getenv(envAPIURL)

	var (
		mu  sync.Mutex
		res = childResult{Tokens: map[string]int{}}
	)
	call := func(ctx context.Context) {
		start := time.Now()
		e, err := get(ctx)
		if err == nil && apiURL != "" {
			err = callAPI(ctx, httpc, apiURL, e.AccessToken)
		}
		took := time.Since(start)
		mu.Lock()
		defer mu.Unlock()
		res.Calls++
		res.MaxLatency = max(res.MaxLatency, took)
		if took > 100*time.Millisecond {
			res.Slow++
		}
		if err != nil {
			if res.Errors == 0 {
				res.FirstError = err.Error()
			}
			res.Errors++
			if errors.Is(err, errRefused) {
				res.Refused++
			}
			return
		}
		res.Tokens[e.AccessToken.Reveal()]++
	}

	fmt.Println("READY")
	bufio.NewReader(os.Stdin).ReadString('\n')

	ctx, cancel := context.WithTimeout(context.Background(), dur+30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	end := time.Now().Add(dur)
	for range n {
		wg.Go(func() {
			if mode == "once" {
				call(ctx)
				return
			}
			for time.Now().Before(end) {
				call(ctx)
				time.Sleep(time.Duration(50+rand.IntN(100)) * time.Millisecond)
			}
		})
	}
	wg.Wait()
	b, _ := json.Marshal(res)
	fmt.Printf("RESULT %s\n", b)
}

func callAPI(ctx context.Context, c *http.Client, url string, tok auth.Secret) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok.Reveal())
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusUnauthorized {
		return errRefused
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("API status %d", resp.StatusCode)
	}
	return nil
}

var errRefused = errors.New("API refused the token")

// fakes are the parent's fake Signicat token endpoint (authtest: counts
// requests, tokens tok-<n>, scriptable latency and hangs) and a fake API
// behind its Authorize middleware, which refuses expired tokens with 401.
type fakes struct {
	tokens *authtest.Signicat
	api    *httptest.Server
}

func newFakes(t *testing.T, lifetime, latency time.Duration) *fakes {
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: childClientID, ClientSecret: childClientSecret, Lifetime: lifetime})
	tokens.SetLatency(latency)
	t.Cleanup(tokens.Close)
	api := httptest.NewServer(tokens.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
	t.Cleanup(api.Close)
	return &fakes{tokens: tokens, api: api}
}

// child is a running child process.
type child struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	ready  chan struct{}
	result chan childResult
	stderr *bytes.Buffer
	mu     sync.Mutex // guards stderr
}

type childConfig struct {
	mode       string // "once" or "loop"
	redis      string
	prefix     string
	fakes      *fakes
	api        bool
	goroutines int
	duration   time.Duration
	noCache    bool
	// fetchTimeout is auth.Options.FetchTimeout of the children; zero
	// keeps auth's default.
	fetchTimeout time.Duration
	// opTimeout is the children's Options.OpTimeout; zero means
	// testOpTimeout. Only the Redis fault test uses the 200 ms default.
	opTimeout time.Duration
}

func startChildren(t *testing.T, n int, cfg childConfig) []*child {
	t.Helper()
	env := append(os.Environ(),
		envHelper+"="+cfg.mode,
		envRedis+"="+cfg.redis,
		envPrefix+"="+cfg.prefix,
		envTokenURL+"="+cfg.fakes.tokens.TokenURL(),
		envGoroutines+"="+strconv.Itoa(cfg.goroutines),
		envDuration+"="+cfg.duration.String(),
	)
	if cfg.api {
		env = append(env, envAPIURL+"="+cfg.fakes.api.URL)
	}
	if cfg.noCache {
		env = append(env, envNoCache+"=1")
	}
	if cfg.opTimeout == 0 {
		cfg.opTimeout = testOpTimeout
	}
	env = append(env, envOpTimeout+"="+cfg.opTimeout.String())
	if cfg.fetchTimeout > 0 {
		env = append(env, envFetchTO+"="+cfg.fetchTimeout.String())
	}
	var children []*child
	for range n {
		c := &child{ready: make(chan struct{}), result: make(chan childResult, 1), stderr: new(bytes.Buffer)}
		c.cmd = exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		c.cmd.Env = env
		dieWithParent(c.cmd)
		c.cmd.Stderr = lockedWriter{&c.mu, c.stderr}
		stdout, err := c.cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if c.stdin, err = c.cmd.StdinPipe(); err != nil {
			t.Fatal(err)
		}
		if err := c.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			c.cmd.Process.Kill()
			c.cmd.Wait()
		})
		go c.read(stdout)
		children = append(children, c)
	}
	for _, c := range children {
		select {
		case <-c.ready:
		case <-time.After(30 * time.Second):
			t.Fatalf("child %d not ready; stderr:\n%s", c.cmd.Process.Pid, c.errors())
		}
	}
	for _, c := range children {
		io.WriteString(c.stdin, "GO\n")
	}
	return children
}

func (c *child) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "READY":
			close(c.ready)
		case strings.HasPrefix(line, "RESULT "):
			var res childResult
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "RESULT ")), &res); err == nil {
				c.result <- res
			}
		}
	}
}

func (c *child) errors() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stderr.String()
}

func (c *child) wait(t *testing.T, timeout time.Duration) childResult {
	t.Helper()
	select {
	case res := <-c.result:
		return res
	case <-time.After(timeout):
		t.Fatalf("child %d gave no result; stderr:\n%s", c.cmd.Process.Pid, c.errors())
		return childResult{}
	}
}

// R30: 4 processes × 50 goroutines on a cold cache (token endpoint latency
// 300 ms) make exactly 1 token request, all get tok-1, and the lease is
// gone afterwards. "no cache" runs every goroutine straight into
// Store.Acquire (200 concurrent Acquires across 4 processes).
func TestProcessesColdStart(t *testing.T) {
	r := needRedis(t)
	for _, noCache := range []bool{false, true} {
		name := "with in-process cache"
		if noCache {
			name = "no cache"
		}
		t.Run(name, func(t *testing.T) {
			f := newFakes(t, time.Minute, 300*time.Millisecond)
			prefix := testPrefix(t)
			children := startChildren(t, 4, childConfig{mode: "once", redis: r.addr, prefix: prefix, fakes: f, goroutines: 50, noCache: noCache})
			for _, c := range children {
				res := c.wait(t, 30*time.Second)
				if res.Errors != 0 || res.Calls != 50 || res.Tokens["tok-1"] != 50 {
					t.Errorf("child %d: %+v; want 50 calls, all tok-1", c.cmd.Process.Pid, res)
				}
			}
			if n := f.tokens.TokenRequests(); n != 1 {
				t.Errorf("token requests = %d, want 1", n)
			}
			values, locks := storedKeys(newClient(t, r.addr), prefix)
			if values != 1 || locks != 0 {
				t.Errorf("after the wave: %d entries, %d leases; want 1, 0", values, locks)
			}
			t.Logf("token requests: %d", f.tokens.TokenRequests())
		})
	}
}

// R31: 3-second tokens, 4 processes × 50 goroutines calling in a loop for
// 20 s: token requests ≤ ceil(run / 1.5 s) + 2, no API call with an expired
// token, no caller error. A soak in real time whose outcome depends on
// requests getting through within a token's last quarter: make test-long.
func TestLongProcessesRefreshAhead(t *testing.T) {
	longtest.Skip(t)
	r := needRedis(t)
	run := 20 * time.Second
	f := newFakes(t, 3*time.Second, 0)
	children := startChildren(t, 4, childConfig{mode: "loop", redis: r.addr, prefix: testPrefix(t), fakes: f, api: true, goroutines: 50, duration: run})
	calls, refused := 0, 0
	for _, c := range children {
		res := c.wait(t, run+30*time.Second)
		calls += res.Calls
		refused += res.Refused
		if res.Errors != 0 {
			t.Errorf("child %d: %d errors, first: %s", c.cmd.Process.Pid, res.Errors, res.FirstError)
		}
	}
	limit := int(math.Ceil(run.Seconds()/1.5)) + 2
	n := f.tokens.TokenRequests()
	t.Logf("%v run: %d token requests (limit %d), %d calls, %d API calls refused", run, n, limit, calls, refused)
	if n > limit {
		t.Errorf("token requests = %d, want ≤ %d", n, limit)
	}
	if refused != 0 {
		t.Errorf("API refused %d calls (expired token)", refused)
	}
}

// R32: the lease holder is SIGKILLed during its token request; another
// process fetches within LockTTL + 1 s, and every surviving caller gets
// the token.
//
// The children use the default FetchTimeout (10 s), shorter than the lease
// (12 s): auth's Cache applies it to the fetch itself and lets the whole
// Store.Acquire wait for another process's lease on top, so callers waiting
// on a dead holder still get the token.
func TestProcessesHolderKilled(t *testing.T) {
	r := needRedis(t)
	f := newFakes(t, time.Minute, 0)
	f.tokens.HangNext(1)
	children := startChildren(t, 3, childConfig{mode: "once", redis: r.addr, prefix: testPrefix(t), fakes: f, goroutines: 10})

	// requestsAfter polls the token server until it has seen n requests.
	requestsAfter := func(n int) ([]authtest.Request, time.Time) {
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if reqs := f.tokens.Requests(); len(reqs) >= n {
				return reqs, time.Now()
			}
		}
		t.Fatalf("fewer than %d token requests", n)
		return nil, time.Time{}
	}
	reqs, first := requestsAfter(1)
	pid, _ := strconv.Atoi(reqs[0].Header.Get("X-Child-Pid"))
	var victim *child
	for _, c := range children {
		if c.cmd.Process.Pid == pid {
			victim = c
		}
	}
	if victim == nil {
		t.Fatalf("token request from unknown process %d", pid)
	}
	if err := victim.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_, second := requestsAfter(2)
	takeover := second.Sub(first)
	t.Logf("takeover after %v", takeover)
	checkLatency(t, "the takeover", takeover, DefaultLockTTL+time.Second)
	for _, c := range children {
		if c == victim {
			continue
		}
		res := c.wait(t, 30*time.Second)
		// The hung request issued no token: the takeover's is tok-1.
		if res.Errors != 0 || res.Tokens["tok-1"] != 10 {
			t.Errorf("child %d: %+v; want 10 calls with tok-1", c.cmd.Process.Pid, res)
		}
	}
	if n := f.tokens.TokenRequests(); n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
}

// R34: Redis killed for 2 s and later paused for 2 s while 4 processes × 20
// goroutines call in a loop with 3-second tokens: no failed call, no expired
// token, and the processes write to Redis again after it is back. A soak on
// a real-time schedule: make test-long (TestRedisOutage and TestRedisPause
// test the same fallback in one process).
func TestLongProcessesRedisFaults(t *testing.T) {
	longtest.Skip(t)
	needRedis(t)
	rs := privateRedis(t)
	f := newFakes(t, 3*time.Second, 0)
	prefix := testPrefix(t)
	run := 14 * time.Second
	children := startChildren(t, 4, childConfig{mode: "loop", redis: rs.addr, prefix: prefix, fakes: f, api: true, goroutines: 20, duration: run, opTimeout: DefaultOpTimeout})
	start := time.Now()

	time.Sleep(1500 * time.Millisecond)
	rs.stop()
	time.Sleep(2 * time.Second)
	rs2, err := startRedis(rs.port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rs2.stop)
	restarted := time.Now()
	admin := newClient(t, rs2.addr)
	var back time.Duration
	for time.Since(restarted) < 7*time.Second {
		if values, _ := storedKeys(admin, prefix); values > 0 {
			back = time.Since(restarted)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if back == 0 {
		t.Error("no process wrote to Redis within 7s of its restart")
	}
	if err := admin.Do(context.Background(), "CLIENT", "PAUSE", 2000).Err(); err != nil {
		t.Fatal(err)
	}
	var maxLatency time.Duration
	calls, slow, refused := 0, 0, 0
	for _, c := range children {
		res := c.wait(t, run+30*time.Second)
		calls += res.Calls
		slow += res.Slow
		refused += res.Refused
		maxLatency = max(maxLatency, res.MaxLatency)
		if res.Errors != 0 {
			t.Errorf("child %d: %d errors, first: %s", c.cmd.Process.Pid, res.Errors, res.FirstError)
		}
	}
	t.Logf("%v run: %d calls, %d slower than 100ms, max latency %v, %d token requests, Redis written again %v after restart",
		time.Since(start).Round(time.Millisecond), calls, slow, maxLatency, f.tokens.TokenRequests(), back)
	if refused != 0 {
		t.Errorf("API refused %d calls (expired token)", refused)
	}
}
