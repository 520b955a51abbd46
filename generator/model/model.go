// Package model is the Go-shaped description of a client: named types,
// operations and security schemes, with every name settled. It is plain
// data (structs, slices, maps, strings and numbers; a type declared in the
// package is referred to by name), so it can be written as JSON (Document)
// and read back. Package resolve builds it from a spec; package emit, or
// any other back end, only prints it.
//
// The names a back end declares in the generated code are in the model
// too, not only those that come from the spec: the receiver, arguments and
// locals of operation methods (API.Locals), the client, its options and
// the other package-level names of client.go (API.Client), package-level
// variables (Field.PatternVar, Operation.SecurityVar) and union
// constructors (Variant.Func). The builder names the spec's things around them, so a
// printer that declares only names the model holds cannot be shadowed by,
// or clash with, a name from the spec.
package model

import (
	"fmt"

	"github.com/sigen-dev/sigen/generator/flows"
)

// API is everything one generated package contains.
type API struct {
	Title       string       `json:"title,omitempty"`
	Version     string       `json:"version,omitempty"`
	Description string       `json:"description,omitempty"`
	SpecFile    string       `json:"specFile,omitempty"` // display name of the spec, relative
	Servers     []Server     `json:"servers"`
	Types       []*Named     `json:"types"` // sorted by name
	Operations  []*Operation `json:"operations"`
	Schemes     []*Scheme    `json:"schemes"` // sorted by name
	// Security is the document-level requirement: alternatives, each a set
	// of scheme names applied together.
	Security [][]string `json:"security"`
	// TagPackages names the sub-package of each tag's operations (by
	// their first tag) when the package is split by tag; nil otherwise.
	TagPackages map[string]string `json:"tagPackages,omitempty"`
	// Locals names the receiver, arguments and local variables of every
	// operation method and iterator.
	Locals Locals `json:"locals"`
	// Client names what client.go declares at package level: the client,
	// its options and its other exported names.
	Client ClientNames `json:"client"`

	index   map[string]*Named // Lookup's cache
	indexed int               // how many of Types index holds
}

// Lookup returns the type of a.Types named name, or nil.
func (a *API) Lookup(name string) *Named {
	if n, ok := a.index[name]; ok && n.Name == name {
		return n
	}
	// The builder appends types as it goes: index the new ones, and
	// everything again if that does not find name (Types replaced).
	if a.index == nil || a.indexed > len(a.Types) {
		a.index, a.indexed = make(map[string]*Named, len(a.Types)), 0
	}
	for _, n := range a.Types[a.indexed:] {
		a.index[n.Name] = n
	}
	a.indexed = len(a.Types)
	if n, ok := a.index[name]; ok && n.Name == name {
		return n
	}
	clear(a.index)
	for _, n := range a.Types {
		a.index[n.Name] = n
	}
	return a.index[name]
}

// Named returns the declaration of t when it refers to a type of a.Types
// (Kind TypeNamed), else nil. A reference to a type a does not (yet)
// declare gives a Named without a declaration.
func (a *API) Named(t *Type) *Named {
	if t == nil || t.Kind != TypeNamed {
		return nil
	}
	if n := a.Lookup(t.Name); n != nil {
		return n
	}
	return &Named{Name: t.Name}
}

// Server is a server URL with its variables.
type Server struct {
	URL         string      `json:"url,omitempty"`
	Description string      `json:"description,omitempty"`
	Variables   []ServerVar `json:"variables"`
}

// ServerVar is a server URL template variable.
type ServerVar struct {
	Name    string   `json:"name,omitempty"`
	Default string   `json:"default,omitempty"`
	Enum    []string `json:"enum"`
}

// TypeKind says what a Type is.
type TypeKind string

