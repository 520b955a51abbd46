package resolve

import (
	"fmt"
	. "github.com/sigen-dev/sigen/generator/model"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sigen-dev/sigen/generator/flows"
	"github.com/sigen-dev/sigen/generator/load"
	"github.com/sigen-dev/sigen/generator/naming"
)

func (b *builder) servers(ss openapi3.Servers, ptr string) []Server {
	var out []Server
	for i, s := range ss {
		if s == nil {
			continue
		}
		srv := Server{URL: s.URL, Description: s.Description}
		for _, name := range slices.Sorted(maps.Keys(s.Variables)) {
			v := s.Variables[name]
			sv := ServerVar{Name: name, Default: v.Default, Enum: v.Enum}
			if sv.Default == "" {
				if len(v.Enum) > 0 {
					sv.Default = v.Enum[0]
				}
				b.warnf(fmt.Sprintf("%s/%d/variables/%s", ptr, i, load.EscapePointer(name)), "server variable %q has no default; using %q", name, sv.Default)
			}
			srv.Variables = append(srv.Variables, sv)
		}
		out = append(out, srv)
	}
	return out
}

func requirements(reqs openapi3.SecurityRequirements) [][]string {
	var out [][]string
	for _, r := range reqs {
		names := slices.Sorted(maps.Keys(r))
		out = append(out, names)
	}
	return out
}

// Binding binds a security scheme of the spec to a token flow, for specs
// that declare only a bearer scheme (or none).
type Binding struct {
	Scheme     string // scheme name; empty: the only bearer scheme (or a new one when none)
	Flow       string // the name of an entry of generator/flows
	TokenURL   string
	RefreshURL string
	Scopes     []string
}

// schemes builds the model's security schemes from the spec's, with the
// flows bound applies, and the default security requirement.
func (b *builder) schemes(bound bindings) {
	doc := b.spec.Doc
	var declared openapi3.SecuritySchemes
	if doc.Components != nil {
		declared = doc.Components.SecuritySchemes
	}
	names := slices.Collect(maps.Keys(declared))
	if bound.added {
		names = append(names, addedScheme)
	}
	slices.Sort(names)
	for _, name := range names {
		ptr := "#/components/securitySchemes/" + load.EscapePointer(name)
		s := &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}
		if ref, ok := declared[name]; ok {
			if ref == nil || ref.Value == nil {
				b.errorf(ptr, "unresolved security scheme")
				continue
			}
			s = ref.Value
		}
		t, ok := bound.tokens[name]
		if ext, own := s.Extensions["x-sigen-token"]; own && !ok {
			t, ok = tokenExtension(ext), true
		}
		var sc *Scheme
		if ok {
			sc = b.tokenScheme(name, s.Description, t, ptr)
		} else {
			sc = b.scheme(name, s, ptr)
		}
		if sc != nil {
			b.api.Schemes = append(b.api.Schemes, sc)
		}
	}
	b.api.Security = requirements(doc.Security)
	if bound.added && len(doc.Security) == 0 {
		b.api.Security = [][]string{{addedScheme}}
	}
}

// tokenScheme returns the scheme name bound to the token flow of t, or nil
// after an error.
func (b *builder) tokenScheme(name, doc string, t flowToken, ptr string) *Scheme {
	sc := &Scheme{Name: name, Doc: doc, TokenURL: t.tokenURL, RefreshURL: t.refreshURL}
	f, own := flows.LookupAlias(t.flow)
	if f == nil {
		b.errorf(ptr+"/x-sigen-token", "unknown x-sigen-token flow %q (want %s)", t.flow, flows.Names("", "or", nil))
		return nil
	}
	if sc.TokenURL == "" {
		sc.TokenURL = f.TokenURL
	}
	if sc.RefreshURL == "" {
		sc.RefreshURL = f.RefreshURL
	}
	if f.Grant == flows.ClientCredentials || (f.Runtime != nil && f.Runtime.ScopesField != "") {
		if sc.Scopes = slices.Clone(t.scopes); len(sc.Scopes) == 0 {
			sc.Scopes = slices.Clone(f.Scopes)
		}
	}
	switch {
	case f.Grant != flows.ClientCredentials:
		sc.Kind, sc.Vendor = SchemeFlow, f.Name
	case own:
		sc.Kind, sc.Vendor = SchemeClientCredentials, f.Name
	default:
		// An alias of the grant: the vendor wording only on its hosts.
		sc.Kind, sc.Vendor = SchemeClientCredentials, clientCredentialsVendor(sc.TokenURL)
	}
	return sc
}

