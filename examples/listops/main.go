// Command listops is a tiny sigen back end: it reads the model that
// `sigen model` prints and lists the operations of the client, one a line,
// as Go method name, HTTP method, path and result type.
//
//	sigen model -i specs/signicat/sign.yaml | go run ./examples/listops
//
// It knows nothing of sigen's packages: it decodes the JSON into the few
// fields it needs, as a back end in any language can.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// doc is the part of the model listops reads.
type doc struct {
	Version int `json:"version"`
	API     struct {
		Operations []struct {
			Name   string `json:"name"`
			Method string `json:"method"`
			Path   string `json:"path"`
			Result *typ   `json:"result"`
		} `json:"operations"`
	} `json:"api"`
}

// typ is a type expression of the model.
type typ struct {
	Kind string `json:"kind"` // builtin, qual, named, slice, map, nullable
	Name string `json:"name"`
	Path string `json:"path"`
	Elem *typ   `json:"elem"`
}

func (t *typ) String() string {
	if t == nil {
		return "-"
	}
	switch t.Kind {
	case "slice":
		return "[]" + t.Elem.String()
	case "map":
		return "map[string]" + t.Elem.String()
	case "nullable":
		return "oas.Nullable[" + t.Elem.String() + "]"
	case "qual":
		return t.Path[strings.LastIndex(t.Path, "/")+1:] + "." + t.Name
	}
	return t.Name
}

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "listops:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	var d doc
	if err := json.NewDecoder(in).Decode(&d); err != nil {
		return fmt.Errorf("read model: %w", err)
	}
	if d.Version != 1 {
		return fmt.Errorf("model version %d, want 1", d.Version)
	}
	for _, op := range d.API.Operations {
		fmt.Fprintf(out, "%s\t%s %s\t%s\n", op.Name, op.Method, op.Path, op.Result)
	}
	return nil
}
