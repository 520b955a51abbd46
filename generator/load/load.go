// Package load reads an OpenAPI 3.0/3.1 or Swagger 2.0 document into
// kin-openapi's model, tolerating common real-world defects with warnings,
// and keeps what is needed to name the file, line and JSON pointer of any
// node in errors.
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

// Options control loading.
type Options struct {
	// DisplayName is how the spec file is named in messages and generated
	// headers (a relative path). Defaults to the file's base name.
	DisplayName string
	// AllowRemoteRefs permits $refs to http(s) URLs. Off by default:
	// generation must be reproducible and must not reach the network.
	AllowRemoteRefs bool
	// Overlays are applied, in order, to the document before it is parsed.
	Overlays []Overlay
	// Diag receives warnings. If nil, warnings are dropped.
	Diag *Diagnostics
}

// Overlay is a transformation of the raw JSON document applied before
// parsing (see ApplyOverlay).
type Overlay interface {
	Apply(doc any, diag *Diagnostics) (any, error)
	Name() string
}

// Spec is a loaded document.
type Spec struct {
	Doc  *openapi3.T
	File string // display name
	// Version is the document's declared version ("3.0.3", "3.1.0", "2.0").
	Version string
	path    string
	src     []byte
	once    sync.Once
	pos     positions
	// refFiles are the files read to resolve $refs, in the order read.
	refFiles []refFile
	// data is the document as JSON, after fix-ups and overlays.
	data []byte
	// sibs are the objects with keys next to $ref, found by index.
	sibs     []sibling
	sibsDone bool
	treeOnce sync.Once
	treeDoc  any // see tree
	// isJSON is set when the source is JSON, whose index is built
	// beside loading (s.pos is not to be read until s.once is done).
	isJSON bool
	// validJSON is set when the repair pass found the document to be
	// well-formed JSON, which loadDoc then need not check again.
	validJSON bool
}

// Is31 reports whether the document is OpenAPI 3.1 or later.
func (s *Spec) Is31() bool {
	return strings.HasPrefix(s.Version, "3.1") || strings.HasPrefix(s.Version, "3.2")
}

// Pos returns the position of the node at the JSON pointer ptr in the root
// file. Line is zero when it is unknown (for example, for nodes in other
// files).
func (s *Spec) Pos(ptr string) Pos {
	s.once.Do(s.index)
	return s.pos.at(s.File, ptr)
}

// index builds the position index of a JSON source in one scan, which also
// finds the $ref siblings; a YAML source has its index from the conversion.
func (s *Spec) index() {
	if s.src == nil {
		return
	}
	if t := bytes.TrimLeft(s.src, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		if p, sibs := jsonPositions(s.src); p != nil {
			s.pos, s.sibs, s.sibsDone = p, sibs, true
			return
		}
	}
	if s.pos == nil {
		_, s.pos, _ = yamlToJSON(s.File, s.src, nil)
	}
}

// at returns the position of ptr in file, falling back to the nearest
// ancestor with a known position.
func (pos positions) at(file, ptr string) Pos {
	p := Pos{File: file, Pointer: ptr}
	for q := ptr; pos != nil && q != ""; {
		if lc, ok := pos[q]; ok {
			p.Line, p.Col = lc[0], lc[1]
			break
		}
		i := strings.LastIndexByte(q, '/')
		if i < 0 {
			break
		}
		q = q[:i]
	}
	return p
}

// ReadRegular reads the file at path, refusing anything but a regular file:
// a device such as /dev/zero would be read until memory runs out, and a
// FIFO would block. name is how the file is named in the error.
func ReadRegular(path, name string) ([]byte, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	return os.ReadFile(path)
}