// scheme returns the model of the spec's security scheme s, or nil (after
// a warning) when sigen does not support it.
func (b *builder) scheme(name string, s *openapi3.SecurityScheme, ptr string) *Scheme {
	sc := &Scheme{Name: name, Doc: s.Description}
	switch strings.ToLower(s.Type) {
	case "oauth2":
		if s.Flows != nil && s.Flows.ClientCredentials != nil {
			sc.Kind = SchemeClientCredentials
			sc.TokenURL = s.Flows.ClientCredentials.TokenURL
			sc.Scopes = slices.Sorted(maps.Keys(s.Flows.ClientCredentials.Scopes))
			sc.Vendor = clientCredentialsVendor(sc.TokenURL)
		} else {
			b.warnf(ptr, "OAuth2 scheme without a clientCredentials flow: bound to a static bearer token (WithBearerToken)")
			sc.Kind = SchemeBearer
		}
	case "http":
		switch strings.ToLower(s.Scheme) {
		case "bearer":
			sc.Kind = SchemeBearer
		case "basic":
			sc.Kind = SchemeBasic
		default:
			b.warnf(ptr, "HTTP auth scheme %q is not supported; requests needing it get no credentials from sigen (set them with a request editor)", s.Scheme)
			return nil
		}
	case "apikey":
		sc.Kind = SchemeAPIKey
		sc.In = s.In
		sc.ParamName = s.Name
	case "openidconnect":
		b.warnf(ptr, "openIdConnect scheme: bound to a static bearer token (WithBearerToken)")
		sc.Kind = SchemeBearer
	default:
		b.warnf(ptr, "security scheme type %q is not supported; requests needing it get no credentials from sigen", s.Type)
		return nil
	}
	return sc
}

// clientCredentialsVendor returns the name of the vendor flow whose token
// hosts hold the host of tokenURL, and "" (a generic OAuth2 provider) for
// any other.
func clientCredentialsVendor(tokenURL string) string {
	if f := flows.ByTokenURL(tokenURL); f != nil {
		return f.Name
	}
	return ""
}

func stringList(v any) []string {
	switch x := v.(type) {
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case string:
		return strings.Fields(x)
	}
	return nil
}

var methodOrder = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace, openapi3.MethodQuery}

// httpToken matches an HTTP method: an RFC 9110 token.
var httpToken = regexp.MustCompile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$")

var pathParamRE = regexp.MustCompile(`\{([^{}]+)\}`)

type opRef struct {
	path, method string
	item         *openapi3.PathItem
	op           *openapi3.Operation
	ptr          string
}

func (b *builder) operations() {
	doc := b.spec.Doc
	if doc.Paths == nil {
		return
	}
	var ops []opRef
	paths := doc.Paths.Map()
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		item := paths[path]
		if item == nil {
			continue
		}
		for _, m := range methodOrder {
			op := item.GetOperation(m)
			if op == nil {
				continue
			}
			if b.skipped(op.OperationID, m, path) {
				continue
			}
			ops = append(ops, opRef{path: path, method: m, item: item, op: op,
				ptr: "#/paths/" + load.EscapePointer(path) + "/" + strings.ToLower(m)})
		}
		pathPtr := "#/paths/" + load.EscapePointer(path)
		if item.Connect != nil && !b.skipped(item.Connect.OperationID, http.MethodConnect, path) {
			b.errorf(pathPtr+"/connect", "CONNECT operations are not generated: a CONNECT request opens a tunnel, it is not an API call (leave it out with skip: [\"CONNECT %s\"])", path)
		}
		// OpenAPI 3.2: any other method, in additionalOperations, sorted.
		for _, m := range slices.Sorted(maps.Keys(item.AdditionalOperations)) {
			op := item.AdditionalOperations[m]
			ptr := pathPtr + "/additionalOperations/" + load.EscapePointer(m)
			switch {
			case op == nil:
				continue
			case !httpToken.MatchString(m):
				b.errorf(ptr, "additionalOperations method %q is not an HTTP method token", m)
				continue
			case slices.Contains(methodOrder, strings.ToUpper(m)) || strings.EqualFold(m, http.MethodConnect):
				b.errorf(ptr, "additionalOperations method %q has its own field in a path item (%s); write it there", m, strings.ToLower(m))
				continue
			case b.skipped(op.OperationID, m, path):
				continue
			}
			ops = append(ops, opRef{path: path, method: m, item: item, op: op, ptr: ptr})
		}
	}
	// Names: explicit operationIds first, in order, then synthesised ones.
	// The client's own Format method: an operation named so is renamed.
	methods := naming.NewScope(clientNames.Format)
	names := make([]string, len(ops))
	seenIDs := map[string]string{}
	for i, o := range ops {
		if o.op.OperationID == "" {
			continue
		}
		if prev, dup := seenIDs[o.op.OperationID]; dup {
			b.warnf(o.ptr+"/operationId", "duplicate operationId %q (also at %s); this one is renamed", o.op.OperationID, prev)
		}
		seenIDs[o.op.OperationID] = o.ptr
		name := b.goName(o.op.Extensions, o.ptr, b.names.Exported(o.op.OperationID))
		names[i] = methods.Unique(b.rename(o.op.OperationID, name, o.ptr))
	}
	for i, o := range ops {
		if names[i] == "" {
			names[i] = methods.Unique(b.goName(o.op.Extensions, o.ptr, synthName(b.names, o.method, o.path)))
		}
	}
	for i, o := range ops {
		b.api.Operations = append(b.api.Operations, b.operation(o, names[i], methods))
	}
}

