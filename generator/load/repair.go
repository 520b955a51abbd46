package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/sigen-dev/sigen/runtime/sigenimpl"
)

// This file repairs, before kin-openapi reads it, what real-world specs get
// wrong in ways their owners' tools tolerate: a $ref to an object of another
// kind, and schema keywords whose value has the wrong JSON type. It walks the
// document as plain JSON, knowing at every node which OpenAPI object sits
// there. Each repair is reported with Diagnostics.Repair, so --strict can
// refuse it.

// objKind is the kind of OpenAPI object at a place in the document.
type objKind uint8

const (
	kindNone objKind = iota
	kindRoot
	kindComponents
	kindPathItem
	kindOperation
	kindCallback
	kindSchema
	kindResponse
	kindParameter
	kindHeader
	kindRequestBody
	kindMediaType
	kindEncoding
	kindExample
	kindLink
	kindSecurityScheme
)

var kindNames = [...]string{
	kindSchema: "schema", kindResponse: "response", kindParameter: "parameter", kindHeader: "header",
	kindRequestBody: "request body", kindMediaType: "media type", kindEncoding: "encoding",
	kindExample: "example", kindLink: "link", kindSecurityScheme: "security scheme",
	kindPathItem: "path item", kindCallback: "callback", kindOperation: "operation",
	kindComponents: "components", kindRoot: "document",
}

func (k objKind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// collection says whether a node is one object, a map of objects or a list
// of objects of its kind.
type collection uint8

const (
	one collection = iota
	mapOf
	listOf
)

// node is what the document holds at a place.
type node struct {
	kind objKind
	coll collection
}

var componentSections = map[string]objKind{
	"schemas": kindSchema, "responses": kindResponse, "parameters": kindParameter,
	"examples": kindExample, "requestBodies": kindRequestBody, "headers": kindHeader,
	"securitySchemes": kindSecurityScheme, "links": kindLink, "callbacks": kindCallback,
	"pathItems": kindPathItem,
}

var httpMethods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true, "options": true,
	"head": true, "patch": true, "trace": true,
}

// schemaMaps, schemaOne and schemaLists are the schema keywords whose value
// is a map of schemas, one schema, or a list of schemas.
var (
	schemaMaps = map[string]bool{"properties": true, "patternProperties": true, "$defs": true, "definitions": true, "dependentSchemas": true}
	schemaOne  = map[string]bool{
		"items": true, "additionalProperties": true, "not": true, "contains": true, "propertyNames": true,
		"if": true, "then": true, "else": true, "unevaluatedItems": true, "unevaluatedProperties": true,
		"additionalItems": true,
	}
	schemaLists = map[string]bool{"allOf": true, "oneOf": true, "anyOf": true, "prefixItems": true}
)

// child returns what the document holds under key in a node n.
func child(n node, key string) node {
	switch n.coll {
	case listOf:
		return node{kind: n.kind}
	case mapOf:
		if strings.HasPrefix(key, "x-") && n.kind != kindSchema {
			return node{} // an extension among paths, responses or components
		}
		return node{kind: n.kind}
	}
	switch n.kind {
	case kindRoot:
		switch key {
		case "paths", "webhooks":
			return node{kindPathItem, mapOf}
		case "components":
			return node{kind: kindComponents}
		}
	case kindComponents:
		if k, ok := componentSections[key]; ok {
			return node{k, mapOf}
		}
	case kindPathItem:
		if key == "parameters" {
			return node{kindParameter, listOf}
		}
		if httpMethods[key] {
			return node{kind: kindOperation}
		}
	case kindOperation:
		switch key {
		case "parameters":
			return node{kindParameter, listOf}
		case "requestBody":
			return node{kind: kindRequestBody}
		case "responses":
			return node{kindResponse, mapOf}
		case "callbacks":
			return node{kindCallback, mapOf}
		}
	case kindCallback:
		if !strings.HasPrefix(key, "x-") {
			return node{kind: kindPathItem}
		}
	case kindParameter, kindHeader, kindMediaType:
		switch key {
		case "schema":
			return node{kind: kindSchema}
		case "content":
			return node{kindMediaType, mapOf}
		case "examples":
			return node{kindExample, mapOf}
		case "encoding":
			if n.kind == kindMediaType {
				return node{kindEncoding, mapOf}
			}
		}
	case kindRequestBody:
		if key == "content" {
			return node{kindMediaType, mapOf}
		}
	case kindResponse:
		switch key {
		case "headers":
			return node{kindHeader, mapOf}
		case "content":
			return node{kindMediaType, mapOf}
		case "links":
			return node{kindLink, mapOf}
		}
	case kindEncoding:
		if key == "headers" {
			return node{kindHeader, mapOf}
		}
	case kindSchema:
		switch {
		case schemaMaps[key]:
			return node{kindSchema, mapOf}
		case schemaOne[key]:
			return node{kind: kindSchema}
		case schemaLists[key]:
			return node{kindSchema, listOf}
		}
	}
	return node{}
}

