package flows

import "testing"

func TestSelect(t *testing.T) {
	name := func(f *Flow) string {
		if f == nil {
			return ""
		}
		return f.Name
	}
	for _, tc := range []struct{ what, got, want string }{
		{"Lookup(SIGNET)", name(Lookup("SIGNET")), "signet"},
		{"Lookup(client_credentials)", name(Lookup("client_credentials")), ""},
		{"ByTokenURL(api.signicat.com)", name(ByTokenURL("https://api.signicat.com/auth/open/connect/token")), "signicat"},
		{"ByTokenURL(notsignicat.com)", name(ByTokenURL("https://notsignicat.com/token")), ""},
		{"ByTokenURL(signet host)", name(ByTokenURL("https://api.getsignet.xyz/token")), ""}, // not a client-credentials flow
		{"ByServerURL(signicat.io)", name(ByServerURL("https://x.signicat.io/api")), "signicat"},
		{"ByServerURL(getsignet.xyz)", name(ByServerURL("https://GETSIGNET.XYZ")), "signet"},
		{"ByServerURL(bad)", name(ByServerURL("://")), ""},
		{"Names", Names("--auth ", "or", nil), "--auth signicat or --auth signet"},
		{"Names(refresh)", Names("", "or", func(f *Flow) bool { return f.RefreshURL != "" }), "signet"},
		{"Hint(signet)", Lookup("signet").Hint(), "WithSignetCredentials(key, secret), WithTokenSource(src), or WithCredentialsFromEnv() with SIGNET_API_KEY and SIGNET_API_SECRET set, to NewClient"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.what, tc.got, tc.want)
		}
	}
	if f, own := LookupAlias("ClientCredentials"); f == nil || f.Name != "signicat" || own {
		t.Errorf("LookupAlias(ClientCredentials) = %v, %v; want signicat by alias", f, own)
	}
	if f, own := LookupAlias("signicat"); f == nil || !own {
		t.Errorf("LookupAlias(signicat) = %v, %v; want signicat by name", f, own)
	}
}

// TestTableComplete checks what the generator relies on in every entry.
func TestTableComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range All {
		if f.Name == "" || f.Title == "" || f.Summary == "" || seen[f.Name] {
			t.Errorf("flow %q: empty or duplicate name, title or summary", f.Name)
		}
		seen[f.Name] = true
		if (f.EnvID == "") != (f.EnvSecret == "") || (f.EnvID != "" && f.HintArgs == "") {
			t.Errorf("flow %s: environment variables and hint must come together", f.Name)
		}
		if f.Grant == Custom && (f.Runtime == nil || f.Runtime.Option == "" || f.Runtime.Func == "" || f.Runtime.Constructor == "" || f.Runtime.Describe == nil) {
			t.Errorf("flow %s: a Custom flow needs its Runtime", f.Name)
		}
	}
}