func (b *builder) skipped(id, method, path string) bool {
	for _, s := range b.cfg.Skip {
		if s == id || s == method+" "+path {
			return true
		}
	}
	return false
}

// synthName names an operation without operationId from its method and
// path: GET /sessions/{id}/cancel → GetSessionsByIDCancel.
func synthName(names *naming.Namer, method, path string) string {
	var b strings.Builder
	b.WriteString(names.Exported(strings.ToLower(method)))
	for _, seg := range strings.Split(path, "/") {
		if seg == "" {
			continue
		}
		if m := pathParamRE.FindStringSubmatch(seg); m != nil && m[0] == seg {
			b.WriteString("By")
			b.WriteString(names.Exported(m[1]))
			continue
		}
		b.WriteString(names.Exported(seg))
	}
	return b.String()
}

func (b *builder) operation(o opRef, name string, methods *naming.Scope) *Operation {
	op := &Operation{
		ID:         o.op.OperationID,
		Name:       name,
		Method:     o.method,
		Path:       o.path,
		Summary:    o.op.Summary,
		Doc:        o.op.Description,
		Deprecated: o.op.Deprecated,
		Tags:       o.op.Tags,
		Source:     o.ptr,
	}
	if op.ID == "" {
		op.ID = name
	}
	if o.op.Servers != nil && len(*o.op.Servers) > 0 {
		op.Servers = b.servers(*o.op.Servers, o.ptr+"/servers")
	} else if len(o.item.Servers) > 0 {
		op.Servers = b.servers(o.item.Servers, "#/paths/"+load.EscapePointer(o.path)+"/servers")
	}
	b.params(op, o)
	b.bodies(op, o, methods)
	b.responses(op, o)
	b.security(op, o)
	b.pagination(op)
	if op.Paginated != nil {
		op.IterName = methods.Unique(op.Name + "All")
	}
	return op
}

func (b *builder) security(op *Operation, o opRef) {
	if o.op.Security == nil {
		op.Security = b.api.Security
	} else if len(*o.op.Security) == 0 {
		op.NoSecurity = true
		return
	} else {
		op.Security = requirements(*o.op.Security)
	}
	known := map[string]bool{}
	for _, s := range b.api.Schemes {
		known[s.Name] = true
	}
	var keep [][]string
	for _, alt := range op.Security {
		ok := true
		for _, n := range alt {
			if !known[n] {
				ok = false
				b.warnf(o.ptr, "security requirement names scheme %q, which is not declared or not supported; that alternative is not offered", n)
			}
		}
		if ok {
			keep = append(keep, alt)
		}
	}
	if len(op.Security) > 0 && len(keep) == 0 {
		// Only unusable alternatives remain: send no credentials.
		op.NoSecurity = true
	}
	op.Security = keep
	if len(keep) == 1 && len(keep[0]) == 0 {
		op.NoSecurity = true
		op.Security = nil
	}
}

// locals are the names of the receiver, arguments and locals of every
// operation method and iterator (API.Locals): the printer writes these and
// no others, so this is where they are decided.
var locals = DefaultLocals

// reservedArgs are taken before path parameters are named as method
// arguments: the locals, and the names of the packages generated methods
// may use, which an argument would shadow. The other names were kept
// free by earlier versions: freeing one would rename an argument of some
// existing client.
var reservedArgs = slices.Concat(locals.Names(), []string{
	"auth", "oas", "rest", "bytes", "context", "errors", "fmt", "http", "io", "iter", "json", "maps",
	"mime", "multipart", "slices", "slog", "strconv", "strings", "time", "url", "utf8",
	// Kept for stable names.
	"u", "x", "b", "fn", "raw", "plain", "index", "vars", "dst", "errs", "extra", "l", "o",
	"req", "w", "mw", "part", "fw", "buf", "value", "key",
})

// securityVarRE matches the package-level variables the emitter declares
// for security requirements (security0, security1, ...).
var securityVarRE = regexp.MustCompile(`^security[0-9]+$`)

// argName returns a unique argument name for a path parameter named name
// that shadows none of the emitter's package-level variables.
func argName(args *naming.Scope, name string) string {
	if securityVarRE.MatchString(name) {
		name += "Param"
	}
	return args.Unique(name)
}