// File loads the spec at path.
func File(ctx context.Context, path string, opts Options) (*Spec, error) {
	name := opts.DisplayName
	if name == "" {
		name = filepath.Base(path)
	}
	src, err := ReadRegular(path, name)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return Data(ctx, abs, name, src, opts)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Data loads a spec from src; path is its absolute location, used to
// resolve relative $refs, and name how it is shown in messages.
func Data(ctx context.Context, path, name string, src []byte, opts Options) (*Spec, error) {
	diag := opts.Diag
	if diag == nil {
		diag = &Diagnostics{}
	}
	s := &Spec{File: name, path: path, src: src}
	if bytes.HasPrefix(src, utf8BOM) {
		diag.Warn(Pos{File: name, Line: 1, Col: 1}, "file starts with a UTF-8 byte order mark; ignored")
		src = src[len(utf8BOM):]
		s.src = src
	}
	if err := checkJSONDepth(name, src); err != nil {
		return nil, err
	}
	data, top, err := s.parse(diag)
	if err != nil {
		return nil, err
	}
	// The position index of a JSON source is built beside loading, on
	// a core the load leaves idle part of the time; the first warning
	// waits for it (Pos). A YAML source has its index already.
	s.isJSON = s.pos == nil
	if s.isJSON {
		go s.once.Do(s.index)
	}
	if len(opts.Overlays) > 0 {
		if data, top, err = s.applyOverlays(data, opts.Overlays, diag); err != nil {
			return nil, err
		}
	}
	if raw, ok := top["swagger"]; ok {
		var v string
		_ = json.Unmarshal(raw, &v)
		if v != "2.0" {
			return nil, &SpecError{Pos: s.Pos("#/swagger"), Msg: fmt.Sprintf("unsupported swagger version %s", raw)}
		}
		s.Version = "2.0"
		return s.loadSwagger2(ctx, data, diag, opts)
	}
	changed, err := s.readVersion(top, diag)
	if err != nil {
		return nil, err
	}
	if fixInfo(top, s, diag) {
		changed = true
	}
	if changed {
		b, err := json.Marshal(top)
		if err != nil {
			return nil, err
		}
		data = b
	}

	fixed, err := normalize(data, s, diag)
	if err != nil {
		return nil, err
	}
	if fixed != nil {
		data = fixed
	}
	return s.load3(ctx, data, opts)
}

// parse reads the source as JSON, or as YAML converted to JSON, and splits
// the document into its top-level members. A syntax error names its line.
func (s *Spec) parse(diag *Diagnostics) ([]byte, map[string]json.RawMessage, error) {
	name, src := s.File, s.src
	trimmed := bytes.TrimLeft(src, " \t\r\n")
	var data []byte
	if len(trimmed) > 0 && trimmed[0] == '{' {
		data = trimmed
	} else {
		var err error
		data, s.pos, err = yamlToJSON(name, src, diag)
		if err != nil {
			return nil, nil, err
		}
	}

	// Top-level fix-ups work on a generic tree; keys at the top are few.
	top, ok := topLevel(data)
	if ok {
		return data, top, nil
	}
	err := json.Unmarshal(data, &top)
	if err == nil {
		return data, top, nil
	}
	if s.pos != nil {
		return nil, nil, &SpecError{Pos: Pos{File: name, Line: 1}, Msg: "document is not a JSON/YAML object", Err: err}
	}
	// Not JSON after all (a YAML flow mapping, or broken JSON): read it
	// as YAML, which also locates syntax errors.
	var yerr error
	data, s.pos, yerr = yamlToJSON(name, src, diag)
	if yerr != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && len(trimmed) > 0 && trimmed[0] == '{' && bytes.HasPrefix(bytes.TrimSpace(trimmed[1:]), []byte(`"`)) {
			line, col := lineCol(src, int(se.Offset))
			return nil, nil, &SpecError{Pos: Pos{File: name, Line: line, Col: col}, Msg: "invalid JSON", Err: err}
		}
		return nil, nil, yerr
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, nil, &SpecError{Pos: Pos{File: name, Line: 1}, Msg: "document is not a JSON/YAML object", Err: err}
	}
	return data, top, nil
}

// applyOverlays applies the overlays, in order, to the document data and
// returns the result and its top-level members.
func (s *Spec) applyOverlays(data []byte, overlays []Overlay, diag *Diagnostics) ([]byte, map[string]json.RawMessage, error) {
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, nil, &SpecError{Pos: Pos{File: s.File}, Msg: "parse for overlay", Err: err}
	}
	for _, o := range overlays {
		var err error
		doc, err = o.Apply(doc, diag)
		if err != nil {
			return nil, nil, fmt.Errorf("overlay %s: %w", o.Name(), err)
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, nil, &SpecError{Pos: Pos{File: s.File}, Msg: "overlay result is not an object", Err: err}
	}
	return b, top, nil
}

