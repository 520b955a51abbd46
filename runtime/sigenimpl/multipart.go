package sigenimpl

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"strings"
)

// Part is one part of a multipart/form-data body.
type Part struct {
	// Name is the form field name.
	Name string
	// Filename, if not empty, marks the part as a file upload.
	Filename string
	// ContentType is the part's Content-Type. If empty, a file part is
	// sent as application/octet-stream and other parts without one (which
	// means text/plain), unless Header sets it.
	ContentType string
	// Header holds additional part headers. Content-Disposition is always
	// built from Name and Filename; a non-empty ContentType replaces any
	// Content-Type here.
	Header textproto.MIMEHeader
	// Body is the part's content; nil means empty. If it implements
	// io.Closer it is closed once written, or when writing stops early.
	Body io.Reader
}

// Multipart returns a multipart/form-data body that streams parts in order
// and the Content-Type header for it, boundary included.
//
// The body is produced by a goroutine writing into an [io.Pipe] as it is
// read, so large files are never held in memory. The caller must read the
// body to the end or close it; [net/http] does so for request bodies. The
// goroutine ends when the body is closed, unless it is blocked reading a
// part's Body. An error reading a part is returned by the body's Read.
//
// The body cannot be replayed.
func Multipart(parts []Part) (body io.ReadCloser, contentType string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	contentType = mw.FormDataContentType()
	go func() {
		err := writeParts(mw, parts)
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err) // nil: readers get io.EOF
	}()
	return pr, contentType
}

// writeParts writes parts to mw and closes every part body that is an
// io.Closer, including those after a failure.
func writeParts(mw *multipart.Writer, parts []Part) (err error) {
	for i, p := range parts {
		if err == nil {
			err = writePart(mw, p)
			if err != nil {
				err = fmt.Errorf("oas: writing multipart part %d (%q): %w", i, p.Name, err)
			}
		}
		if c, ok := p.Body.(io.Closer); ok {
			c.Close()
		}
	}
	return err
}

func writePart(mw *multipart.Writer, p Part) error {
	h := make(textproto.MIMEHeader, len(p.Header)+2)
	for k, v := range p.Header {
		h[textproto.CanonicalMIMEHeaderKey(k)] = v
	}
	cd := `form-data; name="` + quoteParam(p.Name) + `"`
	if p.Filename != "" {
		cd += `; filename="` + quoteParam(p.Filename) + `"`
	}
	h.Set("Content-Disposition", cd)
	switch {
	case p.ContentType != "":
		h.Set("Content-Type", p.ContentType)
	case p.Filename != "" && h.Get("Content-Type") == "":
		h.Set("Content-Type", "application/octet-stream")
	}
	w, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if p.Body == nil {
		return nil
	}
	_, err = io.Copy(w, p.Body)
	return err
}

// paramQuoter escapes a Content-Disposition parameter value for a quoted
// string. Backslash and double quote are escaped as in RFC 2045 (and as
// mime/multipart does); CR and LF, which no quoted string may hold, are
// percent-encoded as HTML's form submission algorithm does.
var paramQuoter = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", "%0D", "\n", "%0A")

func quoteParam(s string) string { return paramQuoter.Replace(s) }
