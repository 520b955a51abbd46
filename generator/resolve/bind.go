package resolve

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/sigen-dev/sigen/generator/load"
)

// addedScheme is the name of the bearer scheme a binding adds when the spec
// declares none.
const addedScheme = "sigenAuth"

// flowToken binds a security scheme to a token flow: what the spec's
// x-sigen-token extension or a Binding says.
type flowToken struct {
	flow       string
	tokenURL   string
	refreshURL string
	scopes     []string
}

// tokenExtension reads a scheme's x-sigen-token extension.
func tokenExtension(ext any) flowToken {
	m, _ := ext.(map[string]any)
	var t flowToken
	t.flow, _ = m["flow"].(string)
	t.tokenURL, _ = m["tokenUrl"].(string)
	t.refreshURL, _ = m["refreshUrl"].(string)
	t.scopes = stringList(m["scopes"])
	return t
}

// bindings is what the Bindings of a Config make of the spec's security
// schemes, without changing the spec: the flow each bound scheme gets (in
// place of its own x-sigen-token extension), and whether the bearer scheme
// addedScheme is added and required by default.
type bindings struct {
	tokens map[string]flowToken
	added  bool
}

// bind applies cfg.Bindings: each marks a bearer scheme (the named one, or
// the only one, or addedScheme when the spec declares none) with a token
// flow, exactly as an x-sigen-token extension of the spec would.
func (b *builder) bind() (bindings, error) {
	bound := bindings{tokens: map[string]flowToken{}}
	doc := b.spec.Doc
	var declared openapi3.SecuritySchemes
	if doc.Components != nil {
		declared = doc.Components.SecuritySchemes
	}
	for _, bd := range b.cfg.Bindings {
		flow := strings.ToLower(bd.Flow)
		if flows.Lookup(flow) == nil {
			return bindings{}, fmt.Errorf("auth binding: unknown flow %q (want %s)", bd.Flow, flows.Names("", "or", nil))
		}
		name := bd.Scheme
		if name == "" {
			var bearer []string
			for _, n := range slices.Sorted(maps.Keys(declared)) {
				if s := declared[n]; s != nil && s.Value != nil && strings.EqualFold(s.Value.Type, "http") && strings.EqualFold(s.Value.Scheme, "bearer") {
					bearer = append(bearer, n)
				}
			}
			if bound.added {
				bearer = append(bearer, addedScheme)
				slices.Sort(bearer)
			}
			switch len(bearer) {
			case 0:
				name = addedScheme
				if _, taken := declared[name]; taken {
					return bindings{}, fmt.Errorf("auth binding: the spec declares no bearer scheme and %q is taken; name a scheme", name)
				}
				bound.added = true
				b.notes.Warn(load.Pos{File: b.spec.File, Pointer: "#/components/securitySchemes"}, "the spec declares no bearer scheme; added %q for the %s binding and required it on every operation that does not say security: []", name, flow)
			case 1:
				name = bearer[0]
			default:
				return bindings{}, fmt.Errorf("auth binding: the spec declares several bearer schemes (%s); name one", strings.Join(bearer, ", "))
			}
		}
		if ref, ok := declared[name]; (!ok || ref == nil || ref.Value == nil) && !(bound.added && name == addedScheme) {
			return bindings{}, fmt.Errorf("auth binding: the spec declares no security scheme %q", name)
		}
		bound.tokens[name] = flowToken{flow: flow, tokenURL: bd.TokenURL, refreshURL: bd.RefreshURL, scopes: slices.Clone(bd.Scopes)}
	}
	return bound, nil
}