// readVersion reads the openapi field of an OpenAPI 3 document into
// s.Version, refusing other versions; an `openapi: 3` written as a number
// is read as a string, with a warning, and changed reports that top was
// rewritten.
func (s *Spec) readVersion(top map[string]json.RawMessage, diag *Diagnostics) (changed bool, err error) {
	raw, ok := top["openapi"]
	if !ok {
		return false, &SpecError{Pos: Pos{File: s.File, Line: 1}, Msg: `not an OpenAPI document: no "openapi" or "swagger" field`}
	}
	var version string
	if err := json.Unmarshal(raw, &version); err != nil {
		// `openapi: 3` or `openapi: 3.0` written as a number.
		var num json.Number
		if json.Unmarshal(raw, &num) != nil {
			return false, &SpecError{Pos: s.Pos("#/openapi"), Msg: "openapi version is not a string"}
		}
		version = num.String()
		if !strings.Contains(version, ".") {
			version += ".0"
		}
		if strings.Count(version, ".") == 1 {
			version += ".0"
		}
		diag.Warn(s.Pos("#/openapi"), "openapi version written as a number (%s); read as %q", num, version)
		top["openapi"], _ = json.Marshal(version)
		changed = true
	}
	if !strings.HasPrefix(version, "3.") {
		return false, &SpecError{Pos: s.Pos("#/openapi"), Msg: fmt.Sprintf("unsupported OpenAPI version %q (sigen reads 3.0, 3.1 and Swagger 2.0)", version)}
	}
	s.Version = version
	return changed, nil
}

// load3 reads the OpenAPI 3 document data (fixed up) with kin-openapi.
func (s *Spec) load3(ctx context.Context, data []byte, opts Options) (*Spec, error) {
	loc := &url.URL{Path: filepath.ToSlash(s.path)}
	doc, err := s.loadDoc(func() *openapi3.Loader { return s.newLoader(ctx, opts) }, data, loc)
	if err != nil && s.isJSON {
		// The top-level scan does not check the whole document: locate a
		// JSON syntax error here.
		var v any
		var se *json.SyntaxError
		if jerr := json.Unmarshal(data, &v); errors.As(jerr, &se) {
			src := s.src
			line, col := lineCol(src, int(se.Offset)+len(src)-len(bytes.TrimLeft(src, " \t\r\n")))
			return nil, &SpecError{Pos: Pos{File: s.File, Line: line, Col: col}, Msg: "invalid JSON", Err: jerr}
		}
	}
	if err != nil {
		return nil, s.explainLoadError(err, data)
	}
	s.Doc = doc
	s.data = data
	return s, nil
}

// fixInfo repairs an info object whose contact or license is not an object
// (a vendor's published Sign v2 file sets both to ""), with a warning.
func fixInfo(top map[string]json.RawMessage, s *Spec, diag *Diagnostics) bool {
	raw, ok := top["info"]
	if !ok {
		return false
	}
	var info map[string]json.RawMessage
	if json.Unmarshal(raw, &info) != nil {
		return false
	}
	changed := false
	for _, k := range []string{"contact", "license"} {
		v, ok := info[k]
		if !ok {
			continue
		}
		if t := bytes.TrimSpace(v); len(t) > 0 && t[0] != '{' {
			diag.Warn(s.Pos("#/info/"+k), "info.%s is %s, not an object; ignored", k, t)
			delete(info, k)
			changed = true
		}
	}
	if changed {
		top["info"], _ = json.Marshal(info)
	}
	return changed
}

