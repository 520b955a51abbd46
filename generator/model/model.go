// Package model is the Go-shaped description of a client: named types,
// operations and security schemes, with every name settled. It is built from
// a loaded spec by Build and read, never changed, by the emitter.
package model

import (
	"fmt"

	"github.com/sigen-dev/sigen/generator/flows"
)

// API is everything one generated package contains.
type API struct {
	Title       string
	Version     string
	Description string
	SpecFile    string // display name of the spec, relative
	Servers     []Server
	Types       []*Named // sorted by name
	Operations  []*Operation
	Schemes     []*Scheme // sorted by name
	// Security is the document-level requirement: alternatives, each a set
	// of scheme names applied together.
	Security [][]string

	index map[string]*Named // Lookup's cache
}

// Lookup returns the type of a.Types named name, or nil.
func (a *API) Lookup(name string) *Named {
	if n, ok := a.index[name]; ok && n.Name == name {
		return n
	}
	// The builder adds types as it goes: index what is there now.
	a.index = make(map[string]*Named, len(a.Types))
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
	URL         string
	Description string
	Variables   []ServerVar
}

// ServerVar is a server URL template variable.
type ServerVar struct {
	Name    string
	Default string
	Enum    []string
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
	Name       string
	Doc        string
	Deprecated bool
	Source     string   // JSON pointer of the schema it comes from
	Struct     *Struct  `json:",omitempty"`
	Enum       *Enum    `json:",omitempty"`
	Union      *Union   `json:",omitempty"`
	Defined    *Defined `json:",omitempty"`
	Tuple      *Tuple   `json:",omitempty"`
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
	Fields []*Field
	// Extra is the value type of additional properties kept in a map field
	// named AdditionalProperties; nil when unknown properties are dropped.
	Extra *Type
	// ExtraName is the Go name of the extra-properties field.
	ExtraName string
	// NoJSON is set for structs that are never JSON (parameters, results).
	NoJSON bool
}

// Field is a struct field.
type Field struct {
	Name       string
	JSONName   string
	Doc        string
	Type       *Type
	Required   bool
	Pointer    bool // emitted as *Type (optional scalar or struct)
	ReadOnly   bool
	WriteOnly  bool
	Deprecated bool
	Check      *Constraints
	// Untagged is set when JSONName cannot be written in an encoding/json
	// struct tag ("", "-", a comma, quote, backtick, ...): the field is
	// tagged `json:"-"` and the type's MarshalJSON/UnmarshalJSON carry it.
	Untagged bool
}

// Constraints are the validation keywords of a schema, for Validate methods.
type Constraints struct {
	MinLength, MaxLength *uint64
	Pattern              string
	Minimum, Maximum     *float64
	ExclusiveMin         bool
	ExclusiveMax         bool
	MinItems, MaxItems   *uint64
}

// Empty reports whether c checks nothing.
func (c *Constraints) Empty() bool {
	return c == nil || (c.MinLength == nil && c.MaxLength == nil && c.Pattern == "" && c.Minimum == nil &&
		c.Maximum == nil && c.MinItems == nil && c.MaxItems == nil)
}

// Enum is a named scalar type with constants.
type Enum struct {
	Base   *Type // builtin string, int64 or float64
	Values []*EnumValue
}

// EnumValue is one enum constant.
type EnumValue struct {
	Name  string
	Value any // string, int64 or float64
}

// Union is a oneOf/anyOf type: a struct with one pointer field per variant,
// exactly one of which is set.
type Union struct {
	Variants      []*Variant
	Discriminator string // property name, empty if none
	AnyOf         bool
}

// Variant is one alternative of a union.
type Variant struct {
	Name string // Go field name
	// Func is the package-level constructor (UnionFromVariant), settled in
	// the package scope.
	Func string
	Type *Type
	// Values are the discriminator values that select this variant.
	Values []string
	// JSONKind is the JSON value kind the variant accepts: "object",
	// "array", "string", "number", "integer", "boolean", "null" or "" (any).
	JSONKind string
	// Required lists the JSON names of the variant's required properties,
	// used to choose among object variants without a discriminator.
	Required []string
}

// Defined is `type Name Underlying` (or an alias `type Name = Underlying`).
type Defined struct {
	Underlying *Type
	Alias      bool
}

// Tuple is a fixed-position array (3.1 prefixItems): a struct whose fields
// marshal as a JSON array.
type Tuple struct {
	Items []*Type
	Rest  *Type // type of items after the prefix, nil if none
}

// Operation is one API call.
type Operation struct {
	ID         string // operationId, or synthesised
	Name       string // Go method name
	Method     string // upper case
	Path       string // template, e.g. /sessions/{id}
	Summary    string
	Doc        string
	Deprecated bool
	Tags       []string
	PathParams []*Param
	// Params is the struct holding query, header and cookie parameters,
	// nil if the operation has none.
	Params      *Named
	Query       []*Param
	Header      []*Param
	Cookie      []*Param
	Bodies      []*Body
	Responses   []*Response
	Result      *Type  // what the method returns besides error; nil if nothing
	ResultKind  string // "json", "stream", "text", "multi" or ""
	Security    [][]string
	NoSecurity  bool // security: [] — send no credentials
	Servers     []Server
	Source      string
	Paginated   *Pagination
	IterName    string // name of the iterator method, when Paginated
	ErrorModels []*Response
}

// Param is a parameter.
type Param struct {
	Name          string // as on the wire
	GoName        string // field or argument name
	In            string // path, query, header, cookie
	Style         string
	Explode       bool
	AllowReserved bool
	Required      bool
	Type          *Type
	// JSON is set for content-encoded parameters: the value is marshalled
	// as JSON.
	JSON bool
	Doc  string
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
	ContentType string
	Kind        BodyKind
	Type        *Type
	Required    bool
	Suffix      string // method-name suffix for non-primary content types
	// Parts lists multipart/form parts in order (for KindMultipart/KindForm
	// with an object schema).
	Parts []*Part
}

// Part is a field of a form or multipart body.
type Part struct {
	Name        string // wire name
	GoName      string
	Type        *Type
	Binary      bool
	ContentType string
	Required    bool
}

// Response is one declared response.
type Response struct {
	Status      string // "200", "2XX", "default"
	Code        int    // exact code, or 0
	Class       int    // 2 for "2XX"; 0 otherwise
	ContentType string
	Kind        BodyKind
	Type        *Type
	Field       string // field name in a multi-result struct
	Success     bool   // a declared success (its body is the result)
	Headers     []*Param
}

// Pagination describes how to page through a list operation.
type Pagination struct {
	Kind      string // "offset" or "next"
	Items     string // Go field holding the page's items
	ItemType  *Type
	Limit     string // Go field of the params struct (offset kind)
	Offset    string
	NextField []string // Go field path to the next link/cursor (next kind)
	// NextPointers says, for each field of NextField, whether it is a
	// pointer.
	NextPointers []bool
	Cursor       string // params field to set from the cursor; empty for links
	// HasMore is the Go field path to a boolean that says whether more
	// pages follow (hasMore, has_more, hasNext), if the response has one.
	HasMore         []string
	HasMorePointers []bool
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
	Name       string // as in the spec
	Kind       SchemeKind
	TokenURL   string
	RefreshURL string
	Scopes     []string
	In         string // API key: header, query, cookie
	ParamName  string // API key name
	Doc        string
	// Vendor names the vendor token flow (an entry of generator/flows) the
	// scheme is bound to, or is "" for a generic flow. Generated docs name
	// a vendor, and its environment variables, only for it.
	Vendor string
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
