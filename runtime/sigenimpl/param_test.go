package sigenimpl

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// The values of the OpenAPI 3.1.1 "Style Examples" table (section
// 4.8.12.5): a parameter named color.
var (
	colorEmpty  = Scalar("")
	colorString = Scalar("blue")
	colorArray  = List("blue", "black", "brown")
	colorObject = Object("R", "100", "G", "200", "B", "150")
)

// TestStyleExamplesPath reproduces the table's rows for the path styles
// (matrix, label, simple), which serialise a whole {name} replacement.
func TestStyleExamplesPath(t *testing.T) {
	tests := []struct {
		style                     Style
		explode                   bool
		empty, str, array, object string
	}{
		{StyleMatrix, false, ";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"},
		{StyleMatrix, true, ";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"},
		{StyleLabel, false, ".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"},
		{StyleLabel, true, ".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"},
		{StyleSimple, false, "", "blue", "blue,black,brown", "R,100,G,200,B,150"},
		{StyleSimple, true, "", "blue", "blue,black,brown", "R=100,G=200,B=150"},
		{"", false, "", "blue", "blue,black,brown", "R,100,G,200,B,150"},
		{"", true, "", "blue", "blue,black,brown", "R=100,G=200,B=150"},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			kind string
			v    Value
			want string
		}{
			{"empty", colorEmpty, tt.empty},
			{"string", colorString, tt.str},
			{"array", colorArray, tt.array},
			{"object", colorObject, tt.object},
		} {
			t.Run(string(tt.style)+"/explode="+boolName(tt.explode)+"/"+c.kind, func(t *testing.T) {
				if got := PathParam("color", tt.style, tt.explode, c.v); got != c.want {
					t.Errorf("PathParam(color, %q, %v, %s) = %q, want %q", tt.style, tt.explode, c.kind, got, c.want)
				}
			})
		}
	}
}

// TestStyleExamplesQuery reproduces the table's rows for the query styles
// (form, spaceDelimited, pipeDelimited, deepObject), without the leading
// '?'. Cells marked n/a in the table hold the documented fallback and are
// marked so.
func TestStyleExamplesQuery(t *testing.T) {
	tests := []struct {
		style                     Style
		explode                   bool
		empty, str, array, object string
	}{
		{StyleForm, false, "color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"},
		{StyleForm, true, "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"},
		{"", false, "color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"},
		{"", true, "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"},
		// Table: empty and string n/a; fallback form.
		{StyleSpaceDelimited, false, "color=", "color=blue", "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"},
		// Table: all n/a; fallback form with explode.
		{StyleSpaceDelimited, true, "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"},
		{StylePipeDelimited, false, "color=", "color=blue", "color=blue%7Cblack%7Cbrown", "color=R%7C100%7CG%7C200%7CB%7C150"},
		{StylePipeDelimited, true, "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"},
		// Table: only the exploded object is defined; the rest falls back to
		// form with explode, and explode is ignored.
		{StyleDeepObject, true, "color=", "color=blue", "color=blue&color=black&color=brown", "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"},
		{StyleDeepObject, false, "color=", "color=blue", "color=blue&color=black&color=brown", "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			kind string
			v    Value
			want string
		}{
			{"empty", colorEmpty, tt.empty},
			{"string", colorString, tt.str},
			{"array", colorArray, tt.array},
			{"object", colorObject, tt.object},
		} {
			t.Run(string(tt.style)+"/explode="+boolName(tt.explode)+"/"+c.kind, func(t *testing.T) {
				for _, allowReserved := range []bool{false, true} {
					var q Query
					q.Add("color", tt.style, tt.explode, allowReserved, c.v)
					if got := q.Encode(); got != c.want {
						t.Errorf("Add(color, %q, %v, allowReserved=%v, %s).Encode() = %q, want %q", tt.style, tt.explode, allowReserved, c.kind, got, c.want)
					}
				}
			})
		}
	}
}

