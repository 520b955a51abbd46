package sigenimpl

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Decoder reads one JSON value from a byte slice, for the decoders that
// sigen generates for struct types. It decodes as [encoding/json.Unmarshal]
// does (encoding/json v1): unknown object keys are skipped, the last of
// duplicate keys wins, keys match field names exactly or else without
// regard to case, JSON null leaves a string, number, boolean or struct as it
// is, and invalid UTF-8 in a string becomes U+FFFD.
//
// A Decoder keeps the first error it meets; after it every method does
// nothing and reports no further values, so a generated decoder needs no
// error checks of its own and returns as soon as the input is bad. Strings
// are copied out of the input; nothing a Decoder returns aliases it.
type Decoder struct {
	data   []byte
	pos    int
	err    error
	depth  int
	open   bool   // just after '{' or '[': no comma before the next member
	strict bool   // unknown object keys are an error
	key    []byte // the current object key, unescaped
	buf    []byte // scratch for unescaping keys
	// strings holds strings made recently, so that repeated short values
	// (names, states, URLs' common parts) share memory.
	strings *[256]string
	// Blocks of variables for pointer fields, and how many were made.
	strBlock []string
	intBlock []int64
	blocks   int
}

// maxDepth is how deeply objects and arrays may nest, as in encoding/json.
const maxDepth = 10000

// SyntaxError is a JSON syntax error found by a Decoder.
type SyntaxError struct {
	Msg    string
	Offset int64 // input bytes read before the error
}

// Error names the problem and its offset.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("json: %s at offset %d", e.Msg, e.Offset)
}

// TypeError is a JSON value that does not fit the Go value it is decoded
// into.
type TypeError struct {
	Value  string // "string", "number", "number 1.5", "bool", "array", "object"
	Type   string // what the Go value takes: "object", "integer", "int32", ...
	Offset int64  // input bytes read before the value
}

// Error names the JSON value, what the Go value takes, and the offset.
func (e *TypeError) Error() string {
	return fmt.Sprintf("json: cannot unmarshal %s into a Go value that takes %s, at offset %d", e.Value, article(e.Type), e.Offset)
}

// UnknownFieldError is an object key that matches no field, in strict
// decoding.
type UnknownFieldError struct {
	Key string
}

// Error names the key.
func (e *UnknownFieldError) Error() string {
	return fmt.Sprintf("json: unknown field %q", e.Key)
}

// Err returns the first error the decoder met, or nil.
func (d *Decoder) Err() error { return d.err }

// Fail records err as the decoder's error unless it has one already.
func (d *Decoder) Fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *Decoder) syntax(msg string) {
	d.Fail(&SyntaxError{Msg: msg, Offset: int64(d.pos)})
}