func (b *builder) params(op *Operation, o opRef) {
	type key struct{ name, in string }
	merged := map[key]*openapi3.ParameterRef{}
	ptrs := map[key]string{}
	var order []key
	add := func(ps openapi3.Parameters, base string) {
		for i, p := range ps {
			if p == nil || p.Value == nil {
				b.errorf(fmt.Sprintf("%s/parameters/%d", base, i), "unresolved parameter")
				continue
			}
			k := key{p.Value.Name, p.Value.In}
			if _, ok := merged[k]; !ok {
				order = append(order, k)
			}
			merged[k] = p
			ptrs[k] = fmt.Sprintf("%s/parameters/%d", base, i)
		}
	}
	add(o.item.Parameters, "#/paths/"+load.EscapePointer(o.path))
	add(o.op.Parameters, o.ptr)

	args := naming.NewScope(reservedArgs...)
	fields := naming.NewScope()
	// Path parameters in path order.
	for _, m := range pathParamRE.FindAllStringSubmatch(o.path, -1) {
		k := key{m[1], "path"}
		p, ok := merged[k]
		if !ok {
			b.warnf(o.ptr, "path parameter {%s} is not declared; read as a string", m[1])
			op.PathParams = append(op.PathParams, &Param{Name: m[1], GoName: argName(args, b.names.Unexported(m[1])), In: "path", Style: "simple", Required: true, Type: String})
			continue
		}
		prm := b.param(op, p.Value, ptrs[k])
		prm.GoName = argName(args, b.names.Unexported(prm.Name))
		prm.Required = true
		op.PathParams = append(op.PathParams, prm)
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].in != order[j].in {
			return inRank(order[i].in) < inRank(order[j].in)
		}
		return order[i].name < order[j].name
	})
	st := Struct{NoJSON: true}
	for _, k := range order {
		if k.in == "path" {
			if !strings.Contains(o.path, "{"+k.name+"}") {
				b.warnf(ptrs[k], "path parameter %q does not appear in the path; ignored", k.name)
			}
			continue
		}
		prm := b.param(op, merged[k].Value, ptrs[k])
		prm.GoName = fields.Unique(b.names.Exported(prm.Name))
		switch k.in {
		case "query":
			op.Query = append(op.Query, prm)
		case "header":
			if h := http.CanonicalHeaderKey(prm.Name); h == "Authorization" || h == "Content-Type" {
				b.warnf(ptrs[k], "header parameter %q is set by the client and not generated", prm.Name)
				continue
			}
			op.Header = append(op.Header, prm)
		case "cookie":
			op.Cookie = append(op.Cookie, prm)
		default:
			b.errorf(ptrs[k], "parameter location %q is not valid", k.in)
			continue
		}
		st.Fields = append(st.Fields, &Field{
			Name: prm.GoName, JSONName: prm.Name, Doc: prm.Doc, Type: prm.Type,
			Required: prm.Required, Pointer: !prm.Required && b.pointerable(prm.Type),
		})
	}
	if len(st.Fields) > 0 {
		op.Params = &Named{Name: b.scope.Unique(op.Name + "Params"), Struct: &st, Source: o.ptr + "/parameters"}
		op.Params.Doc = op.Params.Name + " holds the query, header and cookie parameters of " + op.Name + "."
		b.api.Types = append(b.api.Types, op.Params)
	}
}

func inRank(in string) int {
	switch in {
	case "query":
		return 0
	case "header":
		return 1
	case "cookie":
		return 2
	}
	return 3
}

func (b *builder) param(op *Operation, p *openapi3.Parameter, ptr string) *Param {
	prm := &Param{Name: p.Name, In: p.In, Style: p.Style, Required: p.Required, AllowReserved: p.AllowReserved, Doc: p.Description}
	if prm.Style == "" {
		switch p.In {
		case "query", "cookie":
			prm.Style = "form"
		default:
			prm.Style = "simple"
		}
	}
	if p.Explode != nil {
		prm.Explode = *p.Explode
	} else {
		prm.Explode = prm.Style == "form"
	}
	hint := b.childName(op.Name, b.names.Exported(p.Name))
	switch {
	case p.Schema != nil:
		prm.Type = b.typeOf(p.Schema, ptr+"/schema", hint)
	case len(p.Content) > 0:
		ct := slices.Sorted(maps.Keys(p.Content))[0]
		mt := p.Content[ct]
		prm.JSON = true
		if mt != nil && mt.Schema != nil {
			prm.Type = b.typeOf(mt.Schema, ptr+"/content/"+load.EscapePointer(ct)+"/schema", hint)
		} else {
			prm.Type = RawMessage
		}
	default:
		b.warnf(ptr, "parameter %q has neither schema nor content; read as a string", p.Name)
		prm.Type = String
	}
	if prm.Type.Kind == TypeNullable {
		prm.Type = prm.Type.Elem
	}
	if !prm.JSON && !b.paramEncodable(prm.Type) {
		// A shape the style rules cannot express: send it as JSON.
		b.warnf(ptr, "parameter %q has a type the %s style cannot serialise; sent as JSON", p.Name, prm.Style)
		prm.JSON = true
	}
	return prm
}

