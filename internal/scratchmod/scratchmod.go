// Package scratchmod writes the parts of the go.mod of a throwaway module
// that builds against this checkout, as the benchmark harnesses
// (internal/cmd/benchpeers, internal/cmd/benchruntime) need for the clients
// they generate.
package scratchmod

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// GoDirective returns the version of the go directive of the go.mod in
// root, or "1.25" (the module's own) when it cannot be read.
func GoDirective(root string) string {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) == 2 && f[0] == "go" {
				return f[1]
			}
		}
	}
	return "1.25"
}

// Replace returns the require and replace directives that make module
// modulePath the checkout in the folder root.
func Replace(modulePath, root string) string {
	if strings.ContainsAny(root, " \t\"'`\\") {
		root = strconv.Quote(root) // go.mod reads Go's quoted strings
	}
	return "require " + modulePath + " v0.0.0\n\nreplace " + modulePath + " => " + root + "\n"
}
