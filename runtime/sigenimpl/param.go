package sigenimpl

import (
	"fmt"
	"strings"
)

// Style is an OpenAPI parameter serialisation style (the Parameter Object's
// "style" field).
type Style string

// The styles of OpenAPI 3.1. The empty Style means the default for the
// parameter's location: simple for path and header parameters, form for
// query and cookie parameters.
const (
	StyleSimple         Style = "simple"         // path, header: blue,black,brown
	StyleLabel          Style = "label"          // path: .blue.black.brown
	StyleMatrix         Style = "matrix"         // path: ;color=blue,black,brown
	StyleForm           Style = "form"           // query, cookie: color=blue&color=black
	StyleSpaceDelimited Style = "spaceDelimited" // query: color=blue%20black
	StylePipeDelimited  Style = "pipeDelimited"  // query: color=blue%7Cblack
	StyleDeepObject     Style = "deepObject"     // query: color%5BR%5D=100
)

type valueKind uint8

const (
	kindScalar valueKind = iota
	kindList
	kindObject
)

// Value is a parameter value ready to be serialised: a scalar, a list or an
// object, each made of strings. The zero Value is the empty scalar.
type Value struct {
	kind  valueKind
	items []string // scalar: one item; list: items; object: key, value, ...
}

// Scalar returns a primitive value.
func Scalar(s string) Value {
	return Value{kind: kindScalar, items: []string{s}}
}

// List returns an array value.
func List(items ...string) Value {
	return Value{kind: kindList, items: items}
}

// Object returns an object value from alternating keys and values. The
// properties are serialised in the order given. Object panics if given an
// odd number of arguments.
func Object(pairs ...string) Value {
	if len(pairs)%2 == 1 {
		panic("sigenimpl.Object: odd argument count")
	}
	return Value{kind: kindObject, items: pairs}
}

// empty reports whether v serialises like the empty string: an empty
// scalar, or a list or object without members. OpenAPI's table gives the
// output for the empty value only; empty lists and objects are treated the
// same way so that "sent but empty" stays distinguishable from "not sent".
func (v Value) empty() bool {
	switch v.kind {
	case kindScalar:
		return len(v.items) == 0 || v.items[0] == ""
	default:
		return len(v.items) == 0
	}
}

// PathParam returns the text that replaces {name} in a path template, for
// style simple (the default if style is ""), label or matrix. Every
// character of the value other than the RFC 3986 unreserved ones is
// percent-encoded, so a value cannot add path segments, a query or a
// fragment; only the delimiters the style itself inserts are left as they
// are. Non-ASCII text is encoded as UTF-8.
//
// PathParam panics if style is not valid for a path parameter.
func PathParam(name string, style Style, explode bool, v Value) string {
	switch style {
	case "", StyleSimple:
		return expand(simpleOp, name, explode, v, escapeStrict)
	case StyleLabel:
		return expand(labelOp, name, explode, v, escapeStrict)
	case StyleMatrix:
		return expand(matrixOp, name, explode, v, escapeStrict)
	}
	panic(fmt.Sprintf("sigenimpl.PathParam: style %q is not valid for path parameter %q", style, name))
}

// HeaderParam returns the value of a header parameter in style simple.
// Values are not percent-encoded (OpenAPI 3.1.1 Appendix D), except ASCII
// control characters, which are percent-encoded so a value can neither
// split the header nor be refused by net/http.
func HeaderParam(explode bool, v Value) string {
	return expand(simpleOp, "", explode, v, escapeHeader)
}

// CookieParam returns "name=value" text for a Cookie header, serialising v
// in style form. The name and values are percent-encoded like query values.
// With explode, a list or object yields one pair per member, joined by "; "
// as in a Cookie header (the form style's "&" has no meaning there):
//
//	color=blue; color=black; color=brown
//	R=100; G=200; B=150
func CookieParam(name string, explode bool, v Value) string {
	op := formOp
	op.sep = "; "
	return expand(op, name, explode, v, escapeStrict)
}

// op describes an RFC 6570 expression operator (section 3.2.1, appendix A).
type op struct {
	first string // prefix of the expansion
	sep   string // separator between exploded members
	named bool   // name=value pairs
	ifemp string // appended to the name when the value is empty
}

var (
	simpleOp = op{first: "", sep: ",", named: false}
	labelOp  = op{first: ".", sep: ".", named: false}
	matrixOp = op{first: ";", sep: ";", named: true, ifemp: ""}
	formOp   = op{first: "", sep: "&", named: true, ifemp: "="}
)