// Type kinds.
const (
	// TypeBuiltin is a predeclared Go type named by Type.Name: string,
	// bool, int, int32, int64, float32, float64, any, or []byte (as
	// "bytes").
	TypeBuiltin TypeKind = "builtin"
	// TypeQual is the type Type.Name of the package at Type.Path, such as
	// time.Time.
	TypeQual TypeKind = "qual"
	// TypeNamed is the type of API.Types named Type.Name.
	TypeNamed TypeKind = "named"
	// TypeSlice is []Elem.
	TypeSlice TypeKind = "slice"
	// TypeMap is map[string]Elem.
	TypeMap TypeKind = "map"
	// TypeNullable is oas.Nullable[Elem]: absent, null or a value. With
	// Pointer set it is oas.Nullable[*Elem], which keeps a struct field
	// holding a large nullable object small.
	TypeNullable TypeKind = "nullable"
)

// Type is a Go type expression. A type declared in the generated package
// is referred to by name (Kind TypeNamed); API.Lookup finds its
// declaration.
type Type struct {
	Kind    TypeKind `json:"kind"`
	Name    string   `json:"name,omitempty"`
	Path    string   `json:"path,omitempty"`
	Elem    *Type    `json:"elem,omitempty"`
	Pointer bool     `json:"pointer,omitempty"`
}

// BuiltinType returns the predeclared type name.
func BuiltinType(name string) *Type { return &Type{Kind: TypeBuiltin, Name: name} }

// QualType returns the type name of the package at path.
func QualType(path, name string) *Type { return &Type{Kind: TypeQual, Path: path, Name: name} }

// SliceOf returns []elem.
func SliceOf(elem *Type) *Type { return &Type{Kind: TypeSlice, Elem: elem} }

// MapOf returns map[string]elem.
func MapOf(elem *Type) *Type { return &Type{Kind: TypeMap, Elem: elem} }

// NullableOf returns oas.Nullable[elem].
func NullableOf(elem *Type) *Type { return &Type{Kind: TypeNullable, Elem: elem} }

// Is reports whether t and u are the same type expression.
func (t *Type) Is(u *Type) bool {
	if t == nil || u == nil {
		return t == u
	}
	return t.Kind == u.Kind && t.Name == u.Name && t.Path == u.Path && t.Pointer == u.Pointer && t.Elem.Is(u.Elem)
}

// Common builtins.
var (
	String  = BuiltinType("string")
	Bool    = BuiltinType("bool")
	Int32   = BuiltinType("int32")
	Int64   = BuiltinType("int64")
	Float32 = BuiltinType("float32")
	Float64 = BuiltinType("float64")
	Any     = BuiltinType("any")
	Bytes   = BuiltinType("bytes")

	Time       = QualType("time", "Time")
	Date       = QualType(OASPath, "Date")
	RawMessage = QualType("encoding/json", "RawMessage")
	Reader     = QualType("io", "Reader")
)

// Runtime import paths.
const (
	OASPath  = "github.com/sigen-dev/sigen/runtime/oas"
	AuthPath = "github.com/sigen-dev/sigen/runtime/auth"
	// ImplPath is the request core for generated code only.
	ImplPath = "github.com/sigen-dev/sigen/runtime/sigenimpl"
)

// Named is a type declared in the generated package. Exactly one of
// Struct, Enum, Union, Defined and Tuple is set: it says what the type is.
type Named struct {
	Name       string `json:"name,omitempty"`
	Doc        string `json:"doc,omitempty"`
	Deprecated bool   `json:"deprecated,omitempty"`
	Source     string `json:"source,omitempty"` // JSON pointer of the schema it comes from
	// ErrorMethod says the type gets an Error method: a declared error
	// response decodes into it (through aliases), and it has no member
	// named Error.
	ErrorMethod bool     `json:"errorMethod,omitempty"`
	Struct      *Struct  `json:"struct,omitempty"`
	Enum        *Enum    `json:"enum,omitempty"`
	Union       *Union   `json:"union,omitempty"`
	Defined     *Defined `json:"defined,omitempty"`
	Tuple       *Tuple   `json:"tuple,omitempty"`
}

// Ref returns the type expression that refers to n.
func (n *Named) Ref() *Type { return &Type{Kind: TypeNamed, Name: n.Name} }

