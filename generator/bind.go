package generator

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/resolve"
)

// bind applies --auth bindings: it marks a bearer scheme (the named one, or
// the only one, or a new one when the spec declares none) with the
// x-sigen-token extension, exactly as if the spec had said so.
func bind(spec *load.Spec, bindings []resolve.Binding, diag *load.Diagnostics) error {
	doc := spec.Doc
	for _, b := range bindings {
		flow := strings.ToLower(b.Flow)
		if flows.Lookup(flow) == nil {
			return fmt.Errorf("auth binding: unknown flow %q (want %s)", b.Flow, flows.Names("", "or", nil))
		}
		if doc.Components == nil {
			doc.Components = &openapi3.Components{}
		}
		if doc.Components.SecuritySchemes == nil {
			doc.Components.SecuritySchemes = openapi3.SecuritySchemes{}
		}
		name := b.Scheme
		if name == "" {
			var bearer []string
			for n, s := range doc.Components.SecuritySchemes {
				if s != nil && s.Value != nil && strings.EqualFold(s.Value.Type, "http") && strings.EqualFold(s.Value.Scheme, "bearer") {
					bearer = append(bearer, n)
				}
			}
			sort.Strings(bearer)
			switch len(bearer) {
			case 0:
				name = "sigenAuth"
				if _, taken := doc.Components.SecuritySchemes[name]; taken {
					return fmt.Errorf("auth binding: the spec declares no bearer scheme and %q is taken; name a scheme", name)
				}
				doc.Components.SecuritySchemes[name] = &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}}
				if len(doc.Security) == 0 {
					doc.Security = openapi3.SecurityRequirements{{name: {}}}
				}
				diag.Warn(load.Pos{File: spec.File, Pointer: "#/components/securitySchemes"}, "the spec declares no bearer scheme; added %q for the %s binding and required it on every operation that does not say security: []", name, flow)
			case 1:
				name = bearer[0]
			default:
				return fmt.Errorf("auth binding: the spec declares several bearer schemes (%s); name one", strings.Join(bearer, ", "))
			}
		}
		ref, ok := doc.Components.SecuritySchemes[name]
		if !ok || ref == nil || ref.Value == nil {
			return fmt.Errorf("auth binding: the spec declares no security scheme %q", name)
		}
		ext := map[string]any{"flow": flow}
		if b.TokenURL != "" {
			ext["tokenUrl"] = b.TokenURL
		}
		if b.RefreshURL != "" {
			ext["refreshUrl"] = b.RefreshURL
		}
		if len(b.Scopes) > 0 {
			scopes := make([]any, len(b.Scopes))
			for i, s := range b.Scopes {
				scopes[i] = s
			}
			ext["scopes"] = scopes
		}
		if ref.Value.Extensions == nil {
			ref.Value.Extensions = map[string]any{}
		}
		ref.Value.Extensions["x-sigen-token"] = ext
	}
	return nil
}

// noSecurityNote warns when the spec, after bindings, declares no security
// scheme: the client would then have no credential options at all, and a
// program written for a token flow would not compile. The note says how to
// bind a flow, naming the vendor when the spec's servers are on the hosts
// of a flow of generator/flows.
func noSecurityNote(spec *load.Spec, notes *load.Diagnostics) {
	doc := spec.Doc
	if doc.Components != nil && len(doc.Components.SecuritySchemes) > 0 {
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