// expand serialises v as RFC 6570 expands one variable, except that the
// name is escaped too and an empty list or object expands like the empty
// string (see Value.empty). esc escapes values and object keys.
func expand(o op, name string, explode bool, v Value, esc func(string) string) string {
	var b strings.Builder
	b.WriteString(o.first)
	pair := func(k, val string) {
		b.WriteString(k)
		if val == "" {
			b.WriteString(o.ifemp)
			return
		}
		b.WriteByte('=')
		b.WriteString(esc(val))
	}
	ename := escapeStrict(name)
	if v.empty() {
		if o.named {
			pair(ename, "")
		}
		return b.String()
	}
	switch {
	case v.kind == kindScalar:
		if o.named {
			pair(ename, v.items[0])
		} else {
			b.WriteString(esc(v.items[0]))
		}
	case !explode:
		if o.named {
			b.WriteString(ename)
			b.WriteByte('=')
		}
		for i, s := range v.items {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(esc(s))
		}
	case v.kind == kindList:
		for i, s := range v.items {
			if i > 0 {
				b.WriteString(o.sep)
			}
			if o.named {
				pair(ename, s)
			} else {
				b.WriteString(esc(s))
			}
		}
	default: // exploded object
		for i := 0; i < len(v.items); i += 2 {
			if i > 0 {
				b.WriteString(o.sep)
			}
			if o.named {
				pair(esc(v.items[i]), v.items[i+1])
			} else {
				b.WriteString(esc(v.items[i]))
				b.WriteByte('=')
				b.WriteString(esc(v.items[i+1]))
			}
		}
	}
	return b.String()
}

// Query is a query string (or application/x-www-form-urlencoded body) under
// construction. Parameters keep the order in which they were added. The
// zero Query is empty and ready to use.
type Query struct {
	pairs []string // encoded "name=value" pairs
}

// Add serialises a query parameter in the given style: form (the default if
// style is ""), spaceDelimited, pipeDelimited or deepObject.
//
// Names, values and object keys are percent-encoded: every character other
// than the RFC 3986 unreserved ones is encoded, a space as %20. With
// allowReserved, values and object keys use RFC 6570 reserved expansion
// instead: the reserved characters : / ? @ ! $ ' ( ) * , ; and existing
// %XX triplets are kept, while # [ ] (not allowed in a query) and & = +
// (meaningful in a form-encoded query) are still encoded, as OpenAPI 3.1.1
// requires. Note that some servers, Go's net/url among them, reject a
// literal ';' in a query.
//
// For combinations the specification leaves undefined: spaceDelimited and
// pipeDelimited with explode, and any of the two with a scalar, behave like
// form; deepObject ignores explode, and with a scalar or list behaves like
// form with explode.
//
// Add panics if style is not valid for a query parameter.
func (q *Query) Add(name string, style Style, explode, allowReserved bool, v Value) {
	esc := escapeStrict
	if allowReserved {
		esc = escapeReserved
	}
	var s string
	switch style {
	case "", StyleForm:
		s = expand(formOp, name, explode, v, esc)
	case StyleSpaceDelimited, StylePipeDelimited:
		if explode || v.kind == kindScalar || v.empty() {
			s = expand(formOp, name, explode, v, esc)
			break
		}
		delim := "%20"
		if style == StylePipeDelimited {
			delim = "%7C"
		}
		var b strings.Builder
		b.WriteString(escapeStrict(name))
		b.WriteByte('=')
		for i, it := range v.items {
			if i > 0 {
				b.WriteString(delim)
			}
			b.WriteString(esc(it))
		}
		s = b.String()
	case StyleDeepObject:
		if v.kind != kindObject || v.empty() {
			s = expand(formOp, name, true, v, esc)
			break
		}
		var b strings.Builder
		ename := escapeStrict(name)
		for i := 0; i < len(v.items); i += 2 {
			if i > 0 {
				b.WriteByte('&')
			}
			b.WriteString(ename)
			b.WriteString("%5B")
			b.WriteString(esc(v.items[i]))
			b.WriteString("%5D=")
			b.WriteString(esc(v.items[i+1]))
		}
		s = b.String()
	default:
		panic(fmt.Sprintf("sigenimpl.Query.Add: style %q is not valid for query parameter %q", style, name))
	}
	q.pairs = append(q.pairs, s)
}

// AddRaw adds a parameter whose value is already serialised, such as the
// JSON text of a parameter defined with "content". Name and value are
// percent-encoded as by Add without allowReserved.
func (q *Query) AddRaw(name, value string) {
	q.pairs = append(q.pairs, escapeStrict(name)+"="+escapeStrict(value))
}

// Encode returns the query string without the leading '?', parameters in
// the order they were added, or "" if q is empty. It is also the body of an
// application/x-www-form-urlencoded request.
func (q *Query) Encode() string {
	return strings.Join(q.pairs, "&")
}

const upperhex = "0123456789ABCDEF"

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// keptReserved reports whether c is an RFC 3986 reserved character that
// reserved expansion keeps in a query: all of them except those not
// allowed in a query (# [ ]) and those with a meaning in form encoding
// (& = +).
func keptReserved(c byte) bool {
	return strings.IndexByte(":/?@!$'()*,;", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// escape percent-encodes every byte of s for which keep is false, with
// upper-case hex digits. With triplets, %XX sequences are kept as they are.
func escape(s string, keep func(byte) bool, triplets bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !keep(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case keep(c):
			b = append(b, c)
		case triplets && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, s[i:i+3]...)
			i += 2
		default:
			b = append(b, '%', upperhex[c>>4], upperhex[c&15])
		}
	}
	return string(b)
}

func escapeStrict(s string) string { return escape(s, isUnreserved, false) }

func escapeReserved(s string) string {
	return escape(s, func(c byte) bool { return isUnreserved(c) || keptReserved(c) }, true)
}

func escapeHeader(s string) string {
	return escape(s, func(c byte) bool { return c >= 0x20 && c != 0x7f || c == '\t' }, false)
}
