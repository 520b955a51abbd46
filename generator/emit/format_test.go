package emit

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/generator/model"
)

// Source that does not format (a bug: names are validated before they get
// here, so the model is built by hand) is reported with the spec element
// that produced the line and a temporary file holding the source, never
// with the whole file in the message.
func TestFormatFailureNamesSourceNotWholeFile(t *testing.T) {
	good := &model.Named{Name: "Good", Source: "#/components/schemas/Good", Struct: &model.Struct{}}
	bad := &model.Named{Name: "Thing struct{}; func init() { panic(1) }; type Other", Source: "#/components/schemas/Bad",
		Struct: &model.Struct{Fields: []*model.Field{{Name: "A B", JSONName: "a", Type: model.String, Required: true}}}}
	api := &model.API{Title: "t", SpecFile: "spec.json", Types: []*model.Named{good, bad}, Client: testClientNames()}
	_, err := Files(api, Options{Package: "p"})
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("Files error = %v, want a *FormatError", err)
	}
	if fe.File != "types.go" || fe.Pointer != "#/components/schemas/Bad" || fe.Line == 0 {
		t.Errorf("FormatError{File: %q, Line: %d, Pointer: %q}, want types.go, a line, #/components/schemas/Bad", fe.File, fe.Line, fe.Pointer)
	}
	msg := err.Error()
	if strings.Contains(msg, "package p") || strings.Contains(msg, "\n") || len(msg) > 600 {
		t.Errorf("error holds source or spans lines (%d bytes):\n%s", len(msg), msg)
	}
	if fe.TempFile == "" || !strings.Contains(msg, fe.TempFile) {
		t.Fatalf("error %q does not name the saved source", msg)
	}
	defer os.Remove(fe.TempFile)
	src, err := os.ReadFile(fe.TempFile)
	if err != nil || !strings.Contains(string(src), "type Good struct") {
		t.Errorf("saved source: %v\n%s", err, src)
	}
}