// Decl returns the declaration of n: the one non-nil field of *Struct,
// *Enum, *Union, *Defined and *Tuple, or nil if n has none yet.
func (n *Named) Decl() any {
	switch {
	case n == nil:
		return nil
	case n.Struct != nil:
		return n.Struct
	case n.Enum != nil:
		return n.Enum
	case n.Union != nil:
		return n.Union
	case n.Defined != nil:
		return n.Defined
	case n.Tuple != nil:
		return n.Tuple
	}
	return nil
}

// SetDecl makes d, one of *Struct, *Enum, *Union, *Defined and *Tuple, the
// declaration of n.
func (n *Named) SetDecl(d any) {
	n.Struct, n.Enum, n.Union, n.Defined, n.Tuple = nil, nil, nil, nil, nil
	switch d := d.(type) {
	case *Struct:
		n.Struct = d
	case *Enum:
		n.Enum = d
	case *Union:
		n.Union = d
	case *Defined:
		n.Defined = d
	case *Tuple:
		n.Tuple = d
	default:
		panic(fmt.Sprintf("model: %T is not a declaration", d))
	}
}

// Struct is a struct type.
type Struct struct {
	Fields []*Field `json:"fields"`
	// Extra is the value type of additional properties kept in a map field
	// named AdditionalProperties; nil when unknown properties are dropped.
	Extra *Type `json:"extra,omitempty"`
	// ExtraName is the Go name of the extra-properties field.
	ExtraName string `json:"extraName,omitempty"`
	// NoJSON is set for structs that are never JSON (parameters, results).
	NoJSON bool `json:"noJSON,omitempty"`
}

// Field is a struct field.
type Field struct {
	Name       string       `json:"name,omitempty"`
	JSONName   string       `json:"jsonName,omitempty"`
	Doc        string       `json:"doc,omitempty"`
	Type       *Type        `json:"type,omitempty"`
	Required   bool         `json:"required,omitempty"`
	Pointer    bool         `json:"pointer,omitempty"` // emitted as *Type (optional scalar or struct)
	ReadOnly   bool         `json:"readOnly,omitempty"`
	WriteOnly  bool         `json:"writeOnly,omitempty"`
	Deprecated bool         `json:"deprecated,omitempty"`
	Check      *Constraints `json:"check,omitempty"`
	// PatternVar names the package-level regexp of Check.Pattern, which
	// Validate methods use.
	PatternVar string `json:"patternVar,omitempty"`
	// Untagged is set when JSONName cannot be written in an encoding/json
	// struct tag ("", "-", a comma, quote, backtick, ...): the field is
	// tagged `json:"-"` and the type's MarshalJSON/UnmarshalJSON carry it.
	Untagged bool `json:"untagged,omitempty"`
}

// Constraints are the validation keywords of a schema, for Validate methods.
type Constraints struct {
	MinLength    *uint64  `json:"minLength,omitempty"`
	MaxLength    *uint64  `json:"maxLength,omitempty"`
	Pattern      string   `json:"pattern,omitempty"`
	Minimum      *float64 `json:"minimum,omitempty"`
	Maximum      *float64 `json:"maximum,omitempty"`
	ExclusiveMin bool     `json:"exclusiveMin,omitempty"`
	ExclusiveMax bool     `json:"exclusiveMax,omitempty"`
	MinItems     *uint64  `json:"minItems,omitempty"`
	MaxItems     *uint64  `json:"maxItems,omitempty"`
}

// Empty reports whether c checks nothing.
func (c *Constraints) Empty() bool {
	return c == nil || (c.MinLength == nil && c.MaxLength == nil && c.Pattern == "" && c.Minimum == nil &&
		c.Maximum == nil && c.MinItems == nil && c.MaxItems == nil)
}

// Enum is a named scalar type with constants.
type Enum struct {
	Base   *Type        `json:"base,omitempty"` // builtin string, int64 or float64
	Values []*EnumValue `json:"values"`
}

// EnumValue is one enum constant.
type EnumValue struct {
	Name  string `json:"name,omitempty"`
	Value any    `json:"value"` // string, int64 or float64
}

