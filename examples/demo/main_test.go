package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestRunAgainstFakes(t *testing.T) {
	var buf bytes.Buffer
	if err := run(context.Background(), &buf, false); err != nil {
		t.Fatalf("run: %v\n%s", err, buf.String())
	}
	out := buf.String()
	for _, want := range []string{
		// Signicat: fetched once, reused, refetched after expiry, one retry after revocation.
		"1. CreateSession -> 5e551000-0000-4000-8000-000000000001 CREATED\n   sent with Bearer tok-1\n   token service: 1 token request (token fetched); API: 1 request\n",
		"2. GetSession -> 5e551000-0000-4000-8000-000000000001 CREATED\n   token service: 1 token request (token reused); API: 2 requests\n",
		"   GetSession -> CREATED, sent with Bearer tok-2\n   token service: 2 token requests (new token fetched); API: 3 requests\n",
		"4. the server revokes tok-2\n   CancelSession -> CANCELLED\n   API answered 401 with Bearer tok-2, then 200 with Bearer tok-3 (one retry)\n   token service: 3 token requests (new token fetched); API: 5 requests\n",
		// Signet: generated once, reused, refreshed after expiry, one retry after revocation.
		"-> User blacklisted successfully. Partner ID: 9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a\n   sent with Bearer tok-1\n   token service: generate-token 1, refresh-token 0 (token generated); API: 1 request\n",
		"2. CheckBlacklistStatus -> blacklisted: true, reason: chargeback_abuse\n   token service: generate-token 1, refresh-token 0 (token reused); API: 2 requests\n",
		"   3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c PAYMENT_FRAUD HIGH\n",
		"   token service: generate-token 1, refresh-token 1 (renewed with the refresh token); API: 4 requests\n",
		"   API answered 401 with Bearer tok-2, then 200 with Bearer tok-3 (one retry after Signet's success:false refusal)\n   token service: generate-token 1, refresh-token 2 (renewed with the refresh token); API: 6 requests\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks\n%s\ngot:\n%s", want, out)
		}
	}
	for _, secret := range []string{fakeClientSecret, fakeAPISecret} {
		if strings.Contains(out, secret) {
			t.Errorf("output contains the secret %q", secret)
		}
	}

	// The output is deterministic: a second run prints the same.
	var again bytes.Buffer
	if err := run(context.Background(), &again, false); err != nil {
		t.Fatal(err)
	}
	if again.String() != out {
		t.Errorf("second run differs:\n%s\nfirst:\n%s", again.String(), out)
	}

	// README.md's demo section shows this exact output.
	doc, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// The block is found by its first line, wherever README puts it.
	_, block, ok := strings.Cut(string(doc), "```text\n"+firstLine(out))
	block, _, ok2 := strings.Cut(block, "```\n")
	if !ok || !ok2 {
		t.Fatalf("README.md has no ```text block starting with %q", firstLine(out))
	}
	if block = firstLine(out) + block; block != out {
		t.Errorf("README.md shows stale demo output; paste the output of go run ./examples/demo:\n%s", out)
	}
}

func TestLiveNeedsCredentials(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"none", nil, "set SIGNICAT_CLIENT_ID and SIGNICAT_CLIENT_SECRET"},
		{"signicat secret missing", map[string]string{"SIGNICAT_CLIENT_ID": "sandbox-x"}, "SIGNICAT_CLIENT_ID is set but SIGNICAT_CLIENT_SECRET is not"},
		{"signet key missing", map[string]string{"SIGNET_API_SECRET": "sk-never-printed"}, "SIGNET_API_SECRET is set but SIGNET_API_KEY is not"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, v := range append(signicatEnv, signetEnv...) {
				t.Setenv(v, tc.env[v])
			}
			var buf bytes.Buffer
			err := run(context.Background(), &buf, true)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
			if tc.env == nil && !errors.Is(err, errNoCredentials) {
				t.Errorf("err = %v, want errNoCredentials", err)
			}
			if strings.Contains(err.Error()+buf.String(), "sk-never-printed") {
				t.Errorf("a secret was printed")
			}
			if buf.Len() != 0 {
				t.Errorf("printed %q before refusing", buf.String())
			}
		})
	}
}

// firstLine returns s up to and including its first newline.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i+1]
	}
	return s
}