// refSite is an object holding a local "$ref" where an object of kind want
// belongs.
type refSite struct {
	ptr  string
	want objKind
	obj  map[string]any
}

// repairer holds the state of one normalisation.
type repairer struct {
	s       *Spec
	diag    *Diagnostics
	root    map[string]any
	is31    bool
	path    []string
	refs    []refSite
	changed bool
	hoisted map[string]string // pointer of an inline schema -> its new component name
}

// normalize repairs the OpenAPI 3.x document data before kin-openapi reads
// it, with a repair warning for each change. It returns nil when nothing
// changed.
func normalize(data []byte, s *Spec, diag *Diagnostics) ([]byte, error) {
	// A first pass over a plainly decoded tree finds whether anything needs
	// a repair; almost no spec does, and this decoding is the cheaper one
	// (the runtime's decoder gives what encoding/json gives, in about half
	// the time).
	var v any
	if err := sigenimpl.DecodeBytes(data, func(d *sigenimpl.Decoder) { sigenimpl.DecodeAny(&v, d) }, false); err != nil {
		return nil, nil // kin-openapi reports it
	}
	root, _ := v.(map[string]any)
	if root == nil {
		return nil, nil
	}
	s.validJSON = true
	if !repairTree(root, s, &Diagnostics{}) {
		return nil, nil
	}
	// The second pass keeps numbers as written, for the document written
	// back.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root = nil
	if err := dec.Decode(&root); err != nil || root == nil {
		return nil, nil
	}
	if !repairTree(root, s, diag) {
		return nil, nil
	}
	return json.Marshal(root)
}

// repairTree repairs the decoded document root in place and reports
// whether it changed anything.
func repairTree(root map[string]any, s *Spec, diag *Diagnostics) bool {
	r := &repairer{s: s, diag: diag, root: root, is31: s.Is31(), hoisted: map[string]string{}}
	r.walk(root, node{kind: kindRoot}, 0)
	sort.Slice(r.refs, func(i, j int) bool { return r.refs[i].ptr < r.refs[j].ptr })
	for _, site := range r.refs {
		r.fixRef(site)
	}
	return r.changed
}

// ptr returns the JSON pointer of the current place, with key appended
// when it is not empty.
func (r *repairer) ptr(key ...string) string {
	var b strings.Builder
	b.WriteByte('#')
	for _, p := range r.path {
		b.WriteByte('/')
		pointerEscaper.WriteString(&b, p)
	}
	for _, k := range key {
		b.WriteByte('/')
		pointerEscaper.WriteString(&b, k)
	}
	return b.String()
}