// Union is a oneOf/anyOf type: a struct with one pointer field per variant,
// exactly one of which is set.
type Union struct {
	Variants      []*Variant `json:"variants"`
	Discriminator string     `json:"discriminator,omitempty"` // property name, empty if none
	AnyOf         bool       `json:"anyOf,omitempty"`
}

// Variant is one alternative of a union.
type Variant struct {
	Name string `json:"name,omitempty"` // Go field name
	// Func is the package-level constructor (UnionFromVariant), settled in
	// the package scope.
	Func string `json:"func,omitempty"`
	Type *Type  `json:"type,omitempty"`
	// Values are the discriminator values that select this variant.
	Values []string `json:"values"`
	// JSONKind is the JSON value kind the variant accepts: "object",
	// "array", "string", "number", "integer", "boolean", "null" or "" (any).
	JSONKind string `json:"jsonKind,omitempty"`
	// Required lists the JSON names of the variant's required properties,
	// used to choose among object variants without a discriminator.
	Required []string `json:"required"`
}

// Defined is `type Name Underlying` (or an alias `type Name = Underlying`).
type Defined struct {
	Underlying *Type `json:"underlying,omitempty"`
	Alias      bool  `json:"alias,omitempty"`
}

// Tuple is a fixed-position array (3.1 prefixItems): a struct whose fields
// marshal as a JSON array.
type Tuple struct {
	Items []*Type `json:"items"`
	Rest  *Type   `json:"rest,omitempty"` // type of items after the prefix, nil if none
}

// Operation is one API call.
type Operation struct {
	ID         string   `json:"id,omitempty"`     // operationId, or synthesised
	Name       string   `json:"name,omitempty"`   // Go method name
	Method     string   `json:"method,omitempty"` // upper case
	Path       string   `json:"path,omitempty"`   // template, e.g. /sessions/{id}
	Summary    string   `json:"summary,omitempty"`
	Doc        string   `json:"doc,omitempty"`
	Deprecated bool     `json:"deprecated,omitempty"`
	Tags       []string `json:"tags"`
	PathParams []*Param `json:"pathParams"`
	// Params is the struct holding query, header and cookie parameters,
	// nil if the operation has none.
	Params     *Named      `json:"params,omitempty"`
	Query      []*Param    `json:"query"`
	Header     []*Param    `json:"header"`
	Cookie     []*Param    `json:"cookie"`
	Bodies     []*Body     `json:"bodies"`
	Responses  []*Response `json:"responses"`
	Result     *Type       `json:"result,omitempty"`     // what the method returns besides error; nil if nothing
	ResultKind string      `json:"resultKind,omitempty"` // "json", "stream", "text", "multi" or ""
	Security   [][]string  `json:"security"`
	NoSecurity bool        `json:"noSecurity,omitempty"` // security: [] — send no credentials
	// SecurityVar names the package-level variable holding Security,
	// shared by the operations of one (sub-)package with the same
	// requirement; "" when Security is empty.
	SecurityVar string `json:"securityVar,omitempty"`
	// ResultPointer says the method returns *Result.
	ResultPointer bool `json:"resultPointer,omitempty"`
	// ResultZero is the value the method returns with an error: "nil",
	// "emptyString", "false", "zero" (a number) or "new" (*new(Result));
	// "" when it returns only an error.
	ResultZero  string      `json:"resultZero,omitempty"`
	Servers     []Server    `json:"servers"`
	Source      string      `json:"source,omitempty"`
	Paginated   *Pagination `json:"paginated,omitempty"`
	IterName    string      `json:"iterName,omitempty"` // name of the iterator method, when Paginated
	ErrorModels []*Response `json:"errorModels"`
}

