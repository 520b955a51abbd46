package naming

import (
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// FuzzScope checks the collision resolver: names handed out are distinct,
// never reserved, valid identifiers when the input is, and either the name
// asked for or that name with a numeric suffix of at least 2; the result
// depends only on the order of the requests.
func FuzzScope(f *testing.F) {
	f.Add("Client,NewClient", "Client,Client,Client2,Pet,Pet")
	f.Add("", "a,a,a2,a,a22")
	f.Add("X", ",,x,X,X2")
	f.Add("Error", "error,Error,ERROR,error_")
	f.Fuzz(func(t *testing.T, reserved, requests string) {
		res := strings.Split(reserved, ",")
		reqs := strings.Split(requests, ",")
		if len(reqs) > 200 {
			reqs = reqs[:200]
		}
		run := func() []string {
			s := NewScope(res...)
			out := make([]string, len(reqs))
			for i, r := range reqs {
				out[i] = s.Unique(Exported(r))
			}
			return out
		}
		got := run()
		seen := make(map[string]bool)
		for _, r := range res {
			seen[r] = true
		}
		for i, name := range got {
			want := Exported(reqs[i])
			if seen[name] {
				t.Fatalf("Unique(%q) = %q: already taken (reserved %q, requests %q)", want, name, res, reqs)
			}
			seen[name] = true
			if !token.IsIdentifier(name) || !token.IsExported(name) {
				t.Fatalf("Unique(%q) = %q: not a valid exported identifier", want, name)
			}
			if name != want {
				suffix, ok := strings.CutPrefix(name, want)
				n, err := strconv.Atoi(suffix)
				if !ok || err != nil || n < 2 || strconv.Itoa(n) != suffix {
					t.Fatalf("Unique(%q) = %q: want the name or the name with a suffix >= 2", want, name)
				}
			}
		}
		again := run()
		for i := range got {
			if got[i] != again[i] {
				t.Fatalf("not deterministic: %q then %q", got, again)
			}
		}
	})
}
