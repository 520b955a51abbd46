package generator

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/model"
)

// bind applies --auth bindings: it marks a bearer scheme (the named one, or
// the only one, or a new one when the spec declares none) with the
// x-sigen-token extension, exactly as if the spec had said so.
func bind(spec *load.Spec, bindings []model.Binding, diag *load.Diagnostics) error {
	doc := spec.Doc
	for _, b := range bindings {
		flow := strings.ToLower(b.Flow)
		if flow != "signicat" && flow != "signet" {
			return fmt.Errorf("auth binding: unknown flow %q (want signicat or signet)", b.Flow)
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
