package sigenimpl

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzQuery checks that net/url decodes any value Query encodes back to the
// original, and that a path parameter never contains a character that
// would change the path's structure.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"", "a b", "a&b=c", "%zz%41", "é/?#[]", "\x00\r\n", "+;,"} {
		f.Add(s, s, false)
		f.Add(s, s, true)
	}
	f.Fuzz(func(t *testing.T, name, value string, allowReserved bool) {
		if allowReserved {
			// Reserved expansion keeps ';', which net/url rejects, and
			// existing %XX triplets, which it decodes.
			value = strings.NewReplacer(";", "", "%", "").Replace(value)
		}
		var q Query
		q.Add(name, StyleForm, true, allowReserved, Scalar(value))
		got, err := url.ParseQuery(q.Encode())
		if err != nil {
			t.Fatalf("url.ParseQuery(%q): %v", q.Encode(), err)
		}
		if len(got) != 1 || len(got[name]) != 1 || got[name][0] != value {
			t.Fatalf("url.ParseQuery(%q) = %q, want %q: [%q]", q.Encode(), got, name, value)
		}
		for _, style := range []Style{StyleSimple, StyleLabel, StyleMatrix} {
			p := PathParam(name, style, true, List(value, value))
			if strings.ContainsAny(p, "/?#") {
				t.Fatalf("PathParam(%q, %s) = %q contains a path delimiter", value, style, p)
			}
			if u, err := url.PathUnescape(p); err != nil || (style == StyleSimple && u != value+","+value) {
				t.Fatalf("url.PathUnescape(PathParam(%q, simple)) = %q, %v", value, u, err)
			}
		}
	})
}