func (s *Spec) newLoader(ctx context.Context, opts Options) *openapi3.Loader {
	loader := openapi3.NewLoader()
	loader.Context = ctx
	loader.IsExternalRefsAllowed = true
	root := filepath.Dir(s.path)
	loader.ReadFromURIFunc = func(l *openapi3.Loader, u *url.URL) ([]byte, error) {
		switch u.Scheme {
		case "http", "https":
			if !opts.AllowRemoteRefs {
				return nil, &refError{target: u.Redacted(), remote: true}
			}
			return openapi3.ReadFromHTTP(nil)(l, u)
		case "", "file":
		default:
			return nil, fmt.Errorf("$ref scheme %q not supported", u.Scheme)
		}
		p := filepath.FromSlash(u.Path)
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, &refError{target: filepath.Clean(p), rel: filepath.ToSlash(rel)}
		}
		// Nor through a symbolic link; and only regular files are read
		// (a link to /dev/zero would be read until memory runs out).
		real, err := filepath.EvalSymlinks(p)
		if errors.Is(err, fs.ErrNotExist) {
			// Located by explainRefError at the $ref that names it.
			return nil, &refError{target: filepath.Clean(p), rel: filepath.ToSlash(rel), missing: true}
		}
		if err != nil {
			return nil, fmt.Errorf("read $ref file %s: %w", rel, errors.Unwrap(err))
		}
		realRoot, err := filepath.EvalSymlinks(root)
		if err != nil {
			return nil, fmt.Errorf("read $ref file %s: %w", rel, err)
		}
		if r, err := filepath.Rel(realRoot, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return nil, &refError{target: filepath.Clean(p), rel: filepath.ToSlash(rel), link: true}
		}
		if st, err := os.Stat(real); err != nil || !st.Mode().IsRegular() {
			return nil, fmt.Errorf("read $ref file %s: not a regular file", rel)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read $ref file %s: %w", rel, errors.Unwrap(err))
		}
		b = bytes.TrimPrefix(b, utf8BOM)
		if err := checkJSONDepth(filepath.ToSlash(rel), b); err != nil {
			return nil, err
		}
		f := refFile{name: filepath.ToSlash(rel), path: p, json: b}
		if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] != '{' {
			f.json, f.pos, err = yamlToJSON(f.name, b, opts.Diag)
			if err != nil {
				return nil, err
			}
		}
		s.refFiles = append(s.refFiles, f)
		return f.json, nil
	}
	return loader
}

func (s *Spec) loadSwagger2(ctx context.Context, data []byte, diag *Diagnostics, opts Options) (*Spec, error) {
	var doc2 openapi2.T
	if err := json.Unmarshal(data, &doc2); err != nil {
		return nil, &SpecError{Pos: Pos{File: s.File}, Msg: "invalid Swagger 2.0 document", Err: err}
	}
	if err := s.nullsIn2(&doc2); err != nil {
		return nil, err
	}
	loader := s.newLoader(ctx, opts)
	doc3, err := toV3(&doc2, loader, &url.URL{Path: filepath.ToSlash(s.path)})
	if err != nil {
		return nil, &SpecError{Pos: Pos{File: s.File}, Msg: "convert Swagger 2.0 to OpenAPI 3", Err: err}
	}
	// Re-load the converted document so that every $ref is resolved the
	// same way as for 3.x input.
	b, err := json.Marshal(doc3)
	if err != nil {
		return nil, fmt.Errorf("convert Swagger 2.0: %w", err)
	}
	doc, err := loader.LoadFromDataWithPath(b, &url.URL{Path: filepath.ToSlash(s.path)})
	if err != nil {
		return nil, s.explainLoadError(err, data)
	}
	s.Doc = doc
	s.data = data
	return s, nil
}

// nullsIn2 reports a null entry in the maps of a Swagger 2.0 document,
// which kin-openapi's converter would dereference.
func (s *Spec) nullsIn2(doc *openapi2.T) error {
	null := func(field, key string) error {
		return &SpecError{Pos: s.Pos("#/" + field + "/" + EscapePointer(key)), Msg: "null value; an object is needed"}
	}
	if k, ok := nullKey(doc.Paths); ok {
		return null("paths", k)
	}
	if k, ok := nullKey(doc.Parameters); ok {
		return null("parameters", k)
	}
	if k, ok := nullKey(doc.Responses); ok {
		return null("responses", k)
	}
	if k, ok := nullKey(doc.SecurityDefinitions); ok {
		return null("securityDefinitions", k)
	}
	return nil
}

// nullKey returns the first key, in sorted order, whose value is nil.
func nullKey[V any](m map[string]*V) (string, bool) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] == nil {
			return k, true
		}
	}
	return "", false
}

// toV3 converts a Swagger 2.0 document, turning a panic of the converter
// on a malformed document into an error.
func toV3(doc2 *openapi2.T, loader *openapi3.Loader, loc *url.URL) (doc3 *openapi3.T, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc3, err = nil, fmt.Errorf("the converter failed on this document (%v); look for null or malformed values", r)
		}
	}()
	return openapi2conv.ToV3WithLoader(doc2, loader, loc)
}