// paramEncodable reports whether t can be serialised by the OpenAPI style
// rules: a primitive, an array of primitives, or an object of primitives.
func (b *builder) paramEncodable(t *Type) bool {
	switch t.Kind {
	case TypeSlice:
		return b.isPrimitive(t.Elem)
	case TypeMap:
		return b.isPrimitive(t.Elem)
	case TypeNamed:
		if st := b.api.Named(t).Struct; st != nil {
			if st.Extra != nil {
				return false
			}
			for _, f := range st.Fields {
				if !b.isPrimitive(f.Type) {
					return false
				}
			}
			return true
		}
	}
	return b.isPrimitive(t)
}

func (b *builder) isPrimitive(t *Type) bool {
	switch t.Kind {
	case TypeBuiltin:
		return t != Any && t != Bytes
	case TypeQual:
		return t == Time || t == Date
	case TypeNamed:
		switch d := b.api.Named(t).Decl().(type) {
		case *Enum:
			return true
		case *Defined:
			return b.isPrimitive(d.Underlying)
		}
	case TypeNullable:
		return b.isPrimitive(t.Elem)
	}
	return false
}

// Content-type handling.

func bodyKind(ct string, s *openapi3.Schema) BodyKind {
	base := strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	switch {
	case base == "application/json" || strings.HasSuffix(base, "+json") || base == "text/json":
		return KindJSON
	case base == "application/x-www-form-urlencoded":
		return KindForm
	case base == "multipart/form-data" || base == "multipart/mixed":
		return KindMultipart
	case strings.HasPrefix(base, "text/") && (s == nil || s.Format != "binary"):
		return KindText
	}
	return KindBinary
}

func kindRank(k BodyKind) int {
	switch k {
	case KindJSON:
		return 0
	case KindForm:
		return 1
	case KindMultipart:
		return 2
	case KindText:
		return 3
	}
	return 4
}

func (b *builder) bodies(op *Operation, o opRef, methods *naming.Scope) {
	rb := o.op.RequestBody
	if rb == nil {
		return
	}
	ptr := o.ptr + "/requestBody"
	if rb.Value == nil {
		b.errorf(ptr, "unresolved request body %q", rb.Ref)
		return
	}
	cts := slices.Sorted(maps.Keys(rb.Value.Content))
	sort.SliceStable(cts, func(i, j int) bool {
		ki := bodyKind(cts[i], schemaOf(rb.Value.Content[cts[i]]))
		kj := bodyKind(cts[j], schemaOf(rb.Value.Content[cts[j]]))
		if kindRank(ki) != kindRank(kj) {
			return kindRank(ki) < kindRank(kj)
		}
		// application/json before other +json types.
		return cts[i] == "application/json" && cts[j] != "application/json"
	})
	for i, ct := range cts {
		mt := rb.Value.Content[ct]
		s := schemaOf(mt)
		body := &Body{ContentType: ct, Kind: bodyKind(ct, s), Required: rb.Value.Required}
		cptr := ptr + "/content/" + load.EscapePointer(ct)
		hint := op.Name + "Request"
		if i > 0 {
			body.Suffix = methods.Unique(op.Name + "With" + contentSuffix(ct))
			hint = op.Name + contentSuffix(ct) + "Request"
		}
		switch body.Kind {
		case KindJSON, KindText:
			if mt != nil && mt.Schema != nil {
				body.Type = b.typeOf(mt.Schema, cptr+"/schema", hint)
			} else if body.Kind == KindText {
				body.Type = String
			} else {
				body.Type = RawMessage
			}
			if body.Kind == KindText {
				body.Type = String
			}
		case KindBinary:
			body.Type = Reader
		case KindForm, KindMultipart:
			body.Type, body.Parts = b.formParts(mt, cptr, hint, body.Kind == KindMultipart)
		}
		op.Bodies = append(op.Bodies, body)
	}
}

