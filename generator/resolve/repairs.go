package resolve

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/generator/load"
)

// conflictMark marks the schema that allOfConflict makes of two
// definitions of one property.
const conflictMark = "x-sigen-allof-conflict"

// allOfConflict handles a property that two allOf members define with
// types that cannot both hold (integer here, an object there): the field
// becomes a union that holds either, with a repair warning naming both
// places. It reports false when the definitions are compatible, and the
// caller keeps the more specific one.
func (b *builder) allOfConflict(name string, prev propSrc, cur *openapi3.SchemaRef, ptr string) (propSrc, bool) {
	members := openapi3.SchemaRefs{prev.ref}
	if prev.ref.Value != nil && prev.ref.Value.Extensions[conflictMark] != nil {
		members = prev.ref.Value.OneOf
	}
	for _, m := range members {
		if compatible(m, cur) {
			if len(members) > 1 {
				return prev, true // the union already holds this type
			}
			return propSrc{}, false
		}
	}
	b.diag.Repair(b.spec.Pos(ptr), "allOf conflict: property %q is %s here but %s at %s (%s); generated a field that holds either",
		name, typeList(cur.Value), membersTypes(members), prev.ptr, fileLine(b.spec.Pos(prev.ptr)))
	u := &openapi3.Schema{
		OneOf:      append(append(openapi3.SchemaRefs{}, members...), cur),
		Extensions: map[string]any{conflictMark: true},
	}
	return propSrc{ref: &openapi3.SchemaRef{Value: u}, ptr: prev.ptr}, true
}

// membersTypes lists the JSON types of the members of a union, "a|b".
func membersTypes(ms openapi3.SchemaRefs) string {
	var out []string
	for _, m := range ms {
		if m.Value != nil {
			out = append(out, typeList(m.Value))
		}
	}
	return strings.Join(out, " or ")
}

// fileLine formats the file, line and column of p ("spec.yaml:12:9").
func fileLine(p load.Pos) string {
	p.Pointer = ""
	if p.Line == 0 {
		return p.File
	}
	return p.String()
}