// Validate checks the document against the OpenAPI rules, examples and
// defaults included, reporting every problem as a warning located by file,
// line and JSON pointer; with strict set the first problem is an error
// instead. It also warns about siblings of $ref in 3.0 documents, which
// OpenAPI 3.0 ignores. It only reads the document, so it may run while the
// model is built.
func (s *Spec) Validate(ctx context.Context, strict bool, diag *Diagnostics) error {
	var errs []error
	if err := s.Doc.Validate(ctx, openapi3.EnableMultiError(), openapi3.DisableSchemaPatternValidation()); err != nil {
		errs = splitValidation(err)
	}
	if strict && len(errs) > 0 {
		return &SpecError{Pos: s.validationPos(errs[0]), Msg: "invalid spec (--strict)", Err: errors.New(firstLine(errs[0].Error()))}
	}
	for _, e := range errs {
		diag.Warn(s.validationPos(e), "validation: %s", firstLine(e.Error()))
	}
	if !s.Is31() && s.data != nil {
		s.refSiblings(diag)
	}
	return nil
}

// firstLine keeps the first line of a kin-openapi message (the rest is a
// dump of the schema).
func firstLine(m string) string {
	m, _, _ = strings.Cut(m, "\n")
	return strings.TrimSpace(m)
}

// refSiblings warns about keywords next to $ref, which OpenAPI 3.0 ignores
// (the referenced schema is used as it is).
func (s *Spec) refSiblings(diag *Diagnostics) {
	s.once.Do(s.index)
	sibs := s.sibs
	if !s.sibsDone {
		_, sibs = jsonPositions(s.data) // a YAML source: scan its JSON form
	}
	for _, sb := range sibs {
		keys := append([]string(nil), sb.keys...)
		sort.Strings(keys)
		diag.Warn(s.Pos(sb.ptr), "%s next to $ref ignored (OpenAPI 3.0 uses only the referenced object)", strings.Join(keys, ", "))
	}
}

// validationPos locates a kin-openapi validation error by its typed
// context (section, component, path, operation, webhook) and, below that,
// by the keyword or value the error names (a default or example that
// violates its schema, an unsupported type, an unresolved $ref), found in
// sigen's index of the source. An error without context names only the
// file.
func (s *Spec) validationPos(err error) Pos {
	ptr := "#"
	for e := err; e != nil; e = errors.Unwrap(e) {
		switch w := e.(type) {
		case *openapi3.SectionValidationError:
			if k, ok := sectionKeys[w.Section]; ok {
				ptr = "#/" + k
			}
		case *openapi3.ComponentValidationError:
			if k, ok := componentKeys[w.Section]; ok {
				ptr = "#/components/" + k + "/" + EscapePointer(w.Name)
			}
		case *openapi3.PathValidationError:
			ptr = "#/paths/" + EscapePointer(w.Path)
		case *openapi3.OperationValidationError:
			op := ptr + "/" + strings.ToLower(w.Method)
			if other := ptr + "/additionalOperations/" + EscapePointer(w.Method); !s.has(op) && s.has(other) {
				op = other
			}
			ptr = op
		case *openapi3.WebhookValidationError:
			ptr = "#/webhooks/" + EscapePointer(w.Name)
		}
	}
	var ppe *openapi3.PathParametersError
	if errors.As(err, &ppe) && ppe.Path != "" {
		ptr = "#/paths/" + EscapePointer(ppe.Path)
		if op := ptr + "/" + strings.ToLower(ppe.Method); ppe.Method != "" && s.has(op) {
			ptr = op
		}
	}
	if ptr == "#" {
		return Pos{File: s.File}
	}
	var sve *openapi3.SchemaValueError
	if errors.As(err, &sve) {
		// A named example of a media type or parameter, or the keyword.
		var mte *openapi3.MediaTypeExampleValidationError
		var pee *openapi3.ParameterExampleValidationError
		key, parent := sve.ValueKind, ""
		switch {
		case errors.As(err, &mte):
			key, parent = mte.ExampleName, "examples"
		case errors.As(err, &pee):
			key, parent = pee.ExampleName, "examples"
		}
		// The offending value, when the error is about the whole example.
		var want any
		var se *openapi3.SchemaError
		if errors.As(err, &se) && len(se.JSONPointer()) == 0 {
			want = se.Value
		}
		if p, ok := s.locateKey(ptr, key, parent, want); ok {
			return p
		}
	}
	var ste *openapi3.SchemaTypeError
	if errors.As(err, &ste) {
		if p, ok := s.locate(ptr, func(key string, v any) bool { return key == "type" && hasType(v, ste.Type) }); ok {
			return p
		}
	}
	var ure *openapi3.UnresolvedRefError
	if errors.As(err, &ure) {
		if p, ok := s.locate(ptr, func(key string, v any) bool { return key == "$ref" && v == ure.Ref }); ok {
			p.Pointer = strings.TrimSuffix(p.Pointer, "/$ref")
			return s.Pos(p.Pointer)
		}
	}
	return s.Pos(ptr)
}