func boolName(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func TestPathParamEscaping(t *testing.T) {
	tests := []struct {
		name    string
		style   Style
		explode bool
		v       Value
		want    string
	}{
		{"slash", StyleSimple, false, Scalar("a/b"), "a%2Fb"},
		{"dot segment", StyleSimple, false, Scalar(".."), ".."},
		{"query and fragment", StyleSimple, false, Scalar("x?y=1#z"), "x%3Fy%3D1%23z"},
		{"percent", StyleSimple, false, Scalar("100%"), "100%25"},
		{"percent triplet not kept", StyleSimple, false, Scalar("%2F"), "%252F"},
		{"space and plus", StyleSimple, false, Scalar("a b+c"), "a%20b%2Bc"},
		{"unreserved kept", StyleSimple, false, Scalar("AZaz09-._~"), "AZaz09-._~"},
		{"sub-delims", StyleSimple, false, Scalar("!$&'()*+,;="), "%21%24%26%27%28%29%2A%2B%2C%3B%3D"},
		{"gen-delims", StyleSimple, false, Scalar(":/?#[]@"), "%3A%2F%3F%23%5B%5D%40"},
		{"unicode", StyleSimple, false, Scalar("café ☕"), "caf%C3%A9%20%E2%98%95"},
		{"comma in list item", StyleSimple, false, List("a,b", "c"), "a%2Cb,c"},
		{"object key and value", StyleSimple, true, Object("k=1", "v;2"), "k%3D1=v%3B2"},
		{"label item with dot", StyleLabel, true, List("a.b", "c/d"), ".a.b.c%2Fd"},
		{"matrix name escaped", StyleMatrix, false, Scalar("x"), ";na%20me=x"},
		{"matrix semicolon value", StyleMatrix, true, List("a;b"), ";na%20me=a%3Bb"},
		{"matrix empty list", StyleMatrix, true, List(), ";na%20me"},
		{"matrix empty list item", StyleMatrix, true, List("a", ""), ";na%20me=a;na%20me"},
		{"matrix exploded object empty value", StyleMatrix, true, Object("k", ""), ";k"},
		{"label empty object", StyleLabel, false, Object(), "."},
		{"simple empty list", StyleSimple, true, List(), ""},
		{"single item list", StyleMatrix, false, List("a"), ";na%20me=a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "na me"
			if got := PathParam(name, tt.style, tt.explode, tt.v); got != tt.want {
				t.Errorf("PathParam(%q, %q, %v, %v) = %q, want %q", name, tt.style, tt.explode, tt.v, got, tt.want)
			}
		})
	}
}

func TestQueryEscaping(t *testing.T) {
	tests := []struct {
		name          string
		style         Style
		explode       bool
		allowReserved bool
		v             Value
		want          string
	}{
		{"reserved escaped", StyleForm, true, false, Scalar(":/?#[]@!$&'()*+,;="), "q=%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D"},
		{"allowReserved keeps reserved", StyleForm, true, true, Scalar(":/?@!$'()*,;"), "q=:/?@!$'()*,;"},
		{"allowReserved still escapes query breakers", StyleForm, true, true, Scalar("a&b=c+d#e[f]"), "q=a%26b%3Dc%2Bd%23e%5Bf%5D"},
		{"allowReserved keeps triplets", StyleForm, true, true, Scalar("a%2Fb%zz%"), "q=a%2Fb%25zz%25"},
		{"allowReserved escapes space and unicode", StyleForm, true, true, Scalar("é x"), "q=%C3%A9%20x"},
		{"no allowReserved escapes triplets", StyleForm, true, false, Scalar("a%2Fb"), "q=a%252Fb"},
		{"space is %20", StyleForm, true, false, Scalar("a b"), "q=a%20b"},
		{"unicode", StyleForm, true, false, Scalar("日本"), "q=%E6%97%A5%E6%9C%AC"},
		{"name escaped even with allowReserved", StyleForm, true, true, Scalar("x"), "q=x"},
		{"exploded object keys escaped", StyleForm, true, false, Object("a b", "c&d"), "a%20b=c%26d"},
		{"exploded object keys allowReserved", StyleForm, true, true, Object("a/b", "c/d"), "a/b=c/d"},
		{"exploded object empty value", StyleForm, true, false, Object("k", ""), "k="},
		{"exploded list empty item", StyleForm, true, false, List("a", ""), "q=a&q="},
		{"comma in unexploded item", StyleForm, false, false, List("a,b", "c"), "q=a%2Cb,c"},
		{"comma in unexploded item allowReserved", StyleForm, false, true, List("a,b", "c"), "q=a,b,c"},
		{"pipe in pipeDelimited item", StylePipeDelimited, false, false, List("a|b", "c"), "q=a%7Cb%7Cc"},
		{"space in spaceDelimited item", StyleSpaceDelimited, false, false, List("a b", "c"), "q=a%20b%20c"},
		{"deepObject key escaped", StyleDeepObject, true, false, Object("a]b", "c d"), "q%5Ba%5Db%5D=c%20d"},
		{"deepObject allowReserved value", StyleDeepObject, true, true, Object("k", "a/b"), "q%5Bk%5D=a/b"},
		{"empty list", StyleForm, true, false, List(), "q="},
		{"empty object", StyleDeepObject, true, false, Object(), "q="},
		{"empty list pipeDelimited", StylePipeDelimited, false, false, List(), "q="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q Query
			q.Add("q", tt.style, tt.explode, tt.allowReserved, tt.v)
			if got := q.Encode(); got != tt.want {
				t.Errorf("Add(q, %q, %v, %v, %v).Encode() = %q, want %q", tt.style, tt.explode, tt.allowReserved, tt.v, got, tt.want)
			}
		})
	}
}

