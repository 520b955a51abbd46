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
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
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
	trimmed := bytes.TrimLeft(src, " \t\r\n")
	if err := checkJSONDepth(name, src); err != nil {
		return nil, err
	}
	var data []byte
	if len(trimmed) > 0 && trimmed[0] == '{' {
		data = trimmed
	} else {
		var err error
		data, s.pos, err = yamlToJSON(name, src, diag)
		if err != nil {
			return nil, err
		}
	}

	// Top-level fix-ups work on a generic tree; keys at the top are few.
	top, ok := topLevel(data)
	var err error
	if !ok {
		err = json.Unmarshal(data, &top)
	}
	if err != nil {
		if s.pos != nil {
			return nil, &SpecError{Pos: Pos{File: name, Line: 1}, Msg: "document is not a JSON/YAML object", Err: err}
		}
		// Not JSON after all (a YAML flow mapping, or broken JSON): read it
		// as YAML, which also locates syntax errors.
		var yerr error
		data, s.pos, yerr = yamlToJSON(name, src, diag)
		if yerr != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) && len(trimmed) > 0 && trimmed[0] == '{' && bytes.HasPrefix(bytes.TrimSpace(trimmed[1:]), []byte(`"`)) {
				line, col := lineCol(src, int(se.Offset))
				return nil, &SpecError{Pos: Pos{File: name, Line: line, Col: col}, Msg: "invalid JSON", Err: err}
			}
			return nil, yerr
		}
		if err := json.Unmarshal(data, &top); err != nil {
			return nil, &SpecError{Pos: Pos{File: name, Line: 1}, Msg: "document is not a JSON/YAML object", Err: err}
		}
	}
	// The position index of a JSON source is built beside loading, on
	// a core the load leaves idle part of the time; the first warning
	// waits for it (Pos). A YAML source has its index already.
	isJSON := s.pos == nil
	if isJSON {
		go s.once.Do(s.index)
	}
	changed := false
	if len(opts.Overlays) > 0 {
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, &SpecError{Pos: Pos{File: name}, Msg: "parse for overlay", Err: err}
		}
		for _, o := range opts.Overlays {
			var err error
			doc, err = o.Apply(doc, diag)
			if err != nil {
				return nil, fmt.Errorf("overlay %s: %w", o.Name(), err)
			}
		}
		b, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		data = b
		top = nil
		if err := json.Unmarshal(data, &top); err != nil {
			return nil, &SpecError{Pos: Pos{File: name}, Msg: "overlay result is not an object", Err: err}
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
	raw, ok := top["openapi"]
	if !ok {
		return nil, &SpecError{Pos: Pos{File: name, Line: 1}, Msg: `not an OpenAPI document: no "openapi" or "swagger" field`}
	}
	var version string
	if err := json.Unmarshal(raw, &version); err != nil {
		// `openapi: 3` or `openapi: 3.0` written as a number.
		var num json.Number
		if json.Unmarshal(raw, &num) != nil {
			return nil, &SpecError{Pos: s.Pos("#/openapi"), Msg: "openapi version is not a string"}
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
		return nil, &SpecError{Pos: s.Pos("#/openapi"), Msg: fmt.Sprintf("unsupported OpenAPI version %q (sigen reads 3.0, 3.1 and Swagger 2.0)", version)}
	}
	s.Version = version
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

	loc := &url.URL{Path: filepath.ToSlash(path)}
	doc, err := s.loadDoc(func() *openapi3.Loader { return s.newLoader(ctx, opts) }, data, loc)
	if err != nil && isJSON {
		// The top-level scan does not check the whole document: locate a
		// JSON syntax error here.
		var v any
		var se *json.SyntaxError
		if jerr := json.Unmarshal(data, &v); errors.As(jerr, &se) {
			line, col := lineCol(src, int(se.Offset)+len(src)-len(bytes.TrimLeft(src, " \t\r\n")))
			return nil, &SpecError{Pos: Pos{File: name, Line: line, Col: col}, Msg: "invalid JSON", Err: jerr}
		}
	}
	if err != nil {
		return nil, s.explainLoadError(err)
	}
	s.Doc = doc
	s.data = data
	return s, nil
}

// fixInfo repairs an info object whose contact or license is not an object
// (Signicat Sign v2's published file sets both to ""), with a warning.
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
		return nil, s.explainLoadError(err)
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
	var msgs []string
	if err := s.Doc.Validate(ctx, openapi3.EnableMultiError(), openapi3.DisableSchemaPatternValidation()); err != nil {
		msgs = splitValidation(err)
	}
	if strict && len(msgs) > 0 {
		return &SpecError{Pos: s.validationPos(msgs[0]), Msg: "invalid spec (--strict)", Err: errors.New(firstLine(msgs[0]))}
	}
	for _, m := range msgs {
		diag.Warn(s.validationPos(m), "validation: %s", firstLine(m))
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

// validationPos locates a kin-openapi validation message: by the JSON
// pointer it mentions, or by the component schema and quoted value it
// names ("schema "Thing": unsupported 'type' value "notatype"").
func (s *Spec) validationPos(msg string) Pos {
	if p := pointerIn(msg); p != "" {
		return s.Pos(p)
	}
	if m := pathOp.FindStringSubmatch(msg); m != nil {
		return s.Pos("#/paths/" + EscapePointer(m[1]) + "/" + strings.ToLower(m[2]))
	}
	if m := schemaValue.FindStringSubmatch(msg); m != nil {
		prefix := "#/components/schemas/" + EscapePointer(m[1])
		if p, ok := s.locate(prefix, func(_ string, v any) bool { return v == m[2] }); ok {
			return p
		}
		return s.Pos(prefix)
	}
	if m := schemaName.FindStringSubmatch(msg); m != nil {
		prefix := "#/components/schemas/" + EscapePointer(m[1])
		for _, kw := range []string{"default", "example", "examples"} {
			if strings.Contains(msg, "invalid "+strings.TrimSuffix(kw, "s")) {
				if p, ok := s.locateKey(prefix, kw); ok {
					return p
				}
			}
		}
		return s.Pos(prefix)
	}
	return Pos{File: s.File}
}

// locateKey returns the position of the first (in pointer order) node
// named key below prefix, using the position index.
func (s *Spec) locateKey(prefix, key string) (Pos, bool) {
	s.once.Do(s.index)
	best := ""
	for ptr := range s.pos {
		if strings.HasPrefix(ptr, prefix+"/") && strings.HasSuffix(ptr, "/"+EscapePointer(key)) && (best == "" || ptr < best) {
			best = ptr
		}
	}
	if best == "" {
		return Pos{}, false
	}
	return s.Pos(best), true
}

// locate returns the position of the first node (depth first, keys in
// sorted order) below the pointer prefix for which match(key, value) holds.
func (s *Spec) locate(prefix string, match func(key string, v any) bool) (Pos, bool) {
	ptr, _, ok := findIn(mustJSON(s), prefix, match)
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

func splitValidation(err error) []string {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		var out []string
		for _, e := range me {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

var (
	refInMsg     = regexp.MustCompile(`#/[^\s"',)]*`)
	missingKey   = regexp.MustCompile(`map key "([^"]+)" not found`)
	typeMismatch = regexp.MustCompile(`cannot unmarshal (\w+) into (?:Go struct )?field \w+\.(\w+)`)
	schemaValue  = regexp.MustCompile(`schema "([^"]+)":.* "([^"]+)"$`)
	schemaName   = regexp.MustCompile(`schema "([^"]+)"`)
	pathOp       = regexp.MustCompile(`invalid path (\S+): invalid operation (\w+)`)
)

// pointerIn finds a JSON pointer mentioned in a message, if any.
func pointerIn(msg string) string {
	if m := refInMsg.FindString(msg); m != "" {
		return m
	}
	return ""
}

// explainLoadError turns a kin-openapi load error into a SpecError naming
// the file, and where possible the line and pointer of the offending $ref.
func (s *Spec) explainLoadError(err error) error {
	var re *refError
	if errors.As(err, &re) {
		return s.explainRefError(re)
	}
	var de *SpecError
	if errors.As(err, &de) {
		return de // from reading a referenced file; it names that file
	}
	msg := err.Error()
	pe := &SpecError{Pos: Pos{File: s.File}, Msg: "load spec", Err: err}
	ref := pointerIn(msg)
	if ref == "" {
		// "map key "Missing" not found": a $ref to a component that does
		// not exist.
		if m := missingKey.FindStringSubmatch(msg); m != nil {
			if p, ok := s.findRef("/" + m[1]); ok {
				pe.Pos = p
				pe.Msg = "dangling $ref"
			}
		} else if m := typeMismatch.FindStringSubmatch(msg); m != nil {
			// "cannot unmarshal string into field Schema.minimum of type
			// float64": find that key holding a value of that JSON kind.
			if p, ok := s.locate("#", func(key string, v any) bool { return key == m[2] && jsonKindOf(v) == m[1] }); ok {
				pe.Pos = p
				pe.Err = fmt.Errorf("%s must not be a %s", m[2], m[1])
			}
		}
		return pe
	}
	// Find the $ref node that points there.
	if p, ok := s.findRef(ref); ok {
		pe.Pos = p
		return pe
	}
	pe.Pos = s.Pos(ref)
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

// findRef returns the position of the first "$ref" whose value is ref, ends
// with ref, or passes through ref (a missing section): the object holding
// the $ref.
func (s *Spec) findRef(ref string) (Pos, bool) {
	if s.src == nil {
		return Pos{}, false
	}
	ptr, _, ok := findRefIn(mustJSON(s), func(r string) bool {
		return r == ref || strings.HasSuffix(r, ref) || strings.Contains(r, ref+"/")
	})
	if !ok {
		return Pos{}, false
	}
	return s.Pos(ptr), true
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
	i := 0
	ws := func() {
		for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
			i++
		}
	}
	// str returns the end (exclusive) of the string starting at i.
	str := func(i int) int {
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
	ws()
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	i++
	top := map[string]json.RawMessage{}
	for {
		ws()
		if i < len(data) && data[i] == '}' && len(top) == 0 {
			i++
			break
		}
		if i >= len(data) || data[i] != '"' {
			return nil, false
		}
		end := str(i)
		if end < 0 {
			return nil, false
		}
		var key string
		if json.Unmarshal(data[i:end], &key) != nil {
			return nil, false
		}
		i = end
		ws()
		if i >= len(data) || data[i] != ':' {
			return nil, false
		}
		i++
		ws()
		start := i
		depth := 0
	value:
		for i < len(data) {
			switch c := data[i]; c {
			case '"':
				e := str(i)
				if e < 0 {
					return nil, false
				}
				i = e
				if depth == 0 {
					break value
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth == 0 {
					break value
				}
				depth--
				if depth == 0 {
					i++
					break value
				}
			case ',', ' ', '\t', '\r', '\n':
				if depth == 0 {
					break value
				}
			}
			i++
		}
		if i == start {
			return nil, false
		}
		top[key] = json.RawMessage(data[start:i])
		ws()
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
	ws()
	return top, i == len(data)
}