// sectionKeys maps the sections of kin-openapi's SectionValidationError to
// the document's keys.
var sectionKeys = map[string]string{
	"components": "components", "info": "info", "paths": "paths", "security": "security",
	"servers": "servers", "tags": "tags", "external docs": "externalDocs", "webhooks": "webhooks",
	"jsonSchemaDialect": "jsonSchemaDialect",
}

// componentKeys maps the sections of kin-openapi's
// ComponentValidationError to the keys of the components object.
var componentKeys = map[string]string{
	"schema": "schemas", "parameter": "parameters", "request body": "requestBodies",
	"response": "responses", "header": "headers", "security scheme": "securitySchemes",
	"example": "examples", "link": "links", "callback": "callbacks", "path item": "pathItems",
}

// has reports whether the position index holds a node at ptr.
func (s *Spec) has(ptr string) bool {
	s.once.Do(s.index)
	_, ok := s.pos[ptr]
	return ok
}

// hasType reports whether a schema's type keyword v (a string or a list)
// names typ.
func hasType(v any, typ string) bool {
	switch t := v.(type) {
	case string:
		return t == typ
	case []any:
		return slices.Contains(t, any(typ))
	}
	return false
}

// locateKey returns the position of the node named key below prefix,
// using the position index, when there is exactly one outside extensions
// (or, with want not nil, exactly one whose value is want); with several,
// which one is meant is not known, and it reports false. The
// node's parent is named parent; when parent is "", key is a keyword, and
// a member of a map of names (properties, examples, ...) does not count;
// nor does a keyword below a prefix that holds a $ref, as the keyword
// meant may be in the referenced object, elsewhere.
func (s *Spec) locateKey(prefix, key, parent string, want any) (Pos, bool) {
	doc := s.tree()
	under, ok := resolvePointer(doc, strings.TrimPrefix(prefix, "#"))
	if !ok {
		return Pos{}, false
	}
	var found []string
	for ptr := range pointersBelow(under, prefix) {
		rest := ptr[len(prefix)+1:]
		if strings.Contains("/"+rest, "/x-") {
			continue
		}
		if parent == "" && strings.HasSuffix(ptr, "/$ref") && !inData(rest) {
			return Pos{}, false
		}
		segs := strings.Split(ptr, "/")
		if segs[len(segs)-1] != EscapePointer(key) {
			continue
		}
		up := segs[len(segs)-2]
		// A property named like a map of names ("properties/examples")
		// is a schema, not such a map.
		named := nameMaps[up] && !(len(segs) > 2 && nameMaps[segs[len(segs)-3]])
		if parent != "" && up != parent || parent == "" && named {
			continue
		}
		found = append(found, ptr)
	}
	if len(found) > 1 && want != nil {
		found = slices.DeleteFunc(found, func(ptr string) bool {
			v, ok := resolvePointer(doc, strings.TrimPrefix(ptr, "#"))
			return !ok || !reflect.DeepEqual(v, want)
		})
	}
	if len(found) != 1 {
		return Pos{}, false
	}
	return s.Pos(found[0]), true
}

// tree returns the root file as generic JSON, decoded on first use (the
// places of several validation problems are looked up in it), or nil.
func (s *Spec) tree() any {
	s.treeOnce.Do(func() { _ = json.Unmarshal(mustJSON(s), &s.treeDoc) })
	return s.treeDoc
}

// pointersBelow yields the JSON pointer of every value below v, whose
// pointer is ptr, depth first.
func pointersBelow(v any, ptr string) iter.Seq[string] {
	return func(yield func(string) bool) {
		var walk func(v any, ptr string, depth int) bool
		walk = func(v any, ptr string, depth int) bool {
			if depth > maxDepth {
				return true
			}
			switch t := v.(type) {
			case map[string]any:
				for k, e := range t {
					p := ptr + "/" + EscapePointer(k)
					if !yield(p) || !walk(e, p, depth+1) {
						return false
					}
				}
			case []any:
				for i, e := range t {
					p := ptr + "/" + strconv.Itoa(i)
					if !yield(p) || !walk(e, p, depth+1) {
						return false
					}
				}
			}
			return true
		}
		walk(v, ptr, 0)
	}
}

