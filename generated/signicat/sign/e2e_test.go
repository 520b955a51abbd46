package sign_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/sign"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
	"github.com/sigen-dev/sigen/runtime/oas"
)

var epoch = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

type env struct {
	clock  *authtest.Clock
	tokens *authtest.Signicat
	api    *fakeapi.SignicatSign
	client *sign.Client
}

func setup(t *testing.T) *env {
	t.Helper()
	clock := authtest.NewClock(epoch)
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "sandbox-round-apple-123", ClientSecret: "fakeCl13n7S3Cr3T", Clock: clock})
	t.Cleanup(tokens.Close)
	api := fakeapi.NewSignicatSign(tokens, fakeapi.WithClock(clock))
	t.Cleanup(api.Close)
	c, err := sign.NewClient(
		sign.WithBaseURL(api.BaseURL()),
		sign.WithTokenURL(tokens.TokenURL()),
		sign.WithClientCredentials("sandbox-round-apple-123", "fakeCl13n7S3Cr3T"),
		sign.WithClock(clock),
	)
	if err != nil {
		t.Fatal(err)
	}
	return &env{clock: clock, tokens: tokens, api: api, client: c}
}

// wire checks the method, path and raw query of a request the fake got,
// and that it carried the bearer token tok.
func wire(t *testing.T, r fakeapi.Request, method, path, query, tok string) {
	t.Helper()
	if r.Method != method || r.Path != path || r.RawQuery != query {
		t.Errorf("request = %s %s?%s, want %s %s?%s", r.Method, r.Path, r.RawQuery, method, path, query)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+tok {
		t.Errorf("%s %s: Authorization = %q, want Bearer %s", method, path, got, tok)
	}
	if got := r.Header.Get("User-Agent"); got != "sigen (Signicat-Sign-API-v2/2.0)" {
		t.Errorf("%s %s: User-Agent = %q", method, path, got)
	}
}

// header checks one header of a request.
func header(t *testing.T, r fakeapi.Request, name, want string) {
	t.Helper()
	if got := r.Header.Get(name); got != want {
		t.Errorf("%s %s: %s = %q, want %q", r.Method, r.Path, name, got, want)
	}
}

// jsonBody checks that a request body is exactly the JSON want.
func jsonBody(t *testing.T, r fakeapi.Request, want string) {
	t.Helper()
	header(t, r, "Content-Type", "application/json")
	if string(r.Body) != want {
		t.Errorf("%s %s: body\n got %s\nwant %s", r.Method, r.Path, r.Body, want)
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// samplePDF is a PDF header followed by every byte value, CR LF pairs and
// NULs, so that any re-encoding of the upload shows.
func samplePDF() []byte {
	b := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\r\n")
	for i := range 256 {
		b = append(b, byte(i))
	}
	return append(b, "\r\n\x00\x00%%EOF\n"...)
}

func nbidSession(title, collectionID, documentID string) sign.SigningSession {
	return sign.SigningSession{
		Title: title,
		Documents: []sign.SessionDocument{{
			Action: sign.SessionDocumentActionSign, DocumentCollectionID: collectionID, DocumentID: documentID,
		}},
		SigningSetup: []sign.SigningSetup{{
			SigningFlow:       sign.SigningSetupSigningFlowAuthenticationBased,
			IdentityProviders: []sign.IdentityProvider{{IdpName: "nbid"}},
		}},
	}
}

func TestDocumentsEndToEnd(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	pdf := samplePDF()

	// uploadDocument, application/pdf: the bytes arrive as sent.
	up, err := e.client.UploadDocumentWithPDF(ctx, bytes.NewReader(pdf))
	if err != nil {
		t.Fatalf("UploadDocumentWithPDF: %v", err)
	}
	r := e.api.Last()
	wire(t, r, "POST", "/sign/documents", "", "tok-1")
	header(t, r, "Content-Type", "application/pdf")
	header(t, r, "Accept", "application/json")
	if !bytes.Equal(r.Body, pdf) {
		t.Errorf("uploaded %d bytes, want the %d bytes sent intact", len(r.Body), len(pdf))
	}
	if up.DocumentID == "" || up.MimeType == nil || *up.MimeType != "application/pdf" {
		t.Errorf("upload = %+v", up)
	}
	if up.DocumentHash == nil || *up.DocumentHash.Hash != sha(pdf) || *up.DocumentHash.HashAlgorithm != sign.DocumentHashAlgorithmSHA256 {
		t.Errorf("documentHash = %+v, want SHA256 %s", up.DocumentHash, sha(pdf))
	}
	if up.CreatedAt == nil || !up.CreatedAt.Equal(epoch) {
		t.Errorf("createdAt = %v, want %v", up.CreatedAt, epoch)
	}

	// uploadDocument, text/plain.
	text := "Terms of Service\nÆØÅ æøå\n"
	upText, err := e.client.UploadDocumentWithText(ctx, strings.NewReader(text))
	if err != nil {
		t.Fatalf("UploadDocumentWithText: %v", err)
	}
	r = e.api.Last()
	header(t, r, "Content-Type", "text/plain")
	if string(r.Body) != text || *upText.MimeType != "text/plain" {
		t.Errorf("text upload: body %q, mimeType %v", r.Body, *upText.MimeType)
	}

	// uploadDocument, application/octet-stream: the server sniffs the type.
	upRaw, err := e.client.UploadDocument(ctx, bytes.NewReader(pdf))
	if err != nil {
		t.Fatalf("UploadDocument: %v", err)
	}
	r = e.api.Last()
	header(t, r, "Content-Type", "application/octet-stream")
	if !bytes.Equal(r.Body, pdf) || *upRaw.MimeType != "application/pdf" {
		t.Errorf("octet-stream upload: %d bytes, mimeType %v", len(r.Body), *upRaw.MimeType)
	}

	// getDocument: a stream the caller reads and closes.
	rc, err := e.client.GetDocument(ctx, up.DocumentID)
	if err != nil {
		t.Fatalf("GetDocument: %v", err)
	}
	got, err := io.ReadAll(rc)
	if cerr := rc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("read document: %v", err)
	}
	if !bytes.Equal(got, pdf) {
		t.Errorf("downloaded %d bytes, want the %d uploaded", len(got), len(pdf))
	}
	r = e.api.Last()
	wire(t, r, "GET", "/sign/documents/"+up.DocumentID, "", "tok-1")
	header(t, r, "Accept", "application/json, text/plain, application/octet-stream, application/pdf")

	// getDocumentMetadata.
	meta, err := e.client.GetDocumentMetadata(ctx, up.DocumentID)
	if err != nil {
		t.Fatalf("GetDocumentMetadata: %v", err)
	}
	wire(t, e.api.Last(), "GET", "/sign/documents/"+up.DocumentID+"/metadata", "", "tok-1")
	if *meta.DocumentID != up.DocumentID || *meta.MimeType != "application/pdf" || meta.Title.IsSet() {
		t.Errorf("metadata = %+v", meta)
	}

	// updateDocumentMetadata: set two fields, clear one with null.
	upd, err := e.client.UpdateDocumentMetadata(ctx, up.DocumentID, sign.UpdateDocument{
		Filename:    oas.NewNullable("contract-4711.pdf"),
		Title:       oas.NewNullable("Contract #4711"),
		Description: oas.Null[string](),
	})
	if err != nil {
		t.Fatalf("UpdateDocumentMetadata: %v", err)
	}
	r = e.api.Last()
	wire(t, r, "PATCH", "/sign/documents/"+up.DocumentID+"/metadata", "", "tok-1")
	jsonBody(t, r, `{"description":null,"filename":"contract-4711.pdf","title":"Contract #4711"}`)
	if fn, _ := upd.Filename.Get(); fn != "contract-4711.pdf" {
		t.Errorf("filename = %q", fn)
	}
	if title, _ := upd.Title.Get(); title != "Contract #4711" || upd.Description.IsSet() {
		t.Errorf("updated metadata = %+v", upd)
	}

	// deleteDocument, then the metadata is gone.
	if err := e.client.DeleteDocument(ctx, upText.DocumentID); err != nil {
		t.Fatalf("DeleteDocument: %v", err)
	}
	wire(t, e.api.Last(), "DELETE", "/sign/documents/"+upText.DocumentID, "", "tok-1")
	if e.api.Last().Status != http.StatusNoContent {
		t.Errorf("delete status = %d", e.api.Last().Status)
	}
	_, err = e.client.GetDocumentMetadata(ctx, upText.DocumentID)
	assertAPIError(t, err, http.StatusNotFound, "not_found")

	if n := e.tokens.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1 (one token for every call)", n)
	}
}

func assertAPIError(t *testing.T, err error, status int, code string) *sign.Error {
	t.Helper()
	var apiErr *sign.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want *sign.APIError", err, err)
	}
	if apiErr.StatusCode != status {
		t.Errorf("status = %d, want %d (%v)", apiErr.StatusCode, status, err)
	}
	m, ok := apiErr.Model.(*sign.Error)
	if !ok || m.Code == nil || *m.Code != code {
		t.Fatalf("Model = %#v, want *sign.Error with code %q", apiErr.Model, code)
	}
	return m
}