func schemaOf(mt *openapi3.MediaType) *openapi3.Schema {
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

func contentSuffix(ct string) string {
	base := strings.ToLower(strings.SplitN(ct, ";", 2)[0])
	switch base {
	case "application/x-www-form-urlencoded":
		return "Form"
	case "multipart/form-data":
		return "Multipart"
	case "text/plain":
		return "Text"
	case "application/octet-stream", "*/*":
		return "Body"
	}
	if i := strings.IndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	return naming.Exported(base)
}

// formParts builds the struct for a form or multipart body. Binary
// properties become io.Reader fields.
func (b *builder) formParts(mt *openapi3.MediaType, ptr, hint string, multipart bool) (*Type, []*Part) {
	s := schemaOf(mt)
	if s == nil || len(s.Properties) == 0 {
		if multipart {
			b.warnf(ptr, "multipart body without properties; sent as raw bytes")
			return Reader, nil
		}
		return MapOf(String), nil
	}
	if !multipart && mt.Schema.Ref != "" {
		// A form body that refers to a component: use that type.
		if t := b.typeOf(mt.Schema, ptr+"/schema", hint); t.Kind == TypeNamed {
			if st := b.api.Named(t).Struct; st != nil && st.Extra == nil {
				var parts []*Part
				for _, f := range st.Fields {
					parts = append(parts, &Part{Name: f.JSONName, GoName: f.Name, Type: f.Type, Required: f.Required})
				}
				return t, parts
			}
		}
	}
	req := map[string]bool{}
	for _, r := range s.Required {
		req[r] = true
	}
	st := &Struct{NoJSON: true}
	fs := naming.NewScope()
	var parts []*Part
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		p := s.Properties[name]
		pp := ptr + "/schema/properties/" + load.EscapePointer(name)
		part := &Part{Name: name, GoName: fs.Unique(b.names.Exported(name)), Required: req[name]}
		if mt.Encoding != nil {
			if enc := mt.Encoding[name]; enc != nil {
				part.ContentType = enc.ContentType
			}
		}
		ps := p.Value
		isBin := ps != nil && (ps.Format == "binary" || ps.ContentMediaType != "" && ps.ContentMediaType != "application/json" ||
			(ps.Items != nil && ps.Items.Value != nil && ps.Items.Value.Format == "binary"))
		if isBin && multipart {
			part.Binary = true
			part.Type = Reader
			if ps.Items != nil {
				part.Type = SliceOf(Reader)
			}
		} else {
			part.Type = b.typeOf(p, pp, b.childName(hint, b.names.Exported(name)))
			if part.Type.Kind == TypeNullable {
				part.Type = part.Type.Elem
			}
		}
		parts = append(parts, part)
		st.Fields = append(st.Fields, &Field{Name: part.GoName, JSONName: name, Type: part.Type, Required: part.Required,
			Pointer: !part.Required && !part.Binary && b.pointerable(part.Type), Doc: docOf(ps)})
	}
	n := &Named{Name: b.scope.Unique(hint), Struct: st, Source: ptr}
	if multipart {
		n.Doc = n.Name + " is a multipart/form-data request body."
	} else {
		n.Doc = n.Name + " is an application/x-www-form-urlencoded request body."
	}
	b.api.Types = append(b.api.Types, n)
	return n.Ref(), parts
}

// Responses.

func statusRank(s string) (int, int, int) {
	if s == "default" {
		return 2, 0, 0
	}
	if len(s) == 3 && (s[1] == 'X' || s[1] == 'x') {
		c := int(s[0] - '0')
		return 1, c * 100, c
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 3, 0, 0
	}
	return 0, n, 0
}

func (b *builder) responses(op *Operation, o opRef) {
	if o.op.Responses == nil {
		return
	}
	rs := o.op.Responses.Map()
	keys := statusOrder(rs)
	var success []*Response
	onlyDefault := len(keys) == 1 && keys[0] == "default"
	for _, status := range keys {
		ref := rs[status]
		ptr := o.ptr + "/responses/" + load.EscapePointer(status)
		if ref == nil || ref.Value == nil {
			b.errorf(ptr, "unresolved response")
			continue
		}
		g, code, class := statusRank(status)
		if g == 3 {
			b.warnf(ptr, "response key %q is not a status code; ignored", status)
			continue
		}
		r := &Response{Status: status}
		if g == 0 {
			r.Code = code
		} else if g == 1 {
			r.Class = class
		}
		isSuccess := (r.Code > 0 && r.Code < 400) || (r.Class > 0 && r.Class < 4) || (status == "default" && onlyDefault)
		b.responseBody(op, r, ref.Value, ptr, isSuccess, len(rs) > 1)
		b.responseHeaders(op, r, ref.Value, ptr)
		r.Success = isSuccess
		op.Responses = append(op.Responses, r)
		if isSuccess {
			success = append(success, r)
		} else if r.Type != nil && r.Kind == KindJSON {
			op.ErrorModels = append(op.ErrorModels, r)
		}
	}
	b.result(op, success)
}

// statusOrder returns the status keys of an operation's responses:
// status codes, then classes (2XX), then default, then anything else.
func statusOrder(rs map[string]*openapi3.ResponseRef) []string {
	keys := slices.Sorted(maps.Keys(rs))
	sort.SliceStable(keys, func(i, j int) bool {
		gi, ci, _ := statusRank(keys[i])
		gj, cj, _ := statusRank(keys[j])
		if gi != gj {
			return gi < gj
		}
		return ci < cj
	})
	return keys
}