// Locals are the Go names a back end gives the receiver, the arguments
// and the local variables of the generated operation methods and
// iterators. Path parameters become arguments beside them, so the builder
// settles both together: no argument has one of these names, and none of
// them is the name of a package the methods use.
type Locals struct {
	Recv     string `json:"recv"`     // the *Client receiver
	Ctx      string `json:"ctx"`      // the context.Context argument
	Params   string `json:"params"`   // the parameters struct argument
	Body     string `json:"body"`     // the request body argument
	Opts     string `json:"opts"`     // the ...RequestOption argument
	Req      string `json:"req"`      // the request being built
	Resp     string `json:"resp"`     // the response
	Err      string `json:"err"`      // the error
	Query    string `json:"query"`    // the query being built
	Data     string `json:"data"`     // the encoded JSON body
	Form     string `json:"form"`     // the form body being built
	Key      string `json:"key"`      // a key of a map form body
	Parts    string `json:"parts"`    // the multipart parts being built
	File     string `json:"file"`     // one stream of a multi-file part
	Out      string `json:"out"`      // the decoded result
	Value    string `json:"value"`    // a decoded response of a multi-response result
	Text     string `json:"text"`     // a text response of a multi-response result
	Yield    string `json:"yield"`    // an iterator's yield function
	Page     string `json:"page"`     // an iterator's current page
	Items    string `json:"items"`    // the items of that page
	Item     string `json:"item"`     // one of those items
	Zero     string `json:"zero"`     // the zero item yielded with an error
	Cursor   string `json:"cursor"`   // an iterator's copy of the parameters
	CallOpts string `json:"callOpts"` // the request options of an iterator's next call
	Next     string `json:"next"`     // the next offset, link or cursor
	// Decoder is the argument of the closure that decodes a JSON
	// response (the closures inside it name their own arguments, and
	// use no other name).
	Decoder string `json:"decoder"`
}

// Names lists the names of l, in the order of its fields.
func (l *Locals) Names() []string {
	return []string{l.Recv, l.Ctx, l.Params, l.Body, l.Opts, l.Req, l.Resp, l.Err, l.Query, l.Data,
		l.Form, l.Key, l.Parts, l.File, l.Out, l.Value, l.Text, l.Yield, l.Page, l.Items, l.Item,
		l.Zero, l.Cursor, l.CallOpts, l.Next, l.Decoder}
}

// DefaultLocals are the local names sigen's builder gives every API. A
// model file without "locals" (written before they were model data) is
// read with these, which are the names the printer used then.
var DefaultLocals = Locals{
	Recv: "c", Ctx: "ctx", Params: "params", Body: "body", Opts: "opts", Req: "r", Resp: "resp",
	Err: "err", Query: "q", Data: "data", Form: "fq", Key: "k", Parts: "parts", File: "f",
	Out: "out", Value: "v", Text: "s", Yield: "yield", Page: "page", Items: "items", Item: "it",
	Zero: "zero", Cursor: "p", CallOpts: "callOpts", Next: "next", Decoder: "d",
}

// ClientNames are the package-level names of a generated client: the
// types, functions, constants and variables of client.go. The builder
// names the spec's types around them. A name is declared only when the
// client needs it (the options of a security scheme kind only when the
// spec has one); the flows of generator/flows name their own credential
// options.
type ClientNames struct {
	Client           string `json:"client"`
	NewClient        string `json:"newClient"`
	Option           string `json:"option"`
	RequestOption    string `json:"requestOption"`
	APIError         string `json:"apiError"`
	ClientInterface  string `json:"clientInterface"`
	DefaultServerURL string `json:"defaultServerURL"`
	Servers          string `json:"servers"`
	// Format is the client's fmt.Formatter method (keep it Format for
	// fmt to call it); no operation method has its name.
	Format string `json:"format"`
	// Rest is the client's method that gives the tag sub-packages its
	// request core, when the package is split by tag; no operation
	// method has its name then.
	Rest string `json:"rest"`
	// The options of NewClient.
	WithBaseURL            string `json:"withBaseURL"`
	WithServer             string `json:"withServer"`
	WithHTTPClient         string `json:"withHTTPClient"`
	WithUserAgent          string `json:"withUserAgent"`
	WithRetry              string `json:"withRetry"`
	WithLogger             string `json:"withLogger"`
	WithAllowInsecureHTTP  string `json:"withAllowInsecureHTTP"`
	WithTokenURL           string `json:"withTokenURL"`
	WithRefreshURL         string `json:"withRefreshURL"`
	WithTokenStore         string `json:"withTokenStore"`
	WithFetchTimeout       string `json:"withFetchTimeout"`
	WithFetchHook          string `json:"withFetchHook"`
	WithClock              string `json:"withClock"`
	WithCredentialsFromEnv string `json:"withCredentialsFromEnv"`
	WithClientCredentials  string `json:"withClientCredentials"`
	WithClientSecretPost   string `json:"withClientSecretPost"`
	WithScopes             string `json:"withScopes"`
	WithTokenSource        string `json:"withTokenSource"`
	WithBearerToken        string `json:"withBearerToken"`
	WithAPIKey             string `json:"withAPIKey"`
	WithSchemeAPIKey       string `json:"withSchemeAPIKey"`
	WithBasicAuth          string `json:"withBasicAuth"`
	// The options of one call.
	WithRequestHeader  string `json:"withRequestHeader"`
	WithRequestEditor  string `json:"withRequestEditor"`
	WithResponseHeader string `json:"withResponseHeader"`
}