func TestCollectionsAndSessionsEndToEnd(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	doc, err := e.client.UploadDocumentWithPDF(ctx, bytes.NewReader(samplePDF()))
	if err != nil {
		t.Fatal(err)
	}

	// createDocumentCollection: read-only fields stay out of the body.
	col, err := e.client.CreateDocumentCollection(ctx, sign.DocumentCollection{
		Documents: []sign.DocumentReference{{DocumentID: doc.DocumentID, Description: oas.NewNullable("Contract")}},
		PackageTo: []sign.PackageType{sign.PackageTypePadesContainer},
	})
	if err != nil {
		t.Fatalf("CreateDocumentCollection: %v", err)
	}
	r := e.api.Last()
	wire(t, r, "POST", "/sign/document-collections", "", "tok-1")
	jsonBody(t, r, `{"documents":[{"description":"Contract","documentId":"`+doc.DocumentID+`"}],"packageTo":["PADES_CONTAINER"]}`)
	if col.ID == nil || len(col.Documents) != 1 || col.Documents[0].DocumentID != doc.DocumentID {
		t.Fatalf("collection = %+v", col)
	}

	// getDocumentCollection.
	got, err := e.client.GetDocumentCollection(ctx, *col.ID)
	if err != nil {
		t.Fatalf("GetDocumentCollection: %v", err)
	}
	wire(t, e.api.Last(), "GET", "/sign/document-collections/"+*col.ID, "", "tok-1")
	if d, _ := got.Documents[0].Description.Get(); d != "Contract" || got.PackageTo[0] != sign.PackageTypePadesContainer {
		t.Errorf("collection = %+v", got)
	}

	// createSigningSessions: an array in, an array out, in order.
	due := time.Date(2026, 12, 1, 17, 32, 28, 0, time.UTC)
	first := nbidSession("Business Process", *col.ID, doc.DocumentID)
	first.DueDate = oas.NewNullable(due)
	first.ExternalReference = oas.NewNullable("contract-4711")
	first.RedirectSettings = &sign.RedirectSettings{Success: "https://example.com/sign/success", Cancel: "https://example.com/sign/cancel", Error: "https://example.com/sign/error"}
	lang := sign.UILanguageEn
	first.UI = &sign.UI{Language: &lang}
	in := []sign.SigningSession{first}
	for _, title := range []string{"Second", "Third", "Fourth", "Fifth"} {
		in = append(in, nbidSession(title, *col.ID, doc.DocumentID))
	}
	sessions, err := e.client.CreateSigningSessions(ctx, in)
	if err != nil {
		t.Fatalf("CreateSigningSessions: %v", err)
	}
	r = e.api.Last()
	wire(t, r, "POST", "/sign/signing-sessions", "", "tok-1")
	header(t, r, "Content-Type", "application/json")
	var sent []map[string]any
	if err := json.Unmarshal(r.Body, &sent); err != nil || len(sent) != 5 {
		t.Fatalf("body = %s (%v), want an array of 5 sessions", r.Body, err)
	}
	if sent[0]["dueDate"] != "2026-12-01T17:32:28Z" || sent[0]["externalReference"] != "contract-4711" ||
		sent[0]["ui"].(map[string]any)["language"] != "en" ||
		sent[0]["redirectSettings"].(map[string]any)["cancel"] != "https://example.com/sign/cancel" {
		t.Errorf("first session sent as %v", sent[0])
	}
	for _, absent := range []string{"id", "lifecycle", "output", "signatureUrl", "signer", "preAuthentication"} {
		if _, ok := sent[1][absent]; ok {
			t.Errorf("session sent with %q though it was not set: %v", absent, sent[1])
		}
	}
	if len(sessions) != 5 {
		t.Fatalf("created %d sessions, want 5", len(sessions))
	}
	var ids []string
	for i, s := range sessions {
		if s.ID == nil || s.Title != in[i].Title || s.SignatureURL == nil || !strings.HasSuffix(*s.SignatureURL, *s.ID) ||
			s.Lifecycle == nil || *s.Lifecycle.State != sign.SessionLifecycleStateReady {
			t.Errorf("session %d = %+v", i, s)
		}
		ids = append(ids, *s.ID)
	}
	if d, ok := sessions[0].DueDate.Get(); !ok || !d.Equal(due) {
		t.Errorf("dueDate = %v, want %v", d, due)
	}

	// getSigningSession, after the fake signs it.
	e.api.Sign(ids[0])
	s, err := e.client.GetSigningSession(ctx, ids[0])
	if err != nil {
		t.Fatalf("GetSigningSession: %v", err)
	}
	wire(t, e.api.Last(), "GET", "/sign/signing-sessions/"+ids[0], "", "tok-1")
	if *s.Lifecycle.State != sign.SessionLifecycleStateSigned || !*s.Lifecycle.StateIsFinal ||
		s.Output == nil || len(s.Output.Signatures) != 1 || s.Output.Signatures[0].SignatureType != sign.SessionSignatureTypePades {
		t.Fatalf("signed session = %+v", s)
	}
	signed, err := e.client.GetDocument(ctx, s.Output.Signatures[0].ResultDocumentID)
	if err != nil {
		t.Fatalf("GetDocument(result): %v", err)
	}
	b, _ := io.ReadAll(signed)
	signed.Close()
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte("PAdES")) {
		t.Errorf("signed document = %q", b)
	}

	// listSigningSessions: one page, with parameters on the wire.
	limit, offset := int32(2), int32(2)
	page, err := e.client.ListSigningSessions(ctx, &sign.ListSigningSessionsParams{Limit: &limit, Offset: &offset, Sort: []string{"+createdAt"}})
	if err != nil {
		t.Fatalf("ListSigningSessions: %v", err)
	}
	r = e.api.Last()
	wire(t, r, "GET", "/sign/signing-sessions", "limit=2&offset=2&sort=%2BcreatedAt", "tok-1")
	if len(page.Data) != 2 || *page.Data[0].ID != ids[2] || *page.Count != 2 || *page.Total != 5 || *page.Offset != 2 {
		t.Errorf("page = count %v total %v offset %v, data %d", page.Count, page.Total, page.Offset, len(page.Data))
	}
	if page.Links == nil || page.Links.Next == nil || page.Links.Prev == nil ||
		!strings.HasSuffix(page.Links.Next.Href, "/sign/signing-sessions?limit=2&offset=4&sort=%2BcreatedAt") {
		t.Errorf("links = %+v", page.Links)
	}

	// deleteSigningSession, deleteDocumentCollection.
	if err := e.client.DeleteSigningSession(ctx, ids[4]); err != nil {
		t.Fatalf("DeleteSigningSession: %v", err)
	}
	wire(t, e.api.Last(), "DELETE", "/sign/signing-sessions/"+ids[4], "", "tok-1")
	_, err = e.client.GetSigningSession(ctx, ids[4])
	assertAPIError(t, err, http.StatusNotFound, "not_found")
	if err := e.client.DeleteDocumentCollection(ctx, *col.ID); err != nil {
		t.Fatalf("DeleteDocumentCollection: %v", err)
	}
	wire(t, e.api.Last(), "DELETE", "/sign/document-collections/"+*col.ID, "", "tok-1")
	_, err = e.client.GetDocumentCollection(ctx, *col.ID)
	assertAPIError(t, err, http.StatusNotFound, "not_found")

	if n := e.tokens.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