// TestQueryRoundTrip checks that net/url decodes what Query encodes back to
// the original strings, in order.
func TestQueryRoundTrip(t *testing.T) {
	odd := "a&b=c+d e%f#g[h]/?;,é\x00"
	var q Query
	q.Add("z", "", true, false, Scalar(odd))
	q.Add("a b", StyleForm, true, false, List(odd, "2"))
	// Without ';', which reserved expansion keeps and net/url rejects.
	q.Add("r", StyleForm, true, true, Scalar(strings.ReplaceAll(odd, ";", "")))
	q.AddRaw("filter", `{"name":"x&y","n":1}`)
	got, err := url.ParseQuery(q.Encode())
	if err != nil {
		t.Fatalf("url.ParseQuery(%q): %v", q.Encode(), err)
	}
	want := url.Values{
		"z":      {odd},
		"a b":    {odd, "2"},
		"r":      {strings.ReplaceAll(odd, ";", "")},
		"filter": {`{"name":"x&y","n":1}`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("url.ParseQuery(%q) = %q, want %q", q.Encode(), got, want)
	}
	if enc := q.Encode(); !strings.HasPrefix(enc, "z=") || !strings.Contains(enc, "&filter=") || strings.Index(enc, "a%20b=") > strings.Index(enc, "&r=") {
		t.Errorf("Encode() = %q, want parameters in insertion order", enc)
	}
}

func TestQueryOrderAndEmpty(t *testing.T) {
	var q Query
	if got := q.Encode(); got != "" {
		t.Errorf("empty Query Encode() = %q, want \"\"", got)
	}
	q.Add("b", "", true, false, Scalar("1"))
	q.AddRaw("a", "{}")
	q.Add("c", StyleDeepObject, true, false, Object("y", "1", "x", "2"))
	q.Add("b", "", true, false, Scalar("3"))
	if got, want := q.Encode(), "b=1&a=%7B%7D&c%5By%5D=1&c%5Bx%5D=2&b=3"; got != want {
		t.Errorf("Encode() = %q, want %q", got, want)
	}
}

func TestHeaderParam(t *testing.T) {
	tests := []struct {
		name    string
		explode bool
		v       Value
		want    string
	}{
		{"string", false, colorString, "blue"},
		{"empty", false, colorEmpty, ""},
		{"array", false, colorArray, "blue,black,brown"},
		{"array explode", true, colorArray, "blue,black,brown"},
		{"object", false, colorObject, "R,100,G,200,B,150"},
		{"object explode", true, colorObject, "R=100,G=200,B=150"},
		{"not percent-encoded", false, Scalar("a b/c%20é;q=1"), "a b/c%20é;q=1"},
		{"control characters encoded", false, Scalar("a\r\nX-Evil: 1\x00\x7f\tb"), "a%0D%0AX-Evil: 1%00%7F\tb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HeaderParam(tt.explode, tt.v); got != tt.want {
				t.Errorf("HeaderParam(%v, %v) = %q, want %q", tt.explode, tt.v, got, tt.want)
			}
		})
	}
}

func TestCookieParam(t *testing.T) {
	tests := []struct {
		name    string
		explode bool
		v       Value
		want    string
	}{
		{"empty", true, colorEmpty, "color="},
		{"string", true, colorString, "color=blue"},
		{"array", false, colorArray, "color=blue,black,brown"},
		{"array explode", true, colorArray, "color=blue; color=black; color=brown"},
		{"object", false, colorObject, "color=R,100,G,200,B,150"},
		{"object explode", true, colorObject, "R=100; G=200; B=150"},
		{"value escaped", true, Scalar(`a; b="c"`), "color=a%3B%20b%3D%22c%22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CookieParam("color", tt.explode, tt.v); got != tt.want {
				t.Errorf("CookieParam(color, %v, %v) = %q, want %q", tt.explode, tt.v, got, tt.want)
			}
		})
	}
}

func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"Object odd", func() { Object("a") }}, //lint:ignore SA5012 the odd count is the point
		{"PathParam form", func() { PathParam("x", StyleForm, false, Scalar("a")) }},
		{"PathParam deepObject", func() { PathParam("x", StyleDeepObject, true, Object("a", "b")) }},
		{"Query.Add simple", func() { new(Query).Add("x", StyleSimple, false, false, Scalar("a")) }},
		{"Query.Add matrix", func() { new(Query).Add("x", StyleMatrix, false, false, Scalar("a")) }},
		{"Query.Add unknown", func() { new(Query).Add("x", "csv", false, false, Scalar("a")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", tt.name)
				}
			}()
			tt.f()
		})
	}
}