// DefaultClientNames are the package-level names sigen's builder gives
// client.go. A model file without "client" (written before they were
// model data) is read with these.
var DefaultClientNames = ClientNames{
	Client: "Client", NewClient: "NewClient", Option: "Option", RequestOption: "RequestOption",
	APIError: "APIError", ClientInterface: "ClientInterface", DefaultServerURL: "DefaultServerURL",
	Servers: "Servers", Format: "Format", Rest: "Rest", WithBaseURL: "WithBaseURL", WithServer: "WithServer",
	WithHTTPClient: "WithHTTPClient", WithUserAgent: "WithUserAgent", WithRetry: "WithRetry",
	WithLogger: "WithLogger", WithAllowInsecureHTTP: "WithAllowInsecureHTTP",
	WithTokenURL: "WithTokenURL", WithRefreshURL: "WithRefreshURL", WithTokenStore: "WithTokenStore",
	WithFetchTimeout: "WithFetchTimeout", WithFetchHook: "WithFetchHook", WithClock: "WithClock",
	WithCredentialsFromEnv: "WithCredentialsFromEnv", WithClientCredentials: "WithClientCredentials",
	WithClientSecretPost: "WithClientSecretPost", WithScopes: "WithScopes",
	WithTokenSource: "WithTokenSource", WithBearerToken: "WithBearerToken", WithAPIKey: "WithAPIKey",
	WithSchemeAPIKey: "WithSchemeAPIKey", WithBasicAuth: "WithBasicAuth",
	WithRequestHeader: "WithRequestHeader", WithRequestEditor: "WithRequestEditor",
	WithResponseHeader: "WithResponseHeader",
}

// Names lists the names of n, in the order of its fields.
func (n *ClientNames) Names() []string {
	return []string{n.Client, n.NewClient, n.Option, n.RequestOption, n.APIError, n.ClientInterface,
		n.DefaultServerURL, n.Servers, n.Format, n.Rest, n.WithBaseURL, n.WithServer, n.WithHTTPClient, n.WithUserAgent,
		n.WithRetry, n.WithLogger, n.WithAllowInsecureHTTP, n.WithTokenURL, n.WithRefreshURL,
		n.WithTokenStore, n.WithFetchTimeout, n.WithFetchHook, n.WithClock, n.WithCredentialsFromEnv,
		n.WithClientCredentials, n.WithClientSecretPost, n.WithScopes, n.WithTokenSource,
		n.WithBearerToken, n.WithAPIKey, n.WithSchemeAPIKey, n.WithBasicAuth, n.WithRequestHeader,
		n.WithRequestEditor, n.WithResponseHeader}
}