// responseBody sets the content type, kind and type of response r from
// the first of its content types (JSON before others); several statuses
// (several) name their types by status.
func (b *builder) responseBody(op *Operation, r *Response, resp *openapi3.Response, ptr string, isSuccess, several bool) {
	cts := slices.Sorted(maps.Keys(resp.Content))
	sort.SliceStable(cts, func(i, j int) bool {
		return kindRank(bodyKind(cts[i], nil)) < kindRank(bodyKind(cts[j], nil))
	})
	if len(cts) == 0 {
		return
	}
	ct := cts[0]
	mt := resp.Content[ct]
	r.ContentType = ct
	r.Kind = bodyKind(ct, schemaOf(mt))
	if r.Kind == KindForm || r.Kind == KindMultipart {
		r.Kind = KindBinary
	}
	hint := op.Name + "Response"
	if !isSuccess {
		hint = op.Name + "Error"
	}
	if several {
		hint += b.names.Exported(r.Status)
	}
	switch r.Kind {
	case KindJSON:
		if mt != nil && mt.Schema != nil {
			r.Type = b.typeOf(mt.Schema, ptr+"/content/"+load.EscapePointer(ct)+"/schema", hint)
		} else {
			r.Type = RawMessage
		}
	case KindText:
		r.Type = String
	default:
		r.Type = Reader
	}
	if len(cts) > 1 && r.Kind != KindJSON {
		// Several non-JSON types: a stream covers them all.
		r.Kind, r.Type, r.ContentType = KindBinary, Reader, strings.Join(cts, ", ")
	} else if len(cts) > 1 && isSuccess {
		b.warnf(ptr, "response offers %d content types; the client asks for %s and returns the others as *APIError (others: %s)", len(cts), ct, strings.Join(cts[1:], ", "))
	}
}

// responseHeaders adds the headers of response r that have a schema.
func (b *builder) responseHeaders(op *Operation, r *Response, resp *openapi3.Response, ptr string) {
	for _, h := range slices.Sorted(maps.Keys(resp.Headers)) {
		hr := resp.Headers[h]
		if hr == nil || hr.Value == nil || hr.Value.Schema == nil {
			continue
		}
		r.Headers = append(r.Headers, &Param{Name: h, GoName: b.names.Exported(h), In: "header", Type: b.typeOf(hr.Value.Schema, ptr+"/headers/"+load.EscapePointer(h)+"/schema", op.Name+b.names.Exported(h)+"Header")})
	}
}

// result decides what the method returns.
func (b *builder) result(op *Operation, success []*Response) {
	var withBody []*Response
	for _, r := range success {
		if r.Type != nil {
			withBody = append(withBody, r)
		}
	}
	if len(withBody) == 0 {
		return
	}
	same := true
	for _, r := range withBody[1:] {
		if TypeString(r.Type) != TypeString(withBody[0].Type) || r.Kind != withBody[0].Kind {
			same = false
		}
	}
	if same {
		op.Result = withBody[0].Type
		switch withBody[0].Kind {
		case KindJSON:
			op.ResultKind = "json"
		case KindText:
			op.ResultKind = "text"
		default:
			op.ResultKind = "stream"
		}
		return
	}
	// Several bodies: a struct with one field per response.
	st := &Struct{NoJSON: true}
	fs := naming.NewScope("StatusCode")
	st.Fields = append(st.Fields, &Field{Name: "StatusCode", JSONName: "-", Type: BuiltinType("int"), Required: true, Doc: "StatusCode is the HTTP status of the response."})
	for _, r := range withBody {
		suffix := strings.ToUpper(r.Status)
		if r.Status == "default" {
			suffix = "Default"
		}
		r.Field = fs.Unique("Status" + suffix)
		t := r.Type
		if r.Kind == KindBinary {
			t = QualType("io", "ReadCloser")
		}
		st.Fields = append(st.Fields, &Field{Name: r.Field, JSONName: "-", Type: t, Pointer: b.pointerable(t),
			Doc: fmt.Sprintf("%s is set when the status is %s.", r.Field, r.Status)})
	}
	n := &Named{Name: b.scope.Unique(op.Name + "Result"), Struct: st, Source: op.Source + "/responses",
		Doc: op.Name + "Result is the response of " + op.Name + ": exactly one body field is set, chosen by the status code."}
	b.api.Types = append(b.api.Types, n)
	op.Result = n.Ref()
	op.ResultKind = "multi"
}

// Pagination.

