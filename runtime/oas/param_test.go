package oas

import "testing"

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