// Param is a parameter.
type Param struct {
	Name          string `json:"name,omitempty"`   // as on the wire
	GoName        string `json:"goName,omitempty"` // field or argument name
	In            string `json:"in,omitempty"`     // path, query, header, cookie
	Style         string `json:"style,omitempty"`
	Explode       bool   `json:"explode,omitempty"`
	AllowReserved bool   `json:"allowReserved,omitempty"`
	Required      bool   `json:"required,omitempty"`
	Type          *Type  `json:"type,omitempty"`
	// Encoding says how the value is serialised by the style rules (when
	// JSON is not set): "string" (as is), "scalar" (formatted), "list",
	// "map" or "struct" (an object of the fields).
	Encoding string `json:"encoding,omitempty"`
	// Nilable says the field of the parameters struct holding a query,
	// header or cookie parameter may be nil, and then is not sent.
	Nilable bool `json:"nilable,omitempty"`
	// JSON is set for content-encoded parameters: the value is marshalled
	// as JSON.
	JSON bool   `json:"json,omitempty"`
	Doc  string `json:"doc,omitempty"`
}

// BodyKind is how a request or response body is encoded.
type BodyKind int

// Body kinds.
const (
	KindNone BodyKind = iota
	KindJSON
	KindForm
	KindMultipart
	KindBinary
	KindText
)

// Body is one content type of a request body.
type Body struct {
	ContentType string   `json:"contentType,omitempty"`
	Kind        BodyKind `json:"kind,omitempty"`
	Type        *Type    `json:"type,omitempty"`
	Required    bool     `json:"required,omitempty"`
	// Pointer says the method takes the body as *Type.
	Pointer bool `json:"pointer,omitempty"`
	// Nilable says the body argument may be nil, and then is not sent.
	Nilable bool   `json:"nilable,omitempty"`
	Suffix  string `json:"suffix,omitempty"` // method-name suffix for non-primary content types
	// Parts lists multipart/form parts in order (for KindMultipart/KindForm
	// with an object schema).
	Parts []*Part `json:"parts"`
}