func (b *builder) pagination(op *Operation) {
	if op.Method != http.MethodGet || op.ResultKind != "json" || op.Params == nil {
		return
	}
	limit, offset, cursor := pageParams(op.Query)
	if op.Result.Kind != TypeNamed {
		if sl := op.Result; sl.Kind == TypeSlice && limit != "" && offset != "" {
			op.Paginated = &Pagination{Kind: "offset", ItemType: sl.Elem, Limit: limit, Offset: offset}
		}
		return
	}
	rs := b.api.Named(op.Result).Struct
	if rs == nil {
		return
	}
	items := itemsField(rs)
	if items == nil {
		return
	}
	elem := items.Type.Elem
	// A next link: links.next (string, or object with href) or next.
	for _, f := range rs.Fields {
		switch strings.ToLower(f.JSONName) {
		case "links", "_links":
			if fields, pointers, ok := b.nextLink(f); ok {
				op.Paginated = &Pagination{Kind: "next", Items: items.Name, ItemType: elem, NextField: fields}
				op.Paginated.NextPointers = pointers
				return
			}
		case "next", "nextcursor", "next_cursor", "cursor", "nextpagetoken", "next_page_token":
			if TypeString(f.Type) == "string" && cursor != "" {
				op.Paginated = &Pagination{Kind: "cursor", Items: items.Name, ItemType: elem, NextField: []string{f.Name}, Cursor: cursor}
				op.Paginated.NextPointers = []bool{f.Pointer}
				return
			}
		}
	}
	if limit != "" && offset != "" {
		op.Paginated = &Pagination{Kind: "offset", Items: items.Name, ItemType: elem, Limit: limit, Offset: offset}
		op.Paginated.HasMore, op.Paginated.HasMorePointers = b.hasMoreField(rs)
	}
}

// pageParams returns the Go names of the query parameters that set the
// page size, the offset and the cursor of a paged operation, where there
// are such.
func pageParams(query []*Param) (limit, offset, cursor string) {
	for _, p := range query {
		switch strings.ToLower(p.Name) {
		case "limit", "page_size", "pagesize", "per_page", "size":
			if isInt(p.Type) {
				limit = p.GoName
			}
		case "offset", "skip":
			if isInt(p.Type) {
				offset = p.GoName
			}
		case "cursor", "page_token", "pagetoken", "after", "next", "continuationtoken", "continuation_token":
			if TypeString(p.Type) == "string" {
				cursor = p.GoName
			}
		}
	}
	return limit, offset, cursor
}

// itemsField returns the last list field of a page struct named like a
// page's items (data, items, results, ...), or nil.
func itemsField(rs *Struct) *Field {
	var items *Field
	for _, f := range rs.Fields {
		if f.Type.Kind == TypeSlice {
			switch strings.ToLower(f.JSONName) {
			case "data", "items", "results", "values", "entries", "records", "value", "content":
				items = f
			}
		}
	}
	return items
}

// nextLink returns the path of fields from a page's links field to the
// URL of the next page, links.next (a string) or links.next.href, with
// whether each is a pointer.
func (b *builder) nextLink(links *Field) (fields []string, pointers []bool, ok bool) {
	if links.Type.Kind != TypeNamed {
		return nil, nil, false
	}
	lst := b.api.Named(links.Type).Struct
	if lst == nil {
		return nil, nil, false
	}
	for _, lf := range lst.Fields {
		if strings.ToLower(lf.JSONName) != "next" {
			continue
		}
		if TypeString(lf.Type) == "string" {
			return []string{links.Name, lf.Name}, []bool{links.Pointer, lf.Pointer}, true
		}
		if lf.Type.Kind != TypeNamed {
			continue
		}
		if hst := b.api.Named(lf.Type).Struct; hst != nil {
			for _, hf := range hst.Fields {
				if strings.ToLower(hf.JSONName) == "href" && TypeString(hf.Type) == "string" {
					return []string{links.Name, lf.Name, hf.Name}, []bool{links.Pointer, lf.Pointer, hf.Pointer}, true
				}
			}
		}
	}
	return nil, nil, false
}

// hasMoreField finds a boolean "more pages follow" flag in a page struct or
// one level below it (e.g. pagination.hasMore).
func (b *builder) hasMoreField(st *Struct) ([]string, []bool) {
	isFlag := func(f *Field) bool {
		switch strings.ToLower(f.JSONName) {
		case "hasmore", "has_more", "hasnext", "has_next", "more":
			return f.Type == Bool
		}
		return false
	}
	for _, f := range st.Fields {
		if isFlag(f) {
			return []string{f.Name}, []bool{f.Pointer}
		}
	}
	for _, f := range st.Fields {
		if f.Type.Kind != TypeNamed {
			continue
		}
		if inner := b.api.Named(f.Type).Struct; inner != nil {
			for _, g := range inner.Fields {
				if isFlag(g) {
					return []string{f.Name, g.Name}, []bool{f.Pointer, g.Pointer}
				}
			}
		}
	}
	return nil, nil
}

func isInt(t *Type) bool { return t == Int32 || t == Int64 }
