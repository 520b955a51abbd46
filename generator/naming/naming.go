// Package naming turns OpenAPI names into Go identifiers: camel-casing with a
// fixed table of initialisms, escapes for keywords and predeclared names, and
// a Scope that settles collisions deterministically.
package naming

import (
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms is the table of words written in upper case inside Go names:
// the list of the Go wiki's code review comments (as golint and staticcheck
// apply it) plus a few that web APIs use everywhere (CSV, JWK, JWT, OTP,
// PDF, SHA, SSO). A plural of an initialism keeps the initialism's case and
// adds a lower-case s (IDs, URLs, URIs). More words come from configuration
// (NewNamer, the initialisms key of sigen.yaml). Changing the table renames
// generated API, so it is versioned with sigen: additions are breaking
// changes.
var initialisms = map[string]bool{
	// The Go wiki's list.
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true, "EOF": true,
	"GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true, "IP": true, "JSON": true,
	"LHS": true, "QPS": true, "RAM": true, "RHS": true, "RPC": true, "SLA": true, "SMTP": true,
	"SQL": true, "SSH": true, "TCP": true, "TLS": true, "TTL": true, "UDP": true, "UI": true,
	"UID": true, "UUID": true, "URI": true, "URL": true, "UTF8": true, "VM": true, "XML": true,
	"XMPP": true, "XSRF": true, "XSS": true,
	// Web API additions.
	"CSV": true, "JWK": true, "JWT": true, "OTP": true, "PDF": true, "SHA": true, "SSO": true,
}

// IsInitialism reports whether the upper-cased word w is written all in
// capitals inside Go names.
func IsInitialism(w string) bool { return initialisms[strings.ToUpper(w)] }

// Words splits s into words at every character that is not a letter or digit
// and at lower-to-upper, letter-digit and digit-upper case boundaries
// ("vendor-accountId" → vendor, account, Id; "HTTPServer" → HTTP,
// Server; "sha256Sum" → sha, 256, Sum). A run of capitals followed by a
// lone lower-case s is a plural initialism and stays one word
// ("callbackURLs" → callback, URLs), so that Words of a Go name made by
// Exported gives back its words.
func Words(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			switch {
			case unicode.IsLower(prev) && unicode.IsUpper(r):
				flush()
			case unicode.IsUpper(prev) && unicode.IsUpper(r) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && !pluralS(rs, i+1):
				// "HTTPServer": split before the 'S'; but "URLs" is one word.
				flush()
			case unicode.IsDigit(prev) && unicode.IsUpper(r):
				// "SHA256Sum": split before the 'S'.
				flush()
			case unicode.IsDigit(prev) != unicode.IsDigit(r) && unicode.IsLetter(prev) && !unicode.IsUpper(r):
				// "v2beta" stays "v2", "beta"; "2fa" stays "2", "fa".
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// pluralS reports whether rs[i] is a lower-case 's' that ends a word: the
// plural of the capitals before it.
func pluralS(rs []rune, i int) bool {
	return rs[i] == 's' && (i+1 == len(rs) || !unicode.IsLower(rs[i+1]))
}

// Namer converts names with the default initialisms plus extra ones.
type Namer struct {
	extra map[string]bool
}

// NewNamer returns a Namer that also writes the given words in capitals
// (for example "OIDC", "NIN").
func NewNamer(extra ...string) *Namer {
	n := &Namer{extra: map[string]bool{}}
	for _, w := range extra {
		n.extra[strings.ToUpper(w)] = true
	}
	return n
}

func (n *Namer) initialism(up string) bool {
	return initialisms[up] || (n != nil && n.extra[up])
}

// Exported is like the package function Exported, with n's initialisms.
func (n *Namer) Exported(s string) string { return exported(s, n) }

// Unexported is like the package function Unexported, with n's initialisms.
func (n *Namer) Unexported(s string) string { return unexported(s, n) }

// writeWord writes w capitalised, or all in capitals if it is an
// initialism, or as the initialism and a lower-case s if it is the plural of
// one ("ids" → IDs).
func (n *Namer) writeWord(b *strings.Builder, w string) {
	up := strings.ToUpper(w)
	if n.initialism(up) {
		b.WriteString(up)
		return
	}
	if stem, ok := strings.CutSuffix(up, "S"); ok && len(stem) >= 2 && n.initialism(stem) {
		b.WriteString(stem)
		b.WriteByte('s')
		return
	}
	r, size := utf8.DecodeRuneInString(w)
	b.WriteRune(unicode.ToUpper(r))
	b.WriteString(strings.ToLower(w[size:]))
}

// Exported returns the exported Go identifier for s: words camel-cased,
// initialisms in capitals, a leading digit prefixed, keywords and empty
// results escaped. It is deterministic and always returns a valid identifier.
func Exported(s string) string { return exported(s, nil) }

func exported(s string, n *Namer) string {
	var b strings.Builder
	for _, w := range Words(s) {
		n.writeWord(&b, w)
	}
	id := b.String()
	if id == "" {
		return "X"
	}
	if r, _ := utf8.DecodeRuneInString(id); !unicode.IsLetter(r) {
		id = "X" + id
	}
	if r, _ := utf8.DecodeRuneInString(id); !unicode.IsUpper(r) {
		// A letter with no upper case (e.g. CJK) cannot be exported alone.
		id = "X" + id
	}
	return id
}

// Unexported returns the unexported Go identifier for s, escaping keywords
// and predeclared names with a trailing underscore.
func Unexported(s string) string { return unexported(s, nil) }

func unexported(s string, n *Namer) string {
	words := Words(s)
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			n.writeWord(&b, w)
			continue
		}
		if up := strings.ToUpper(w); n.initialism(up) || n.initialism(strings.TrimSuffix(up, "S")) {
			b.WriteString(strings.ToLower(w))
		} else {
			r, size := utf8.DecodeRuneInString(w)
			b.WriteRune(unicode.ToLower(r))
			b.WriteString(w[size:])
		}
	}
	id := b.String()
	if id == "" {
		return "x"
	}
	if r, _ := utf8.DecodeRuneInString(id); !unicode.IsLetter(r) {
		id = "x" + id
	}
	if IsReserved(id) {
		id += "_"
	}
	return id
}

// Join names a thing that belongs to parent, such as the type of one of its
// properties, by appending child to parent; both are Go names made by
// Exported. When child starts with the words parent ends with, they are
// written once: Join("DocumentHash", "HashAlgorithm") is
// "DocumentHashAlgorithm", Join("SessionSignature", "SignatureType") is
// "SessionSignatureType". The longest such overlap is dropped, but never
// all of child, so the result is always longer than parent. Words match
// whole and with their case: "UUID" does not end with the word "ID".
func Join(parent, child string) string {
	words := Words(child)
	best := 0
	prefix := ""
	for k := 0; k < len(words)-1; k++ {
		prefix += words[k]
		if !strings.HasPrefix(child, prefix) {
			// Words dropped a separator: child is not a plain Go name.
			break
		}
		if endsWithWord(parent, prefix) {
			best = len(prefix)
		}
	}
	return parent + child[best:]
}

// endsWithWord reports whether id ends with w and w starts a word of id:
// id is w, or the rune before w is a lower-case letter or digit, or w
// starts with a capital followed by a lower-case letter ("HTTPSProxy" ends
// with the word "Proxy"; "UUID" does not end with the word "ID").
func endsWithWord(id, w string) bool {
	if w == "" || !strings.HasSuffix(id, w) {
		return false
	}
	i := len(id) - len(w)
	if i == 0 {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(id[:i])
	if unicode.IsLower(prev) || unicode.IsDigit(prev) {
		return true
	}
	rs := []rune(w)
	return len(rs) > 1 && unicode.IsUpper(rs[0]) && unicode.IsLower(rs[1]) && !pluralS(rs, 1)
}

// Package returns a valid Go package name for s: lower-case letters and
// digits only, never a keyword.
func Package(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || (unicode.IsDigit(r) && b.Len() > 0)) {
			b.WriteRune(r)
		}
	}
	p := b.String()
	if p == "" {
		return "api"
	}
	if token.IsKeyword(p) || predeclared[p] {
		p += "api"
	}
	return p
}

