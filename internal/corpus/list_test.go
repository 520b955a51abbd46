package corpus

import (
	"strings"
	"testing"
)

func TestDefaultList(t *testing.T) {
	specs, err := Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	sets := map[string]int{}
	expect := map[Expect]int{}
	for _, s := range specs {
		sets[s.Set]++
		expect[s.Expect]++
		if s.Registry == NPM && s.SHA256 == "" {
			t.Errorf("%s: npm spec without sha256", s.Name)
		}
	}
	// 27 real specs from shared/corpus/MANIFEST.md and 6 with repaired
	// defects; 25 edge specs from the manifest and a Swagger 2.0 spec.
	if sets["real"] != 33 || sets["edge"] != 26 {
		t.Errorf("sets = %v, want 33 real and 26 edge", sets)
	}
	if expect[ExpectFail] != 0 {
		t.Errorf("%d specs expected to fail, want none", expect[ExpectFail])
	}
	names := map[string]Spec{}
	for _, s := range specs {
		names[s.Name] = s
	}
	// libopenapi-circular writes properties named allOf, oneOf and anyOf
	// as lists; they are dropped with a warning.
	for _, n := range []string{"stripe-old-dupkey", "ogen-sample", "github-rest", "libopenapi-circular", "revai-response-ref"} {
		if s := names[n]; s.Expect != ExpectOK {
			t.Errorf("%s expect = %q, want ok", n, s.Expect)
		}
	}
	gh := names["github-rest"]
	if gh.Package != "@octokit/openapi" || gh.Version != "23.0.2" || gh.Registry != NPM {
		t.Errorf("github-rest = %+v, want npm @octokit/openapi@23.0.2", gh)
	}
}

func TestParse(t *testing.T) {
	const sha = "fc79b4dcda305eb20abe4f61464621cfd810d950a399434451a8615f0d4edca9"
	in := "# comment\n\n" +
		"real\tpets\tgomod\tgithub.com/x/y@v1.2.3\ta/pets.yaml\t-\tok\n" +
		"edge\tbad-one\tnpm\t@scope/pkg@0.6.12\tpackage/x.json\t" + sha + "\tfail\r\n"
	specs, err := Parse(strings.NewReader(in), "list.tsv")
	if err != nil {
		t.Fatalf("Parse() error: %v", err)
	}
	want := []Spec{
		{Set: "real", Name: "pets", Registry: GoMod, Package: "github.com/x/y", Version: "v1.2.3", Path: "a/pets.yaml", Expect: ExpectOK},
		{Set: "edge", Name: "bad-one", Registry: NPM, Package: "@scope/pkg", Version: "0.6.12", Path: "package/x.json", SHA256: sha, Expect: ExpectFail},
	}
	if len(specs) != len(want) {
		t.Fatalf("Parse() = %d specs, want %d", len(specs), len(want))
	}
	for i := range want {
		if specs[i] != want[i] {
			t.Errorf("spec %d = %+v, want %+v", i, specs[i], want[i])
		}
	}
}

func TestParseErrors(t *testing.T) {
	row := func(f ...string) string { return strings.Join(f, "\t") + "\n" }
	ok := row("real", "a", "gomod", "github.com/x/y@v1.0.0", "a.yaml", "-", "ok")
	tests := []struct {
		name, in, want string
	}{
		{"fields", "real\ta\tgomod\n", "want 7"},
		{"set", row("other", "a", "gomod", "m@v1.0.0", "a.yaml", "-", "ok"), "set"},
		{"registry", row("real", "a", "pypi", "m@v1.0.0", "a.yaml", "-", "ok"), "registry"},
		{"no version", row("real", "a", "gomod", "github.com/x/y", "a.yaml", "-", "ok"), "package@version"},
		{"latest", row("real", "a", "npm", "pkg@latest", "a.yaml", strings.Repeat("a", 64), "ok"), "exact version"},
		{"range", row("real", "a", "npm", "pkg@^1.0.0", "a.yaml", strings.Repeat("a", 64), "ok"), "exact version"},
		{"npm sha", row("real", "a", "npm", "pkg@1.0.0", "a.yaml", "-", "ok"), "sha256"},
		{"gomod sha", row("real", "a", "gomod", "m@v1.0.0", "a.yaml", strings.Repeat("a", 64), "ok"), "npm only"},
		{"path", row("real", "a", "gomod", "m@v1.0.0", "../a.yaml", "-", "ok"), "relative path"},
		{"expect", row("real", "a", "gomod", "m@v1.0.0", "a.yaml", "-", "maybe"), "expect"},
		{"dup", ok + ok, "duplicate name"},
		{"empty", "# nothing\n", "no specs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in), "list.tsv")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	specs := []Spec{{Set: "real", Name: "a"}, {Set: "edge", Name: "b"}, {Set: "real", Name: "c"}}
	names := func(ss []Spec) string {
		var n []string
		for _, s := range ss {
			n = append(n, s.Name)
		}
		return strings.Join(n, ",")
	}
	tests := []struct {
		set     string
		only    []string
		want    string
		wantErr string
	}{
		{set: "all", want: "a,b,c"},
		{set: "real", want: "a,c"},
		{set: "edge", want: "b"},
		{set: "all", only: []string{"c", "a"}, want: "a,c"},
		{set: "all", only: []string{"b", "c"}, want: "b,c"},
		{set: "edge", only: []string{"b"}, want: "b"},
		{set: "edge", only: []string{"a"}, wantErr: "a (not in set edge)"},
		{set: "all", only: []string{"zz"}, wantErr: "zz"},
		{set: "some", wantErr: "want real, edge or all"},
	}
	for _, tt := range tests {
		got, err := Select(specs, tt.set, tt.only)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Select(%q, %q) error = %v, want %q", tt.set, tt.only, err, tt.wantErr)
			}
			continue
		}
		if err != nil || names(got) != tt.want {
			t.Errorf("Select(%q, %q) = %q, %v, want %q", tt.set, tt.only, names(got), err, tt.want)
		}
	}
}

func TestPackageName(t *testing.T) {
	tests := map[string]string{
		"github-rest":        "githubrest",
		"2ch":                "api2ch",
		"ogen-allOf":         "ogenallof",
		"swagger.petstore_3": "swaggerpetstore3",
		"---":                "api",
	}
	for in, want := range tests {
		if got := PackageName(in); got != want {
			t.Errorf("PackageName(%q) = %q, want %q", in, got, want)
		}
	}
}