// Part is a field of a form or multipart body.
type Part struct {
	Name        string `json:"name,omitempty"` // wire name
	GoName      string `json:"goName,omitempty"`
	Type        *Type  `json:"type,omitempty"`
	Binary      bool   `json:"binary,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Required    bool   `json:"required,omitempty"`
	// Style is how the part is written: "form" (form-encoded by Encoding),
	// "json" (as JSON), "text" (a formatted scalar), "file" (a stream)
	// or "files" (one part per stream).
	Style string `json:"style,omitempty"`
	// Encoding is the part's value encoding when Style is "form", as
	// Param.Encoding.
	Encoding string `json:"encoding,omitempty"`
	// Nilable says the body's field may be nil, and the part then is not
	// sent.
	Nilable bool `json:"nilable,omitempty"`
}

// Response is one declared response.
type Response struct {
	Status      string   `json:"status,omitempty"` // "200", "2XX", "default"
	Code        int      `json:"code,omitempty"`   // exact code, or 0
	Class       int      `json:"class,omitempty"`  // 2 for "2XX"; 0 otherwise
	ContentType string   `json:"contentType,omitempty"`
	Kind        BodyKind `json:"kind,omitempty"`
	Type        *Type    `json:"type,omitempty"`
	Field       string   `json:"field,omitempty"`   // field name in a multi-result struct
	Success     bool     `json:"success,omitempty"` // a declared success (its body is the result)
	Headers     []*Param `json:"headers"`
}

// Pagination describes how to page through a list operation.
type Pagination struct {
	Kind      string   `json:"kind,omitempty"`  // "offset" or "next"
	Items     string   `json:"items,omitempty"` // Go field holding the page's items
	ItemType  *Type    `json:"itemType,omitempty"`
	Limit     string   `json:"limit,omitempty"` // Go field of the params struct (offset kind)
	Offset    string   `json:"offset,omitempty"`
	NextField []string `json:"nextField"` // Go field path to the next link/cursor (next kind)
	// NextPointers says, for each field of NextField, whether it is a
	// pointer.
	NextPointers []bool `json:"nextPointers"`
	Cursor       string `json:"cursor,omitempty"` // params field to set from the cursor; empty for links
	// HasMore is the Go field path to a boolean that says whether more
	// pages follow (hasMore, has_more, hasNext), if the response has one.
	HasMore         []string `json:"hasMore"`
	HasMorePointers []bool   `json:"hasMorePointers"`
}

// SchemeKind says which runtime/auth flow a security scheme binds to.
type SchemeKind int

// Security scheme kinds.
const (
	SchemeClientCredentials SchemeKind = iota + 1 // OAuth2 client credentials
	SchemeFlow                                    // a vendor's own token flow, named by Scheme.Vendor
	SchemeBearer                                  // static bearer token
	SchemeAPIKey
	SchemeBasic
)

// Scheme is a security scheme the client can authenticate with.
type Scheme struct {
	Name       string     `json:"name,omitempty"` // as in the spec
	Kind       SchemeKind `json:"kind,omitempty"`
	TokenURL   string     `json:"tokenURL,omitempty"`
	RefreshURL string     `json:"refreshURL,omitempty"`
	Scopes     []string   `json:"scopes"`
	In         string     `json:"in,omitempty"`        // API key: header, query, cookie
	ParamName  string     `json:"paramName,omitempty"` // API key name
	Doc        string     `json:"doc,omitempty"`
	// Vendor names the vendor token flow (an entry of generator/flows) the
	// scheme is bound to, or is "" for a generic flow. Generated docs name
	// a vendor, and its environment variables, only for it.
	Vendor string `json:"vendor,omitempty"`
}

// TokenFlow reports whether a scheme of a is bound to a token flow (OAuth2
// client credentials or a vendor's own flow): the client then fetches, caches and
// refreshes tokens, and retries once a request refused for its token.
func (a *API) TokenFlow() bool {
	for _, s := range a.Schemes {
		if s.Kind == SchemeClientCredentials || s.Kind == SchemeFlow {
			return true
		}
	}
	return false
}

// HasVendor reports whether a scheme of a is bound to the token flow of
// vendor v.
func (a *API) HasVendor(v string) bool {
	for _, s := range a.Schemes {
		if s.Vendor == v {
			return true
		}
	}
	return false
}

// EnvVars lists the environment variables the runtime reads credentials
// from (WithCredentialsFromEnv), as "ID and SECRET" pairs: only those of
// the vendors whose token flows a binds. A generic OAuth2 provider has
// none: its client passes credentials with WithClientCredentials.
func (a *API) EnvVars() []string {
	var out []string
	for _, f := range flows.All {
		if f.EnvID != "" && a.HasVendor(f.Name) {
			out = append(out, f.EnvID+" and "+f.EnvSecret)
		}
	}
	return out
}

// UsesToken reports whether op may send a token from a token flow: one of
// the schemes of its security requirement (or the document's, when it
// declares none) is bound to a token flow.
func (a *API) UsesToken(op *Operation) bool {
	if op.NoSecurity {
		return false
	}
	sec := op.Security
	if sec == nil {
		sec = a.Security
	}
	for _, alt := range sec {
		for _, name := range alt {
			for _, s := range a.Schemes {
				if s.Name == name && (s.Kind == SchemeClientCredentials || s.Kind == SchemeFlow) {
					return true
				}
			}
		}
	}
	return false
}

// TypeString renders t as Go-like text, for comparisons and messages.
func TypeString(t *Type) string {
	if t == nil {
		return "?"
	}
	switch t.Kind {
	case TypeBuiltin:
		if t.Name == "bytes" {
			return "[]byte"
		}
		return t.Name
	case TypeQual:
		return t.Path + "." + t.Name
	case TypeNamed:
		return t.Name
	case TypeSlice:
		return "[]" + TypeString(t.Elem)
	case TypeMap:
		return "map[string]" + TypeString(t.Elem)
	case TypeNullable:
		if t.Pointer {
			return "oas.Nullable[*" + TypeString(t.Elem) + "]"
		}
		return "oas.Nullable[" + TypeString(t.Elem) + "]"
	}
	return "?"
}
