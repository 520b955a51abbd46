package fakeapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// SignicatSign is a fake of the Signicat Sign API v2
// (https://api.signicat.com/sign): documents (binary upload and download,
// metadata), document collections and signing sessions, with the session
// list paged by offset and limit and linked with links.next. Point a client
// at URL + "/sign".
//
// Ids are d0c00000-... for documents, c011ec00-... for collections and
// 5e551000-... for sessions.
type SignicatSign struct {
	*Server
	cfg config

	mu          sync.Mutex
	n           int
	docs        map[string]*signDoc
	collections map[string]map[string]any
	sessions    []map[string]any // in order of creation
}

type signDoc struct {
	data []byte
	meta map[string]any
}

// NewSignicatSign starts a fake Sign API guarded by tokens.
func NewSignicatSign(tokens *authtest.Signicat, opts ...Option) *SignicatSign {
	f := &SignicatSign{cfg: newConfig(opts), docs: map[string]*signDoc{}, collections: map[string]map[string]any{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /sign/documents", f.upload)
	mux.HandleFunc("GET /sign/documents/{id}", f.download)
	mux.HandleFunc("DELETE /sign/documents/{id}", f.deleteDoc)
	mux.HandleFunc("GET /sign/documents/{id}/metadata", f.getMeta)
	mux.HandleFunc("PATCH /sign/documents/{id}/metadata", f.patchMeta)
	mux.HandleFunc("POST /sign/document-collections", f.createCollection)
	mux.HandleFunc("GET /sign/document-collections/{id}", f.getCollection)
	mux.HandleFunc("DELETE /sign/document-collections/{id}", f.deleteCollection)
	mux.HandleFunc("POST /sign/signing-sessions", f.createSessions)
	mux.HandleFunc("GET /sign/signing-sessions", f.listSessions)
	mux.HandleFunc("GET /sign/signing-sessions/{id}", f.getSession)
	mux.HandleFunc("DELETE /sign/signing-sessions/{id}", f.deleteSession)
	mux.HandleFunc("/", signicatFallback)
	f.Server = start(tokens.Authorize(mux))
	return f
}

// BaseURL returns the URL to give the client's WithBaseURL.
func (f *SignicatSign) BaseURL() string { return f.URL + "/sign" }

// Document returns the stored bytes of a document.
func (f *SignicatSign) Document(id string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.docs[id]
	if !ok {
		return nil, false
	}
	return slices.Clone(d.data), true
}

// Sign marks signing session id as signed: its lifecycle becomes SIGNED
// and final, and its output lists one PAdES signature per SIGN document,
// whose result is a new stored document. It reports whether the session
// exists.
func (f *SignicatSign) Sign(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.session(id)
	if s == nil {
		return false
	}
	var sigs []map[string]any
	for _, d := range s["documents"].([]any) {
		d := d.(map[string]any)
		if d["action"] != "SIGN" {
			continue
		}
		orig := f.docs[d["documentId"].(string)]
		data := []byte("%PDF-1.7\n% signed\n")
		if orig != nil {
			data = append(slices.Clone(orig.data), "\n% PAdES signature\n"...)
		}
		res := f.store(data, "application/pdf")
		sigs = append(sigs, map[string]any{
			"documentCollectionId": d["documentCollectionId"],
			"originalDocumentId":   d["documentId"],
			"resultDocumentId":     res,
			"signatureType":        "PADES",
		})
	}
	s["lifecycle"] = map[string]any{"state": "SIGNED", "stateIsFinal": true}
	s["output"] = map[string]any{"signatures": sigs}
	return true
}

// store keeps a document and returns its id. f.mu must be held.
func (f *SignicatSign) store(data []byte, mimeType string) string {
	f.n++
	id := fakeID(0xd0c00000, f.n)
	sum := sha256.Sum256(data)
	f.docs[id] = &signDoc{data: data, meta: map[string]any{
		"documentId":   id,
		"mimeType":     mimeType,
		"createdAt":    rfc3339(f.cfg.clock.Now()),
		"documentHash": map[string]any{"hash": hex.EncodeToString(sum[:]), "hashAlgorithm": "SHA256"},
	}}
	return id
}

func (f *SignicatSign) upload(w http.ResponseWriter, r *http.Request) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	data, err := io.ReadAll(r.Body)
	if err != nil {
		signicatInvalid(w, invalidParam{"body", err.Error()})
		return
	}
	if len(data) == 0 {
		signicatInvalid(w, invalidParam{"body", "the document is empty"})
		return
	}
	switch ct {
	case "application/pdf", "text/plain":
	case "application/octet-stream":
		switch {
		case len(data) >= 5 && string(data[:5]) == "%PDF-":
			ct = "application/pdf"
		case utf8.Valid(data):
			ct = "text/plain"
		default:
			signicatInvalid(w, invalidParam{"body", "the document is neither a PDF nor text"})
			return
		}
	default:
		signicatInvalid(w, invalidParam{"Content-Type", fmt.Sprintf("unsupported media type %q: use application/pdf or text/plain", ct)})
		return
	}
	if ct == "application/pdf" && (len(data) < 5 || string(data[:5]) != "%PDF-") {
		signicatInvalid(w, invalidParam{"body", "not a PDF document"})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.store(data, ct)
	m := f.docs[id].meta
	writeJSON(w, http.StatusCreated, map[string]any{
		"documentId": id, "mimeType": m["mimeType"], "createdAt": m["createdAt"], "documentHash": m["documentHash"],
	})
}

func (f *SignicatSign) download(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	d, ok := f.docs[r.PathValue("id")]
	f.mu.Unlock()
	if !ok {
		signicatNotFound(w, "Document")
		return
	}
	w.Header().Set("Content-Type", d.meta["mimeType"].(string))
	w.Header().Set("Content-Length", strconv.Itoa(len(d.data)))
	w.Write(d.data)
}

func (f *SignicatSign) deleteDoc(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := r.PathValue("id")
	if _, ok := f.docs[id]; !ok {
		signicatNotFound(w, "Document")
		return
	}
	delete(f.docs, id)
	w.WriteHeader(http.StatusNoContent)
}

func (f *SignicatSign) getMeta(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.docs[r.PathValue("id")]
	if !ok {
		signicatNotFound(w, "Document")
		return
	}
	writeJSON(w, http.StatusOK, d.meta)
}

func (f *SignicatSign) patchMeta(w http.ResponseWriter, r *http.Request) {
	var req map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		signicatInvalid(w, invalidParam{"body", "malformed JSON: " + err.Error()})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.docs[r.PathValue("id")]
	if !ok {
		signicatNotFound(w, "Document")
		return
	}
	for k, raw := range req {
		if k != "filename" && k != "title" && k != "description" {
			signicatInvalid(w, invalidParam{k, "unknown or read-only field"})
			return
		}
		if string(raw) == "null" {
			delete(d.meta, k)
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			signicatInvalid(w, invalidParam{k, "must be a string or null"})
			return
		}
		d.meta[k] = s
	}
	writeJSON(w, http.StatusOK, d.meta)
}

func (f *SignicatSign) createCollection(w http.ResponseWriter, r *http.Request) {
	var req map[string]any
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		signicatInvalid(w, invalidParam{"body", "malformed JSON: " + err.Error()})
		return
	}
	docs, _ := req["documents"].([]any)
	if len(docs) == 0 {
		signicatInvalid(w, invalidParam{"documents", "must not be empty"})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, d := range docs {
		m, _ := d.(map[string]any)
		id, _ := m["documentId"].(string)
		if _, ok := f.docs[id]; !ok {
			signicatInvalid(w, invalidParam{fmt.Sprintf("documents[%d].documentId", i), "no such document"})
			return
		}
	}
	f.n++
	c := map[string]any{"id": fakeID(0xc011ec00, f.n), "documents": docs}
	if p, ok := req["packageTo"]; ok {
		c["packageTo"] = p
	}
	f.collections[c["id"].(string)] = c
	writeJSON(w, http.StatusCreated, c)
}

func (f *SignicatSign) getCollection(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.collections[r.PathValue("id")]
	if !ok {
		signicatNotFound(w, "Document collection")
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (f *SignicatSign) deleteCollection(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := r.PathValue("id")
	if _, ok := f.collections[id]; !ok {
		signicatNotFound(w, "Document collection")
		return
	}
	delete(f.collections, id)
	w.WriteHeader(http.StatusNoContent)
}

// session returns the session with id, or nil. f.mu must be held.
func (f *SignicatSign) session(id string) map[string]any {
	for _, s := range f.sessions {
		if s["id"] == id {
			return s
		}
	}
	return nil
}

func (f *SignicatSign) createSessions(w http.ResponseWriter, r *http.Request) {
	var req []map[string]any
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		signicatInvalid(w, invalidParam{"body", "must be a JSON array of signing sessions: " + err.Error()})
		return
	}
	if len(req) == 0 {
		signicatInvalid(w, invalidParam{"body", "must contain at least one signing session"})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, s := range req {
		p := fmt.Sprintf("[%d].", i)
		if t, _ := s["title"].(string); t == "" {
			signicatInvalid(w, invalidParam{p + "title", "must not be empty"})
			return
		}
		if ss, _ := s["signingSetup"].([]any); len(ss) == 0 {
			signicatInvalid(w, invalidParam{p + "signingSetup", "must not be empty"})
			return
		}
		docs, _ := s["documents"].([]any)
		if len(docs) == 0 {
			signicatInvalid(w, invalidParam{p + "documents", "must not be empty"})
			return
		}
		for j, d := range docs {
			m, _ := d.(map[string]any)
			if _, ok := f.collections[fmt.Sprint(m["documentCollectionId"])]; !ok {
				signicatInvalid(w, invalidParam{fmt.Sprintf("%sdocuments[%d].documentCollectionId", p, j), "no such document collection"})
				return
			}
		}
	}
	out := make([]map[string]any, 0, len(req))
	for _, s := range req {
		f.n++
		id := fakeID(0x5e551000, f.n)
		s["id"] = id
		s["signatureUrl"] = "https://example.sandbox.signicat.com/sign/?sessionId=" + id
		s["lifecycle"] = map[string]any{"state": "READY", "stateIsFinal": false}
		f.sessions = append(f.sessions, s)
		out = append(out, s)
	}
	writeJSON(w, http.StatusCreated, out)
}

func (f *SignicatSign) listSessions(w http.ResponseWriter, r *http.Request) {
	limit, err := intParam(r, "limit", 20, 1, 100)
	if err != nil {
		signicatInvalid(w, invalidParam{"limit", err.Error()})
		return
	}
	offset, err := intParam(r, "offset", 0, 0, 1<<31-1)
	if err != nil {
		signicatInvalid(w, invalidParam{"offset", err.Error()})
		return
	}
	sorts := r.URL.Query()["sort"]
	newestFirst := true
	for _, s := range sorts {
		switch s {
		case "-createdAt":
			newestFirst = true
		case "+createdAt", "createdAt":
			newestFirst = false
		default:
			signicatInvalid(w, invalidParam{"sort", fmt.Sprintf("unsupported sort %q: use +createdAt or -createdAt", s)})
			return
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	all := slices.Clone(f.sessions)
	if newestFirst {
		slices.Reverse(all)
	}
	total := len(all)
	page := []map[string]any{}
	if offset < total {
		page = all[offset:min(offset+limit, total)]
	}
	link := func(off int) map[string]any {
		q := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(off)}}
		if len(sorts) > 0 {
			q["sort"] = sorts
		}
		return map[string]any{"href": "http://" + r.Host + "/sign/signing-sessions?" + q.Encode()}
	}
	links := map[string]any{"self": link(offset), "first": link(0)}
	if offset+len(page) < total {
		links["next"] = link(offset + limit)
	}
	if offset > 0 {
		links["prev"] = link(max(offset-limit, 0))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"data": page, "count": len(page), "limit": limit, "offset": offset, "total": total, "links": links,
	})
}

func (f *SignicatSign) getSession(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.session(r.PathValue("id"))
	if s == nil {
		signicatNotFound(w, "Signing session")
		return
	}
	writeJSON(w, http.StatusOK, s)
}

func (f *SignicatSign) deleteSession(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := r.PathValue("id")
	i := slices.IndexFunc(f.sessions, func(s map[string]any) bool { return s["id"] == id })
	if i < 0 {
		signicatNotFound(w, "Signing session")
		return
	}
	f.sessions = slices.Delete(f.sessions, i, i+1)
	w.WriteHeader(http.StatusNoContent)
}
