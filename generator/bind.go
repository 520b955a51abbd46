package generator

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/resolve"
)

// noSecurityNote warns when the spec declares no security scheme and no
// binding adds one: the client would then have no credential options at
// all, and a program written for a token flow would not compile. The note
// says how to bind a flow, naming the vendor when the spec's servers are on
// the hosts of a flow of generator/flows. (A binding on a spec without
// schemes either adds one or is an error of resolve.Build.)
func noSecurityNote(spec *load.Spec, bindings []resolve.Binding, notes *load.Diagnostics) {
	doc := spec.Doc
	if len(bindings) > 0 || doc.Components != nil && len(doc.Components.SecuritySchemes) > 0 {
		return
	}
	pos := load.Pos{File: spec.File, Pointer: "#/components/securitySchemes"}
	if f := serverFlow(doc.Servers); f != nil {
		notes.Warn(pos, "the spec declares no security scheme, so the client will have no credential options; its servers are %s's: generate with --auth %s (or an auth: entry with flow: %s in sigen.yaml, or an overlay that adds a security scheme)", f.Title, f.Name, f.Name)
		return
	}
	notes.Warn(pos, "the spec declares no security scheme, so the client will send no credentials; if the API needs a token, generate with %s (or an auth: entry in sigen.yaml, or an overlay that adds a security scheme)", flows.Names("--auth ", "or", nil))
}

// serverFlow returns the flow whose server hosts hold a server of the spec,
// or nil.
func serverFlow(servers openapi3.Servers) *flows.Flow {
	for _, s := range servers {
		if s == nil {
			continue
		}
		if f := flows.ByServerURL(s.URL); f != nil {
			return f
		}
	}
	return nil
}

// strictError returns the first of warnings as a --strict error, saying how
// many more there are, or nil if there are none.
func strictError(warnings []*load.SpecError) error {
	if len(warnings) == 0 {
		return nil
	}
	w := warnings[0]
	msg := w.Msg
	if w.Err != nil {
		msg = w.Error()
		msg = strings.TrimPrefix(msg, w.Pos.String()+": ")
	}
	if n := len(warnings) - 1; n == 1 {
		msg += " (and 1 more warning)"
	} else if n > 1 {
		msg += fmt.Sprintf(" (and %d more warnings)", n)
	}
	return &load.SpecError{Pos: w.Pos, Msg: "invalid spec (--strict)", Err: errors.New(msg)}
}