// nameMaps are the keywords whose members are named by the spec, not
// keywords.
var nameMaps = map[string]bool{"properties": true, "patternProperties": true, "$defs": true, "definitions": true, "examples": true, "dependentSchemas": true}

// locate returns the position of the first node (depth first, keys in
// sorted order) below the pointer prefix for which match(key, value) holds.
func (s *Spec) locate(prefix string, match func(key string, v any) bool) (Pos, bool) {
	ptr, _, ok := findInTree(s.tree(), prefix, match)
	if !ok {
		return Pos{}, false
	}
	return s.Pos(ptr), true
}

func jsonKindOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}

// splitValidation returns the errors of a kin-openapi validation error,
// one for each problem.
func splitValidation(err error) []error {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		return me
	}
	return []error{err}
}

// explainLoadError turns a kin-openapi load error into a SpecError naming
// the file and, where sigen finds the cause itself in data (the JSON given
// to kin-openapi), the line and pointer: a member of the wrong JSON kind, or
// a $ref to nothing or to a value that is not an object. kin-openapi's
// message is kept as the cause; it is never parsed. An error sigen does not
// find this way names the file alone.
func (s *Spec) explainLoadError(err error, data []byte) error {
	var re *refError
	if errors.As(err, &re) {
		return s.explainRefError(re)
	}
	var de *SpecError
	if errors.As(err, &de) {
		return de // from reading a referenced file; it names that file
	}
	pe := &SpecError{Pos: Pos{File: s.File}, Msg: "load spec", Err: err}
	if s.Version != "2.0" {
		// kin-openapi decodes the whole document before it follows a
		// $ref: a member of the wrong kind fails first.
		var doc any
		if json.Unmarshal(data, &doc) == nil {
			if ke, ok := wrongKind(doc); ok {
				pe.Pos = s.Pos(ke.ptr)
				pe.Err = fmt.Errorf("%s must not be a %s", ke.key, ke.kind)
				return pe
			}
		}
	}
	if p, why, ok := s.danglingRef(data); ok {
		pe.Pos, pe.Msg = p, why
	}
	return pe
}

// refError is a $ref that sigen refuses to follow.
type refError struct {
	target string // absolute path or URL, as resolved by the loader
	rel    string // for a local file: target relative to the spec's folder
	remote bool
	link   bool // inside the folder, but a symbolic link leads out of it
	// missing is set for a local file that does not exist.
	missing bool
}

func (e *refError) Error() string {
	if e.remote {
		return fmt.Sprintf("remote $ref %q refused: generation must not reach the network (pass --allow-remote-refs to permit)", e.target)
	}
	if e.missing {
		file, _, _ := strings.Cut(e.rel, "#")
		return fmt.Sprintf("$ref %q: file %s does not exist", e.rel, file)
	}
	if e.link {
		return fmt.Sprintf("$ref %q escapes the spec's folder through a symbolic link", e.rel)
	}
	return fmt.Sprintf("$ref %q escapes the spec's folder", e.rel)
}

// refFile is a file read to resolve a $ref, kept to locate refused $refs.
type refFile struct {
	name string // relative to the spec's folder, slash-separated
	path string // absolute
	json []byte
	pos  positions // nil for JSON files
}

// explainRefError names the $ref as written, its file and its position.
func (s *Spec) explainRefError(re *refError) error {
	resolves := func(dir string) func(string) bool {
		return func(r string) bool {
			r, _, _ = strings.Cut(r, "#")
			if re.remote {
				return r == re.target
			}
			if r == "" || strings.Contains(r, "://") {
				return false
			}
			if !filepath.IsAbs(filepath.FromSlash(r)) {
				r = filepath.Join(dir, filepath.FromSlash(r))
			}
			return filepath.Clean(r) == re.target
		}
	}
	e := *re
	if ptr, ref, ok := findRefIn(mustJSON(s), resolves(filepath.Dir(s.path))); ok {
		e.rel = ref
		return &SpecError{Pos: s.Pos(ptr), Err: &e}
	}
	for _, f := range s.refFiles {
		if ptr, ref, ok := findRefIn(f.json, resolves(filepath.Dir(f.path))); ok {
			e.rel = ref
			return &SpecError{Pos: f.pos.at(f.name, ptr), Err: &e}
		}
	}
	if !e.remote {
		e.rel += " (relative to the spec's folder)"
	}
	return &SpecError{Pos: Pos{File: s.File}, Err: &e}
}