func TestListSigningSessionsAll(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	doc, err := e.client.UploadDocumentWithText(ctx, strings.NewReader("text"))
	if err != nil {
		t.Fatal(err)
	}
	col, err := e.client.CreateDocumentCollection(ctx, sign.DocumentCollection{Documents: []sign.DocumentReference{{DocumentID: doc.DocumentID}}})
	if err != nil {
		t.Fatal(err)
	}
	var in []sign.SigningSession
	for _, title := range []string{"s1", "s2", "s3", "s4", "s5"} {
		in = append(in, nbidSession(title, *col.ID, doc.DocumentID))
	}
	if _, err := e.client.CreateSigningSessions(ctx, in); err != nil {
		t.Fatal(err)
	}

	limit := int32(2)
	before := e.api.Len()
	var titles []string
	for s, err := range e.client.ListSigningSessionsAll(ctx, &sign.ListSigningSessionsParams{Limit: &limit, Sort: []string{"+createdAt"}}) {
		if err != nil {
			t.Fatalf("ListSigningSessionsAll: %v", err)
		}
		titles = append(titles, s.Title)
	}
	if want := []string{"s1", "s2", "s3", "s4", "s5"}; !slices.Equal(titles, want) {
		t.Errorf("titles = %v, want %v", titles, want)
	}
	// Three pages: the first from the parameters, the others from links.next.
	reqs := e.api.Since(before)
	wantQueries := []string{"limit=2&sort=%2BcreatedAt", "limit=2&offset=2&sort=%2BcreatedAt", "limit=2&offset=4&sort=%2BcreatedAt"}
	if len(reqs) != len(wantQueries) {
		t.Fatalf("%d page requests, want %d", len(reqs), len(wantQueries))
	}
	for i, r := range reqs {
		wire(t, r, "GET", "/sign/signing-sessions", wantQueries[i], "tok-1")
	}

	// Breaking out of the loop fetches no further page.
	before = e.api.Len()
	n := 0
	for _, err := range e.client.ListSigningSessionsAll(ctx, &sign.ListSigningSessionsParams{Limit: &limit}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	if got := len(e.api.Since(before)); got != 2 {
		t.Errorf("page requests after stopping at item 3 = %d, want 2", got)
	}

	// An error on a page is yielded once and ends the iteration.
	bad := int32(500)
	var errs int
	for _, err := range e.client.ListSigningSessionsAll(ctx, &sign.ListSigningSessionsParams{Limit: &bad}) {
		if err != nil {
			errs++
			m := assertAPIError(t, err, http.StatusBadRequest, "invalid_request_parameter")
			if len(m.InvalidParams) != 1 || m.InvalidParams[0].Name != "limit" {
				t.Errorf("invalidParams = %+v", m.InvalidParams)
			}
		}
	}
	if errs != 1 {
		t.Errorf("errors yielded = %d, want 1", errs)
	}
}

func TestTokenLifecycle(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	pdf := samplePDF()
	if _, err := e.client.ListSigningSessions(ctx, nil); err != nil {
		t.Fatal(err)
	}
	wire(t, e.api.Last(), "GET", "/sign/signing-sessions", "", "tok-1")

	// After expiry (600 s), a new token is fetched before the call.
	e.clock.Advance(11 * time.Minute)
	if _, err := e.client.ListSigningSessions(ctx, nil); err != nil {
		t.Fatal(err)
	}
	wire(t, e.api.Last(), "GET", "/sign/signing-sessions", "", "tok-2")
	if n := e.tokens.TokenRequests(); n != 2 {
		t.Errorf("token requests after expiry = %d, want 2", n)
	}

	// A revoked token is refused with Signicat's 401; a replayable upload
	// is sent again, byte for byte, with a new token.
	e.tokens.Revoke("tok-2")
	before := e.api.Len()
	up, err := e.client.UploadDocumentWithPDF(ctx, bytes.NewReader(pdf))
	if err != nil {
		t.Fatalf("upload after revoke: %v", err)
	}
	reqs := e.api.Since(before)
	if len(reqs) != 2 {
		t.Fatalf("attempts = %d, want 2 (one retry)", len(reqs))
	}
	if reqs[0].Status != http.StatusUnauthorized || reqs[1].Status != http.StatusCreated {
		t.Errorf("statuses = %d, %d; want 401, 201", reqs[0].Status, reqs[1].Status)
	}
	header(t, reqs[0], "Authorization", "Bearer tok-2")
	header(t, reqs[1], "Authorization", "Bearer tok-3")
	for i, r := range reqs {
		if !bytes.Equal(r.Body, pdf) {
			t.Errorf("attempt %d carried %d bytes, want the %d sent", i+1, len(r.Body), len(pdf))
		}
	}
	if stored, _ := e.api.Document(up.DocumentID); !bytes.Equal(stored, pdf) {
		t.Errorf("stored document differs from the upload")
	}
	if n := e.tokens.TokenRequests(); n != 3 {
		t.Errorf("token requests after revoke = %d, want 3", n)
	}

	// A stream that cannot be replayed is not retried: the call fails with
	// auth.ErrBodyNotReplayable, and the next call gets a new token.
	e.clock.Advance(time.Minute) // past the 5 s guard against refusal loops
	e.tokens.Revoke("tok-3")
	before = e.api.Len()
	_, err = e.client.UploadDocumentWithPDF(ctx, iotest.OneByteReader(bytes.NewReader(pdf)))
	if !errors.Is(err, auth.ErrBodyNotReplayable) {
		t.Errorf("err = %v, want auth.ErrBodyNotReplayable", err)
	}
	if n := len(e.api.Since(before)); n != 1 {
		t.Errorf("attempts for a one-shot stream = %d, want 1", n)
	}
	if _, err := e.client.GetDocumentMetadata(ctx, up.DocumentID); err != nil {
		t.Fatalf("call after a refused stream: %v", err)
	}
	header(t, e.api.Last(), "Authorization", "Bearer tok-4")
}

func TestErrors(t *testing.T) {
	e := setup(t)
	ctx := context.Background()

	// Validation error: 400 with invalidParams.
	_, err := e.client.CreateDocumentCollection(ctx, sign.DocumentCollection{Documents: []sign.DocumentReference{{DocumentID: "no-such-doc"}}})
	m := assertAPIError(t, err, http.StatusBadRequest, "invalid_request_parameter")
	if len(m.InvalidParams) != 1 || m.InvalidParams[0].Name != "documents[0].documentId" || m.Status == nil || *m.Status != 400 {
		t.Errorf("error model = %+v", m)
	}

	// A refused upload content type.
	_, err = e.client.UploadDocument(ctx, bytes.NewReader([]byte{0xff, 0xfe, 0x00}))
	assertAPIError(t, err, http.StatusBadRequest, "invalid_request_parameter")

	// Bad credentials: the token error names the endpoint, not the secret.
	c, err := sign.NewClient(
		sign.WithBaseURL(e.api.BaseURL()),
		sign.WithTokenURL(e.tokens.TokenURL()),
		sign.WithClientCredentials("sandbox-round-apple-123", "wrong-secret"),
		sign.WithClock(e.clock),
	)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetDocumentMetadata(ctx, "x")
	if err == nil || strings.Contains(err.Error(), "wrong-secret") {
		t.Fatalf("err = %v, want a token error without the secret", err)
	}
}
