// Package templates holds the text templates sigen renders for output that
// is not built with jennifer (the generated package's doc.go). They are
// embedded in the binary and can be overridden with --templates DIR, which
// must hold files of the same names.
package templates

import "embed"

// FS holds the default templates.
//
//go:embed *.tmpl
var FS embed.FS
