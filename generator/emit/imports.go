package emit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// groupImports rewrites the import block of a rendered file the way
// goimports and gofumpt want it: the standard library first, then a blank
// line, then every other import, each group in path order. jennifer
// renders one sorted block; the rest of the file is left as it is.
func groupImports(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly)
	if err != nil {
		return nil, fmt.Errorf("group imports: %w", err)
	}
	var decl *ast.GenDecl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			if decl != nil {
				return nil, fmt.Errorf("group imports: more than one import declaration")
			}
			decl = g
		}
	}
	if decl == nil || !decl.Lparen.IsValid() {
		return src, nil // no imports, or a single one
	}
	var std, other []string
	for _, s := range decl.Specs {
		spec := s.(*ast.ImportSpec)
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return nil, fmt.Errorf("group imports: %w", err)
		}
		line := spec.Path.Value
		if spec.Name != nil {
			line = spec.Name.Name + " " + line
		}
		if isStdlib(path) {
			std = append(std, line)
		} else {
			other = append(other, line)
		}
	}
	if len(std) == 0 || len(other) == 0 {
		return src, nil
	}
	var b bytes.Buffer
	b.WriteString("import (\n")
	for i, group := range [][]string{std, other} {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, l := range group {
			b.WriteString("\t" + l + "\n")
		}
	}
	b.WriteString(")")
	start, end := fset.Position(decl.Pos()).Offset, fset.Position(decl.End()).Offset
	out := make([]byte, 0, len(src)+1)
	out = append(out, src[:start]...)
	out = append(out, b.Bytes()...)
	return append(out, src[end:]...), nil
}

// isStdlib reports whether an import path is in the standard library: its
// first element has no dot (as goimports decides).
func isStdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