// IsExportedIdent reports whether s can name an exported Go declaration as
// it is: a valid identifier (token.IsIdentifier: letters, digits and
// underscores, not starting with a digit, not a keyword) whose first letter
// is upper case. Names chosen in a spec (x-go-name) or in a config (renames)
// must pass it before they reach generated source.
func IsExportedIdent(s string) bool {
	return token.IsIdentifier(s) && token.IsExported(s)
}

// IsReserved reports whether id is a Go keyword or predeclared identifier.
func IsReserved(id string) bool { return token.IsKeyword(id) || predeclared[id] }

var predeclared = map[string]bool{
	"any": true, "append": true, "bool": true, "byte": true, "cap": true, "clear": true, "close": true,
	"comparable": true, "complex": true, "complex128": true, "complex64": true, "copy": true,
	"delete": true, "error": true, "false": true, "float32": true, "float64": true, "imag": true,
	"int": true, "int16": true, "int32": true, "int64": true, "int8": true, "iota": true, "len": true,
	"make": true, "max": true, "min": true, "new": true, "nil": true, "panic": true, "print": true,
	"println": true, "real": true, "recover": true, "rune": true, "string": true, "true": true,
	"uint": true, "uint16": true, "uint32": true, "uint64": true, "uint8": true, "uintptr": true,
}

// Scope hands out unique names within one Go namespace (a package, a
// struct's fields, a function's parameters). Names are settled in the order
// they are asked for; callers ask in a sorted, deterministic order. A clash
// is resolved by appending 2, 3, ... to the later name.
type Scope struct {
	used map[string]bool
}

// NewScope returns a scope with the given names already taken.
func NewScope(reserved ...string) *Scope {
	s := &Scope{used: make(map[string]bool, len(reserved))}
	for _, r := range reserved {
		s.used[r] = true
	}
	return s
}

// Taken reports whether name is in use.
func (s *Scope) Taken(name string) bool { return s.used[name] }

// Reserve marks name as used without checking.
func (s *Scope) Reserve(name string) { s.used[name] = true }

// Unique returns name, or name with the smallest numeric suffix from 2 that
// is not yet used, and marks it used.
func (s *Scope) Unique(name string) string {
	if !s.used[name] {
		s.used[name] = true
		return name
	}
	for i := 2; ; i++ {
		n := name + strconv.Itoa(i)
		if !s.used[n] {
			s.used[n] = true
			return n
		}
	}
}