var (
	pointerEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

func (r *repairer) repair(ptr, format string, args ...any) {
	r.diag.Repair(r.s.Pos(ptr), format, args...)
	r.changed = true
}

// walk visits v, which holds n, and everything below it that is an OpenAPI
// object; literal data (examples, defaults, extensions) is not entered.
func (r *repairer) walk(v any, n node, depth int) {
	if depth > maxDepth || n.kind == kindNone {
		return
	}
	switch n.coll {
	case listOf:
		list, _ := v.([]any)
		for i, e := range list {
			r.path = append(r.path, strconv.Itoa(i))
			r.walk(e, node{kind: n.kind}, depth+1)
			r.path = r.path[:len(r.path)-1]
		}
		return
	case mapOf:
		m, _ := v.(map[string]any)
		for k, e := range m {
			c := child(n, k)
			r.path = append(r.path, k)
			if c.kind == kindSchema {
				e = r.setSchema(m, k, e)
			}
			r.walk(e, c, depth+1)
			r.path = r.path[:len(r.path)-1]
		}
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	if ref, ok := m["$ref"].(string); ok {
		if strings.HasPrefix(ref, "#") {
			r.refs = append(r.refs, refSite{ptr: r.ptr(), want: n.kind, obj: m})
		}
		if n.kind != kindSchema || !r.is31 {
			return // 3.0 ignores the siblings of $ref
		}
	}
	if n.kind == kindSchema {
		r.schemaKeywords(m)
	}
	for k, e := range m {
		c := child(n, k)
		if c.kind == kindNone {
			continue
		}
		r.path = append(r.path, k)
		if c.kind == kindSchema && c.coll == listOf {
			m[k] = r.schemaList(e)
			e = m[k]
		}
		if c.kind == kindSchema && c.coll == one {
			e = r.setSchema(m, k, e)
		}
		r.walk(e, c, depth+1)
		r.path = r.path[:len(r.path)-1]
	}
}

// setSchema repairs the schema e held under m[k] and stores the result,
// deleting the member when nothing usable is left; it returns the result.
func (r *repairer) setSchema(m map[string]any, k string, e any) any {
	if e = r.schemaValue(e); e == nil {
		delete(m, k)
	} else {
		m[k] = e
	}
	return e
}

// schemaValue repairs a value that must be a schema, at the current place:
// an object (or, in JSON Schema, a boolean) is kept; a string naming a JSON
// type becomes that type; anything else is dropped (nil) with a warning.
func (r *repairer) schemaValue(v any) any {
	switch t := v.(type) {
	case map[string]any, bool:
		return v
	case string:
		switch t {
		case "string", "integer", "number", "boolean", "array", "object":
			r.repair(r.ptr(), "schema written as the string %q; read as {type: %s}", t, t)
			return map[string]any{"type": t}
		}
	}
	r.repair(r.ptr(), "schema is %s, not an object; ignored", describeJSON(v))
	return nil
}

// schemaList drops the members of a list of schemas that are not
// schemas, at the current place.
func (r *repairer) schemaList(v any) any {
	list, ok := v.([]any)
	if !ok {
		return v // schemaKeywords has dropped it
	}
	out := list[:0]
	for i, e := range list {
		r.path = append(r.path, strconv.Itoa(i))
		if e = r.schemaValue(e); e != nil {
			out = append(out, e)
		}
		r.path = r.path[:len(r.path)-1]
	}
	return out
}

// keywordKinds are the JSON types the schema keywords that kin-openapi
// decodes into typed fields accept ("schema" for the schema keywords,
// checked by walk).
var keywordKinds = map[string]string{
	"pattern": "string", "format": "string", "title": "string", "description": "string",
	"multipleOf": "number", "minimum": "number", "maximum": "number",
	"minLength": "integer", "maxLength": "integer", "minItems": "integer", "maxItems": "integer",
	"minProperties": "integer", "maxProperties": "integer",
	"nullable": "boolean", "readOnly": "boolean", "writeOnly": "boolean", "deprecated": "boolean",
	"uniqueItems":      "boolean",
	"exclusiveMinimum": "boolean|number", "exclusiveMaximum": "boolean|number",
	"required": "array", "enum": "array", "examples": "array", "type": "string|array",
	"discriminator": "object", "xml": "object", "externalDocs": "object",
}

// schemaKeywords coerces or drops the keywords of the schema m whose value
// has the wrong JSON type.
func (r *repairer) schemaKeywords(m map[string]any) {
	for k, v := range m {
		if schemaLists[k] {
			if _, ok := v.([]any); !ok {
				r.repair(r.ptr(k), "%s is %s, not a list of schemas; ignored", k, describeJSON(v))
				delete(m, k)
			}
			continue
		}
		if schemaMaps[k] {
			if _, ok := v.(map[string]any); !ok {
				r.repair(r.ptr(k), "%s is %s, not an object of schemas; ignored", k, describeJSON(v))
				delete(m, k)
			}
			continue
		}
		if schemaOne[k] {
			if list, ok := v.([]any); ok && k == "items" {
				if _, has := m["prefixItems"]; !has {
					r.repair(r.ptr(k), "items written as a list (draft-4 tuple); read as prefixItems")
					m["prefixItems"] = list
					delete(m, k)
					continue
				}
			}
			continue // checked by schemaValue when walked
		}
		want, ok := keywordKinds[k]
		if !ok || hasKind(v, want) {
			continue
		}
		if fixed, ok := coerce(v, want); ok {
			r.repair(r.ptr(k), "%s is %s; read as %s", k, describeJSON(v), describeJSON(fixed))
			m[k] = fixed
			continue
		}
		if k == "examples" {
			if _, isMap := v.(map[string]any); isMap {
				r.repair(r.ptr(k), "examples is a map of named examples (the media-type form), not a list; ignored as documentation")
				delete(m, k)
				continue
			}
		}
		r.repair(r.ptr(k), "%s is %s, not %s; ignored", k, describeJSON(v), article(want))
		delete(m, k)
	}
	if props, ok := m["properties"].(map[string]any); ok {
		r.requiredFlags(m, props)
	}
}

// requiredFlags reads `required: true` on a property (draft 3) as the
// property's name in the parent's required list.
func (r *repairer) requiredFlags(parent, props map[string]any) {
	var names []string
	for name, p := range props {
		pm, ok := p.(map[string]any)
		if !ok {
			continue
		}
		if b, ok := pm["required"].(bool); ok {
			ptr := r.ptr("properties", name, "required")
			if b {
				r.repair(ptr, "required: true on a property (draft 3); read as listed in the parent's required")
				names = append(names, name)
			} else {
				r.repair(ptr, "required: false on a property (draft 3); ignored")
			}
			delete(pm, "required")
		}
	}
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	req, _ := parent["required"].([]any)
	for _, n := range names {
		req = append(req, n)
	}
	parent["required"] = req
}

// coerce converts v to the JSON type want when the meaning is unambiguous:
// a number written where a string belongs is its decimal text; a numeric
// or boolean string where a number or boolean belongs is that value; a
// single string where a list belongs is a list of one.
func coerce(v any, want string) (any, bool) {
	switch t := v.(type) {
	case json.Number, float64:
		if strings.Contains(want, "string") {
			return numText(t), true
		}
	case string:
		switch {
		case want == "array":
			return []any{t}, true
		case want == "number" || want == "integer" || strings.Contains(want, "|number"):
			if _, err := strconv.ParseFloat(t, 64); err == nil {
				if want == "integer" {
					if _, err := strconv.ParseUint(t, 10, 63); err != nil {
						return nil, false
					}
				}
				return json.Number(t), true
			}
		case strings.HasPrefix(want, "boolean") && (t == "true" || t == "false"):
			return t == "true", true
		}
	}
	return nil, false
}

// hasKind reports whether v is of one of the JSON types in want
// ("string|array"); "integer" is an integral number.
func hasKind(v any, want string) bool {
	for _, w := range strings.Split(want, "|") {
		switch t := v.(type) {
		case string:
			if w == "string" {
				return true
			}
		case json.Number:
			if w == "number" {
				return true
			}
			if w == "integer" {
				if _, err := strconv.ParseInt(string(t), 10, 64); err == nil {
					return true
				}
			}
		case float64: // the first pass of normalize
			if w == "number" || w == "integer" && t == math.Trunc(t) {
				return true
			}
		case bool:
			if w == "boolean" {
				return true
			}
		case []any:
			if w == "array" {
				return true
			}
		case map[string]any:
			if w == "object" {
				return true
			}
		}
	}
	return false
}

// numText is the decimal text of a decoded number.
func numText(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// describeJSON describes a value for a message: short scalars verbatim.
func describeJSON(v any) string {
	switch t := v.(type) {
	case string:
		if len(t) <= 40 {
			return fmt.Sprintf("the string %q", t)
		}
		return "a string"
	case json.Number, float64:
		return "the number " + numText(t)
	case bool:
		return fmt.Sprintf("the boolean %t", t)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "null"
}

func article(kinds string) string {
	var out []string
	for _, k := range strings.Split(kinds, "|") {
		switch k {
		case "array":
			out = append(out, "a list")
		case "object", "integer":
			out = append(out, "an "+k)
		default:
			out = append(out, "a "+k)
		}
	}
	return strings.Join(out, " or ")
}

// target is what a local $ref lands on.
type target struct {
	ptr    string // the pointer as written, decoded
	obj    map[string]any
	kind   objKind
	tokens []string
}

// resolve follows the local pointer ref from the root, through $refs met
// on the way, and returns the object it lands on and its kind (by where it
// sits in the document).
func (r *repairer) resolve(ref string) (target, bool) {
	frag := strings.TrimPrefix(ref, "#")
	if u, err := url.PathUnescape(frag); err == nil {
		frag = u
	}
	if frag != "" && !strings.HasPrefix(frag, "/") {
		return target{}, false
	}
	for hops := 0; hops < 32; hops++ {
		var toks []string
		if frag != "" {
			for _, t := range strings.Split(frag[1:], "/") {
				toks = append(toks, pointerUnescaper.Replace(t))
			}
		}
		var cur any = r.root
		n := node{kind: kindRoot}
		ok := true
		for _, t := range toks {
			switch c := cur.(type) {
			case map[string]any:
				cur, ok = c[t]
			case []any:
				i, err := strconv.Atoi(t)
				ok = err == nil && i >= 0 && i < len(c)
				if ok {
					cur = c[i]
				}
			default:
				ok = false
			}
			if !ok {
				break
			}
			n = child(n, t)
		}
		if !ok {
			return target{}, false
		}
		m, isMap := cur.(map[string]any)
		if !isMap {
			return target{}, false
		}
		if next, isRef := m["$ref"].(string); isRef && n.coll == one && n.kind != kindSchema {
			if !strings.HasPrefix(next, "#") {
				return target{}, false
			}
			frag = strings.TrimPrefix(next, "#")
			if u, err := url.PathUnescape(frag); err == nil {
				frag = u
			}
			continue
		}
		k := n.kind
		if n.coll != one {
			k = kindNone
		}
		return target{ptr: "#" + frag, obj: m, kind: k, tokens: toks}, true
	}
	return target{}, false
}

// fixRef repairs one $ref whose target is of another kind than its place
// needs.
func (r *repairer) fixRef(site refSite) {
	ref, _ := site.obj["$ref"].(string)
	t, ok := r.resolve(ref)
	if !ok || t.kind == site.want || t.kind == kindNone {
		return
	}
	switch site.want {
	case kindSchema:
		r.schemaFrom(site, ref, t)
	case kindResponse:
		switch t.kind {
		case kindRequestBody:
			r.swapBody(site, ref, t, "responses")
		case kindSchema:
			desc, _ := t.obj["description"].(string)
			if desc == "" {
				desc = refBase(t.tokens)
			}
			r.replace(site, map[string]any{"description": desc, "content": jsonBody(ref)})
			r.repair(site.ptr, "$ref to a schema object (%s); used as the response's JSON body", shown(ref))
		}
	case kindRequestBody:
		switch t.kind {
		case kindResponse:
			r.swapBody(site, ref, t, "requestBodies")
		case kindSchema:
			r.replace(site, map[string]any{"content": jsonBody(ref)})
			r.repair(site.ptr, "$ref to a schema object (%s); used as the request's JSON body", shown(ref))
		}
	}
}

// shown is a $ref as written, quoted when it holds anything but printable
// characters (spec text must not forge lines in a terminal).
func shown(ref string) string {
	for _, c := range ref {
		if !unicode.IsPrint(c) {
			return strconv.Quote(ref)
		}
	}
	return ref
}

func jsonBody(schemaRef string) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": schemaRef}}}
}

// replace makes the $ref object of site into the object with.
func (r *repairer) replace(site refSite, with map[string]any) {
	for k := range site.obj {
		delete(site.obj, k)
	}
	for k, v := range with {
		site.obj[k] = v
	}
}

// swapBody uses a request body as a response or the reverse: its
// description and content are copied into the section the $ref needs
// (under the same name, when the target is a component), or in place.
func (r *repairer) swapBody(site refSite, ref string, t target, section string) {
	cp := map[string]any{}
	for _, k := range []string{"description", "content"} {
		if v, ok := t.obj[k]; ok {
			cp[k] = v
		}
	}
	if _, ok := cp["description"]; !ok && section == "responses" {
		cp["description"] = refBase(t.tokens)
	}
	used := "a response"
	if section == "requestBodies" {
		used = "a request body"
	}
	r.repair(site.ptr, "$ref to a %s object (%s); used as %s", t.kind, shown(ref), used)
	if len(t.tokens) == 3 && t.tokens[0] == "components" {
		comps, _ := r.root["components"].(map[string]any)
		sec, _ := comps[section].(map[string]any)
		if sec == nil {
			sec = map[string]any{}
			comps[section] = sec
		}
		if _, taken := sec[t.tokens[2]]; !taken {
			sec[t.tokens[2]] = cp
		}
		site.obj["$ref"] = "#/components/" + section + "/" + EscapePointer(t.tokens[2])
		return
	}
	r.replace(site, cp)
}

// schemaFrom uses what a reader would when a schema's $ref lands on
// another kind of object: the schema of a parameter, header or media type,
// the single schema of a body's content (or of x-content); an object that
// has none is any JSON.
func (r *repairer) schemaFrom(site refSite, ref string, t target) {
	var holder map[string]any // the object whose "schema" is used
	switch t.kind {
	case kindParameter, kindHeader, kindMediaType:
		if _, ok := t.obj["schema"].(map[string]any); ok {
			holder = t.obj
		} else {
			holder = singleMedia(t.obj["content"])
		}
	case kindResponse, kindRequestBody:
		if holder = singleMedia(t.obj["content"]); holder == nil {
			holder = singleMedia(t.obj["x-content"])
		}
	default:
		return // kin-openapi refuses it, naming the $ref
	}
	if holder == nil {
		desc, ok := site.obj["description"].(string) // a 3.1 sibling of $ref
		if !ok {
			desc, _ = t.obj["description"].(string)
		}
		r.replace(site, map[string]any{})
		if desc != "" {
			site.obj["description"] = desc
		}
		r.repair(site.ptr, "$ref to a %s object (%s) that has no schema; read as any JSON", t.kind, shown(ref))
		return
	}
	r.repair(site.ptr, "$ref to a %s object (%s); used its schema", t.kind, shown(ref))
	sch, _ := holder["schema"].(map[string]any)
	if next, ok := sch["$ref"].(string); ok {
		site.obj["$ref"] = next
		return
	}
	// An inline schema moves to components/schemas, named after the
	// object that held it, and both places refer to it there.
	key := fmt.Sprintf("%p", holder)
	name, done := r.hoisted[key]
	if !done {
		base := refBase(t.tokens)
		if t.kind == kindParameter {
			if n, ok := t.obj["name"].(string); ok && n != "" {
				base = n
			}
		}
		name = r.freeSchemaName(base)
		r.hoisted[key] = name
		comps, _ := r.root["components"].(map[string]any)
		if comps == nil {
			comps = map[string]any{}
			r.root["components"] = comps
		}
		schemas, _ := comps["schemas"].(map[string]any)
		if schemas == nil {
			schemas = map[string]any{}
			comps["schemas"] = schemas
		}
		schemas[name] = holder["schema"]
		holder["schema"] = map[string]any{"$ref": "#/components/schemas/" + name}
	}
	site.obj["$ref"] = "#/components/schemas/" + name
}

// singleMedia returns the media type object of a content map that has one
// schema: the only entry, or else the only JSON entry.
func singleMedia(content any) map[string]any {
	c, _ := content.(map[string]any)
	var all, jsonOnes []map[string]any
	for _, ct := range slices.Sorted(maps.Keys(c)) {
		mt, _ := c[ct].(map[string]any)
		if _, ok := mt["schema"].(map[string]any); !ok {
			continue
		}
		all = append(all, mt)
		if strings.Contains(strings.ToLower(ct), "json") {
			jsonOnes = append(jsonOnes, mt)
		}
	}
	switch {
	case len(all) == 1:
		return all[0]
	case len(jsonOnes) >= 1:
		return jsonOnes[0]
	case len(all) > 1:
		return all[0]
	}
	return nil
}

// refBase names the object at a pointer: its component name, or the last
// token that is not an index.
func refBase(toks []string) string {
	if len(toks) >= 3 && toks[0] == "components" {
		return toks[2]
	}
	for i := len(toks) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(toks[i]); err != nil && toks[i] != "schema" {
			return toks[i]
		}
	}
	return "Schema"
}

// freeSchemaName returns a components/schemas name made of base's letters,
// digits and underscores that is not taken.
func (r *repairer) freeSchemaName(base string) string {
	var b strings.Builder
	for _, c := range base {
		if c < 128 && (c == '_' || c == '.' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	base = b.String()
	if base == "" {
		base = "Schema"
	}
	comps, _ := r.root["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	name := base
	for i := 1; ; i++ {
		if _, taken := schemas[name]; !taken {
			return name
		}
		if i == 1 {
			name = base + "Schema"
		} else {
			name = base + "Schema" + strconv.Itoa(i)
		}
	}
}