func (d *Decoder) unexpected(context string) {
	if d.pos >= len(d.data) {
		d.syntax("unexpected end of JSON input")
		return
	}
	d.syntax(fmt.Sprintf("invalid character %s %s", quoteChar(d.data[d.pos]), context))
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// typeError records that the value at the current position does not fit
// want, and skips it so the offset is right.
func (d *Decoder) typeError(want string) {
	if d.err != nil {
		return
	}
	start := d.pos
	if start >= len(d.data) {
		d.unexpected("")
		return
	}
	kind := kindName(d.data[start])
	d.Skip()
	if d.err != nil {
		return
	}
	d.Fail(&TypeError{Value: kind, Type: want, Offset: int64(start)})
}

func intType(bits int) string   { return "int" + strconv.Itoa(bits) }
func floatType(bits int) string { return "float" + strconv.Itoa(bits) }

// article puts "a" or "an" before a JSON kind.
func article(s string) string {
	if s != "" && (s[0] == 'a' || s[0] == 'i' || s[0] == 'o') {
		return "an " + s
	}
	return "a " + s
}

func kindName(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// peek skips white space and returns the next byte, or 0 at the end of
// the input or after an error.
func (d *Decoder) peek() byte {
	if d.err != nil {
		return 0
	}
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c > ' ' || !isSpaceByte(c) {
			return c
		}
		d.pos++
	}
	return 0
}

// Null reports whether the next value is JSON null, and consumes it if so.
// After an error it reports true, so that callers stop.
func (d *Decoder) Null() bool {
	c := d.peek()
	if d.err != nil {
		return true
	}
	if c != 'n' {
		return false
	}
	d.literal("null")
	return true
}

func (d *Decoder) literal(lit string) {
	if len(d.data)-d.pos >= len(lit) && string(d.data[d.pos:d.pos+len(lit)]) == lit {
		d.pos += len(lit)
		return
	}
	// Find the first byte that differs, for the message.
	for i := 0; i < len(lit); i++ {
		if d.pos+i >= len(d.data) {
			d.pos += i
			d.unexpected("")
			return
		}
		if d.data[d.pos+i] != lit[i] {
			d.pos += i
			d.unexpected("in literal " + lit + " (expecting " + quoteChar(lit[i]) + ")")
			return
		}
	}
}

// Object begins an object. It reports false, consuming the value, when the
// next value is null; it reports false and records an error when the value
// is neither null nor an object, or after an error. After true, call More
// until it reports false.
func (d *Decoder) Object() bool {
	switch d.peek() {
	case '{':
		d.pos++
		d.open = true
		d.depth++
		if d.depth > maxDepth {
			d.syntax("exceeded max depth")
			return false
		}
		return true
	case 'n':
		d.literal("null")
		return false
	case 0:
		if d.err == nil {
			d.unexpected("looking for beginning of value")
		}
		return false
	}
	d.typeError("object")
	return false
}

// More advances to the next member of the object begun by Object and
// reports whether there is one; Key returns its key, and the member's
// value must be read (or skipped with Unknown) before More is called again.
// At the end of the object, or after an error, it reports false.
func (d *Decoder) More() bool {
	c := d.peek()
	if d.err != nil {
		return false
	}
	if c == '}' {
		d.pos++
		d.open = false
		d.depth--
		return false
	}
	if d.open {
		d.open = false
	} else {
		if c != ',' {
			d.unexpected("after object key:value pair")
			return false
		}
		d.pos++
		c = d.peek()
	}
	if c != '"' {
		d.unexpected("looking for beginning of object key string")
		return false
	}
	key, copied := d.readString(d.buf[:0])
	if d.err != nil {
		return false
	}
	if copied {
		d.buf = key[:0]
	}
	d.key = key
	if d.peek() != ':' {
		d.unexpected("after object key")
		return false
	}
	d.pos++
	return true
}

// Key returns the key of the current object member. It is valid until the
// next call of More.
func (d *Decoder) Key() []byte { return d.key }

// Refold looks for the first of names that equals the current key without
// regard to case (as encoding/json compares keys that match no field
// exactly). If there is one, it becomes the current key and Refold
// reports true.
func (d *Decoder) Refold(names ...string) bool {
	for _, n := range names {
		if equalFold(d.key, n) {
			d.key = append(d.key[:0:0], n...)
			return true
		}
	}
	return false
}

// equalFold reports whether k and n are equal under simple Unicode case
// folding, as encoding/json's foldName compares them.
func equalFold(k []byte, n string) bool {
	for len(k) > 0 && len(n) > 0 {
		var r1, r2 rune
		if c := k[0]; c < utf8.RuneSelf {
			r1, k = rune(c), k[1:]
		} else {
			var size int
			r1, size = utf8.DecodeRune(k)
			k = k[size:]
		}
		if c := n[0]; c < utf8.RuneSelf {
			r2, n = rune(c), n[1:]
		} else {
			var size int
			r2, size = utf8.DecodeRuneInString(n)
			n = n[size:]
		}
		if r1 != r2 && foldRune(r1) != foldRune(r2) {
			return false
		}
	}
	return len(k) == 0 && len(n) == 0
}

// foldRune is encoding/json's: ASCII letters fold to upper case, other
// runes to the smallest rune of their fold set.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

// Unknown skips the value of an object member that matches no field; in
// strict decoding it records an error instead.
func (d *Decoder) Unknown() {
	if d.strict {
		d.Fail(&UnknownFieldError{Key: string(d.key)})
		return
	}
	d.Skip()
}

// Array begins an array. It reports false, consuming the value, when the
// next value is null; it reports false and records an error when the value
// is neither null nor an array, or after an error. After true, call Next
// until it reports false.
func (d *Decoder) Array() bool {
	switch d.peek() {
	case '[':
		d.pos++
		d.open = true
		d.depth++
		if d.depth > maxDepth {
			d.syntax("exceeded max depth")
			return false
		}
		return true
	case 'n':
		d.literal("null")
		return false
	case 0:
		if d.err == nil {
			d.unexpected("looking for beginning of value")
		}
		return false
	}
	d.typeError("array")
	return false
}

// Next advances to the next item of the array begun by Array and reports
// whether there is one, which must then be read. At the end of the array,
// or after an error, it reports false.
func (d *Decoder) Next() bool {
	c := d.peek()
	if d.err != nil {
		return false
	}
	if c == ']' {
		d.pos++
		d.open = false
		d.depth--
		return false
	}
	if d.open {
		d.open = false
		return true
	}
	if c != ',' {
		d.unexpected("after array element")
		return false
	}
	d.pos++
	if d.peek() == ']' {
		d.unexpected("looking for beginning of value")
		return false
	}
	return true
}

// ReadString reads a string value.
func (d *Decoder) ReadString() (string, bool) {
	if d.peek() != '"' {
		if d.err == nil {
			d.typeError("string")
		}
		return "", false
	}
	start := d.pos + 1
	// Fast path: printable ASCII up to the closing quote.
	for i := start; i < len(d.data); i++ {
		c := d.data[i]
		if c == '"' {
			d.pos = i + 1
			return d.makeString(d.data[start:i]), true
		}
		if c == '\\' || c < ' ' || c >= utf8.RuneSelf {
			break
		}
	}
	b, copied := d.readString(d.buf[:0])
	if d.err != nil {
		return "", false
	}
	s := d.makeString(b)
	if copied {
		d.buf = b[:0]
	}
	return s, true
}

// makeString returns string(b), from the decoder's cache of recent strings
// if it holds b (a hash of b's first and last eight bytes picks the slot,
// as in encoding/json/v2).
func (d *Decoder) makeString(b []byte) string {
	if d.strings == nil || len(b) < 2 || len(b) > 256 {
		return string(b)
	}
	var h uint32
	switch {
	case len(b) >= 8:
		lo := binary.LittleEndian.Uint64(b[:8])
		hi := binary.LittleEndian.Uint64(b[len(b)-8:])
		h = hash64(uint32(lo), uint32(lo>>32)) ^ hash64(uint32(hi), uint32(hi>>32))
	case len(b) >= 4:
		h = hash64(binary.LittleEndian.Uint32(b[:4]), binary.LittleEndian.Uint32(b[len(b)-4:]))
	default:
		h = hash64(uint32(binary.LittleEndian.Uint16(b[:2])), uint32(binary.LittleEndian.Uint16(b[len(b)-2:])))
	}
	slot := &d.strings[h%uint32(len(d.strings))]
	if *slot == string(b) {
		return *slot
	}
	s := string(b)
	*slot = s
	return s
}

// hash64 mixes two words as XXH32 does, without its final avalanche.
func hash64(lo, hi uint32) uint32 {
	const (
		prime3 = 0xc2b2ae3d
		prime4 = 0x27d4eb2f
		prime5 = 0x165667b1
	)
	h := prime5 + uint32(8)
	h += lo * prime3
	h = bits.RotateLeft32(h, 17) * prime4
	h += hi * prime3
	h = bits.RotateLeft32(h, 17) * prime4
	return h
}

// readString reads the string at d.pos (at its opening quote) and returns
// its unescaped bytes: a slice of the input when it holds nothing to
// replace, else buf with them appended (copied true).
func (d *Decoder) readString(buf []byte) (b []byte, copied bool) {
	start := d.pos + 1
	i := start
	for i < len(d.data) {
		c := d.data[i]
		if c == '"' {
			d.pos = i + 1
			return d.data[start:i], false
		}
		if c == '\\' || c < ' ' {
			break
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(d.data[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	buf = append(buf, d.data[start:i]...)
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return buf, true
		case c == '\\':
			i++
			if i >= len(d.data) {
				d.pos = i
				d.unexpected("")
				return nil, false
			}
			switch e := d.data[i]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
				i++
			case 'b':
				buf = append(buf, '\b')
				i++
			case 'f':
				buf = append(buf, '\f')
				i++
			case 'n':
				buf = append(buf, '\n')
				i++
			case 'r':
				buf = append(buf, '\r')
				i++
			case 't':
				buf = append(buf, '\t')
				i++
			case 'u':
				r, ok := d.hex4(i + 1)
				if !ok {
					return nil, false
				}
				i += 5
				if utf16.IsSurrogate(r) {
					if r2, ok := d.peekHex4(i); ok {
						if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
							r = dec
							i += 6
						} else {
							r = unicode.ReplacementChar
						}
					} else {
						r = unicode.ReplacementChar
					}
				}
				buf = utf8.AppendRune(buf, r)
			default:
				d.pos = i
				d.unexpected("in string escape code")
				return nil, false
			}
		case c < ' ':
			d.pos = i
			d.unexpected("in string literal")
			return nil, false
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(d.data[i:])
			i += size
			buf = utf8.AppendRune(buf, r) // RuneError for invalid bytes
		}
	}
	d.pos = i
	d.unexpected("")
	return nil, false
}

// hex4 reads the four hex digits of a \u escape at i.
func (d *Decoder) hex4(i int) (rune, bool) {
	var r rune
	for j := 0; j < 4; j++ {
		if i+j >= len(d.data) {
			d.pos = i + j
			d.unexpected("")
			return 0, false
		}
		v := unhex(d.data[i+j])
		if v < 0 {
			d.pos = i + j
			d.unexpected("in \\u hexadecimal character escape")
			return 0, false
		}
		r = r<<4 | v
	}
	return r, true
}

// peekHex4 reads a \uXXXX escape at i, if there is one.
func (d *Decoder) peekHex4(i int) (rune, bool) {
	if len(d.data)-i < 6 || d.data[i] != '\\' || d.data[i+1] != 'u' {
		return 0, false
	}
	var r rune
	for j := 2; j < 6; j++ {
		v := unhex(d.data[i+j])
		if v < 0 {
			return 0, false
		}
		r = r<<4 | v
	}
	return r, true
}

func unhex(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

// number scans a JSON number at d.pos and returns its text.
func (d *Decoder) number() []byte {
	start := d.pos
	i := start
	n := len(d.data)
	if i < n && d.data[i] == '-' {
		i++
	}
	if i >= n {
		d.pos = i
		d.unexpected("in numeric literal")
		return nil
	}
	switch c := d.data[i]; {
	case c == '0':
		i++
	case '1' <= c && c <= '9':
		i++
		for i < n && '0' <= d.data[i] && d.data[i] <= '9' {
			i++
		}
	default:
		d.pos = i
		d.unexpected("in numeric literal")
		return nil
	}
	if i < n && d.data[i] == '.' {
		i++
		if i >= n || d.data[i] < '0' || d.data[i] > '9' {
			d.pos = i
			d.unexpected("after decimal point in numeric literal")
			return nil
		}
		for i < n && '0' <= d.data[i] && d.data[i] <= '9' {
			i++
		}
	}
	if i < n && (d.data[i] == 'e' || d.data[i] == 'E') {
		i++
		if i < n && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		if i >= n || d.data[i] < '0' || d.data[i] > '9' {
			d.pos = i
			d.unexpected("in exponent of numeric literal")
			return nil
		}
		for i < n && '0' <= d.data[i] && d.data[i] <= '9' {
			i++
		}
	}
	d.pos = i
	return d.data[start:i]
}

// ReadInt reads an integer that fits in a signed integer of bits bits; a
// number with a fraction or an exponent is an error, as in encoding/json.
func (d *Decoder) ReadInt(bits int) (int64, bool) {
	c := d.peek()
	if c != '-' && (c < '0' || c > '9') {
		if d.err == nil {
			d.typeError("integer")
		}
		return 0, false
	}
	start := d.pos
	num := d.number()
	if d.err != nil {
		return 0, false
	}
	// Plain integers of up to 18 digits cannot overflow int64.
	if len(num) <= 18 {
		neg := num[0] == '-'
		digits := num
		if neg {
			digits = num[1:]
		}
		var v int64
		ok := true
		for _, c := range digits {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			v = v*10 + int64(c-'0')
		}
		if ok {
			if neg {
				v = -v
			}
			if bits < 64 && (v < -1<<(bits-1) || v >= 1<<(bits-1)) {
				d.Fail(&TypeError{Value: "number " + string(num), Type: intType(bits), Offset: int64(start)})
				return 0, false
			}
			return v, true
		}
	}
	v, err := strconv.ParseInt(string(num), 10, bits)
	if err != nil {
		d.Fail(&TypeError{Value: "number " + string(num), Type: intType(bits), Offset: int64(start)})
		return 0, false
	}
	return v, true
}

// ReadFloat reads a number as a float of bits bits.
func (d *Decoder) ReadFloat(bits int) (float64, bool) {
	c := d.peek()
	if c != '-' && (c < '0' || c > '9') {
		if d.err == nil {
			d.typeError("number")
		}
		return 0, false
	}
	start := d.pos
	num := d.number()
	if d.err != nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(num), bits)
	if err != nil {
		d.Fail(&TypeError{Value: "number " + string(num), Type: floatType(bits), Offset: int64(start)})
		return 0, false
	}
	return v, true
}

// ReadBool reads true or false.
func (d *Decoder) ReadBool() (bool, bool) {
	switch d.peek() {
	case 't':
		d.literal("true")
		return true, d.err == nil
	case 'f':
		d.literal("false")
		return false, d.err == nil
	}
	if d.err == nil {
		d.typeError("boolean")
	}
	return false, false
}

// Skip reads and discards the next value, checking its syntax.
func (d *Decoder) Skip() { d.Raw() }

// Raw reads the next value, checking its syntax, and returns its bytes: a
// slice of the input, valid only while the input is.
func (d *Decoder) Raw() []byte {
	c := d.peek()
	if d.err != nil {
		return nil
	}
	start := d.pos
	switch c {
	case '{':
		if !d.Object() {
			return nil
		}
		for d.More() {
			d.Skip()
		}
	case '[':
		if !d.Array() {
			return nil
		}
		for d.Next() {
			d.Skip()
		}
	case '"':
		if b, copied := d.readString(d.buf[:0]); copied {
			d.buf = b[:0]
		}
	case 't':
		d.literal("true")
	case 'f':
		d.literal("false")
	case 'n':
		d.literal("null")
	case 0:
		d.unexpected("looking for beginning of value")
	default:
		if c == '-' || ('0' <= c && c <= '9') {
			d.number()
		} else {
			d.unexpected("looking for beginning of value")
		}
	}
	if d.err != nil {
		return nil
	}
	return d.data[start:d.pos]
}

// end checks that only white space follows the value.
func (d *Decoder) end() {
	d.peek()
	if d.err == nil && d.pos < len(d.data) {
		d.unexpected("after top-level value")
	}
}