func mustJSON(s *Spec) []byte {
	t := bytes.TrimLeft(s.src, " \t\r\n")
	if len(t) > 0 && t[0] == '{' {
		return t
	}
	j, _, _ := yamlToJSON(s.File, s.src, nil)
	return j
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(src []byte, off int) (int, int) {
	if off > len(src) {
		off = len(src)
	}
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(src[:off], '\n')
	return line, col
}

// findRefIn returns the pointer of the first object in the JSON document
// src (in sorted key order) whose "$ref" satisfies match, and that $ref.
func findRefIn(src []byte, match func(string) bool) (ptr, ref string, ok bool) {
	p, v, ok := findIn(src, "#", func(key string, v any) bool {
		r, isStr := v.(string)
		return key == "$ref" && isStr && match(r)
	})
	if !ok {
		return "", "", false
	}
	return strings.TrimSuffix(p, "/$ref"), v.(string), true
}

// findIn walks the JSON document src depth first, keys in sorted order,
// below the pointer prefix, and returns the pointer and value of the first
// object member for which match(key, value) holds.
func findIn(src []byte, prefix string, match func(key string, v any) bool) (ptr string, val any, ok bool) {
	var doc any
	if err := json.Unmarshal(src, &doc); err != nil {
		return "", nil, false
	}
	return findInTree(doc, prefix, match)
}

// findInTree is findIn on a document decoded as generic JSON.
func findInTree(doc any, prefix string, match func(key string, v any) bool) (ptr string, val any, ok bool) {
	if doc == nil {
		return "", nil, false
	}
	// on reports whether p lies on the way to prefix or below it.
	on := func(p string) bool { return strings.HasPrefix(p, prefix) || strings.HasPrefix(prefix, p) }
	var walk func(v any, p string, depth int) bool
	walk = func(v any, p string, depth int) bool {
		if depth > maxDepth {
			return false
		}
		switch t := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(t)) {
				kp := p + "/" + EscapePointer(k)
				if strings.HasPrefix(kp, prefix) && match(k, t[k]) {
					ptr, val = kp, t[k]
					return true
				}
				if on(kp) && walk(t[k], kp, depth+1) {
					return true
				}
			}
		case []any:
			for i, e := range t {
				if ep := fmt.Sprintf("%s/%d", p, i); on(ep) && walk(e, ep, depth+1) {
					return true
				}
			}
		}
		return false
	}
	ok = walk(doc, "#", 0)
	return ptr, val, ok
}

// topLevel splits a JSON object into its top-level members without
// decoding or validating the values (kin-openapi does that next). It
// reports false for anything it does not understand, and the caller falls
// back to encoding/json.
func topLevel(data []byte) (map[string]json.RawMessage, bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	i++
	top := map[string]json.RawMessage{}
	for {
		i = skipSpace(data, i)
		if i < len(data) && data[i] == '}' && len(top) == 0 {
			i++
			break
		}
		if i >= len(data) || data[i] != '"' {
			return nil, false
		}
		end := stringEnd(data, i)
		if end < 0 {
			return nil, false
		}
		var key string
		if json.Unmarshal(data[i:end], &key) != nil {
			return nil, false
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return nil, false
		}
		start := skipSpace(data, i+1)
		i = valueEnd(data, start)
		if i == start {
			return nil, false
		}
		top[key] = json.RawMessage(data[start:i])
		i = skipSpace(data, i)
		if i < len(data) && data[i] == ',' {
			i++
			continue
		}
		if i < len(data) && data[i] == '}' {
			i++
			break
		}
		return nil, false
	}
	return top, skipSpace(data, i) == len(data)
}

// skipSpace returns the offset of the first byte at or after i that is not
// JSON white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

// stringEnd returns the end (exclusive) of the JSON string starting at i,
// or -1 when it does not end.
func stringEnd(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// valueEnd returns the end (exclusive) of the JSON value starting at
// start, matching brackets without checking what is between them; start
// itself when it finds no value.
func valueEnd(data []byte, start int) int {
	i, depth := start, 0
	for i < len(data) {
		switch c := data[i]; c {
		case '"':
			e := stringEnd(data, i)
			if e < 0 {
				return start
			}
			i = e
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',', ' ', '\t', '\r', '\n':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}
