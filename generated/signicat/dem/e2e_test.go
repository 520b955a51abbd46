package dem_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/dem"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

var epoch = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

type env struct {
	clock  *authtest.Clock
	tokens *authtest.Signicat
	api    *fakeapi.SignicatDEM
	client *dem.Client
}

func setup(t *testing.T) *env {
	t.Helper()
	clock := authtest.NewClock(epoch)
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "sandbox-round-apple-123", ClientSecret: "fakeCl13n7S3Cr3T", Clock: clock})
	t.Cleanup(tokens.Close)
	api := fakeapi.NewSignicatDEM(tokens, fakeapi.WithClock(clock))
	t.Cleanup(api.Close)
	c, err := dem.NewClient(
		dem.WithBaseURL(api.BaseURL()),
		dem.WithTokenURL(tokens.TokenURL()),
		dem.WithClientCredentials("sandbox-round-apple-123", "fakeCl13n7S3Cr3T"),
		dem.WithClock(clock),
	)
	if err != nil {
		t.Fatal(err)
	}
	return &env{clock: clock, tokens: tokens, api: api, client: c}
}

func wire(t *testing.T, r fakeapi.Request, method, path, query, tok string) {
	t.Helper()
	if r.Method != method || r.Path != path || r.RawQuery != query {
		t.Errorf("request = %s %s?%s, want %s %s?%s", r.Method, r.Path, r.RawQuery, method, path, query)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+tok {
		t.Errorf("%s %s: Authorization = %q, want Bearer %s", method, path, got, tok)
	}
}

func header(t *testing.T, r fakeapi.Request, name, want string) {
	t.Helper()
	if got := r.Header.Get(name); got != want {
		t.Errorf("%s %s: %s = %q, want %q", r.Method, r.Path, name, got, want)
	}
}

func jsonBody(t *testing.T, r fakeapi.Request, want string) {
	t.Helper()
	header(t, r, "Content-Type", "application/json")
	if string(r.Body) != want {
		t.Errorf("%s %s: body\n got %s\nwant %s", r.Method, r.Path, r.Body, want)
	}
}

func assertAPIError(t *testing.T, err error, status int, code string) *dem.Error {
	t.Helper()
	var apiErr *dem.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want *dem.APIError", err, err)
	}
	if apiErr.StatusCode != status {
		t.Errorf("status = %d, want %d (%v)", apiErr.StatusCode, status, err)
	}
	m, ok := apiErr.Model.(*dem.Error)
	if !ok || m.Code == nil || *m.Code != code {
		t.Fatalf("Model = %#v, want *dem.Error with code %q", apiErr.Model, code)
	}
	return m
}

func loginRecord(user string) dem.RecordRequest {
	level := dem.AuditLevelQualified
	return dem.RecordRequest{
		Type:       dem.RecordTypeLogIn,
		Metadata:   map[string]any{"userId": user, "provider": "nbid"},
		CoreData:   map[string]any{"sessionId": "7a1c6f8e-2c44-4e63-9d5b-0f3f5c9b2e11", "ipAddress": "203.0.113.10"},
		TTL:        365,
		AuditLevel: &level,
	}
}

func TestPingSendsNoCredentials(t *testing.T) {
	e := setup(t)
	e.tokens.FailNext(10, http.StatusServiceUnavailable, 0) // the token server is down: ping must not care
	got, err := e.client.Ping(context.Background())
	if err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if got != "OK" {
		t.Errorf("Ping = %q, want OK", got)
	}
	r := e.api.Last()
	if r.Method != "GET" || r.Path != "/dem/.ping" || r.RawQuery != "" {
		t.Errorf("request = %s %s?%s", r.Method, r.Path, r.RawQuery)
	}
	if _, ok := r.Header["Authorization"]; ok {
		t.Errorf("ping sent Authorization %q; security: [] means none", r.Header.Get("Authorization"))
	}
	header(t, r, "Accept", "application/json, text/plain")
	if n := e.tokens.TokenRequests(); n != 0 {
		t.Errorf("token requests = %d, want 0", n)
	}
	if n := e.tokens.APIRequests(); n != 0 {
		t.Errorf("requests through Authorize = %d, want 0", n)
	}
}

func TestRecordsEndToEnd(t *testing.T) {
	e := setup(t)
	ctx := context.Background()

	// createRecord.
	rec, err := e.client.CreateRecord(ctx, loginRecord("user-123"))
	if err != nil {
		t.Fatalf("CreateRecord: %v", err)
	}
	r := e.api.Last()
	wire(t, r, "POST", "/dem/records", "", "tok-1")
	header(t, r, "Accept", "application/json")
	jsonBody(t, r, `{"auditLevel":"QUALIFIED","coreData":{"ipAddress":"203.0.113.10","sessionId":"7a1c6f8e-2c44-4e63-9d5b-0f3f5c9b2e11"},"metadata":{"provider":"nbid","userId":"user-123"},"ttl":365,"type":"LOG_IN"}`)
	if rec.ID == nil || rec.SystemMetadata == nil || *rec.SystemMetadata.Type != dem.RecordTypeLogIn ||
		*rec.SystemMetadata.AuditLevel != dem.AuditLevelQualified || !rec.SystemMetadata.CreatedDateTime.Equal(epoch) ||
		*rec.SystemMetadata.ExpiryDate != "2027-11-24" || *rec.SystemMetadata.CreatedBy != fakeapi.DefaultAccountID {
		t.Fatalf("created = %+v / %+v", rec, rec.SystemMetadata)
	}
	if rec.TimestampData["tsa"] != "Signicat QTSA" || rec.Links["self"].Href == "" {
		t.Errorf("timestampData = %v, links = %v", rec.TimestampData, rec.Links)
	}
	id := *rec.ID

	// A second record, related to the first.
	sig := dem.RecordRequest{
		Type: dem.RecordTypeSignature, TTL: 30, Relations: []string{id},
		Metadata: map[string]any{"userId": "user-123", "orderId": 4711.0},
		CoreData: map[string]any{"documentHash": "3b1f6c6f"},
	}
	rec2, err := e.client.CreateRecord(ctx, sig)
	if err != nil {
		t.Fatalf("CreateRecord(signature): %v", err)
	}
	jsonBody(t, e.api.Last(), `{"coreData":{"documentHash":"3b1f6c6f"},"metadata":{"orderId":4711,"userId":"user-123"},"relations":["`+id+`"],"ttl":30,"type":"SIGNATURE"}`)
	if len(rec2.Relations) != 1 || *rec2.Relations[0].RelationID != id || *rec2.Relations[0].Type != dem.RecordTypeLogIn {
		t.Errorf("relations = %+v", rec2.Relations)
	}

	// getRecord.
	got, err := e.client.GetRecord(ctx, id)
	if err != nil {
		t.Fatalf("GetRecord: %v", err)
	}
	wire(t, e.api.Last(), "GET", "/dem/records/"+id, "", "tok-1")
	if got.CoreData["ipAddress"] != "203.0.113.10" || got.Metadata["userId"] != "user-123" {
		t.Errorf("record = %+v", got)
	}

	// setRecordExpiry.
	if err := e.client.SetRecordExpiry(ctx, id, dem.SetExpiryDateRequest{TTL: 30}); err != nil {
		t.Fatalf("SetRecordExpiry: %v", err)
	}
	r = e.api.Last()
	wire(t, r, "PATCH", "/dem/records/"+id, "", "tok-1")
	jsonBody(t, r, `{"ttl":30}`)
	if r.Status != http.StatusNoContent {
		t.Errorf("status = %d, want 204", r.Status)
	}
	if got, _ := e.client.GetRecord(ctx, id); *got.SystemMetadata.ExpiryDate != "2026-12-24" {
		t.Errorf("expiryDate = %q, want 2026-12-24", *got.SystemMetadata.ExpiryDate)
	}

	// updateRecordsTtl: a text/plain answer.
	summary, err := e.client.UpdateRecordsTTL(ctx, dem.BatchUpdateTTLRequest{
		Query: dem.QueryRequestBody{And: []dem.QueryCondition{{
			Field: "systemMetadata.type", Operator: dem.QueryOperatorIn, Value: json.RawMessage(`["LOG_IN","SIGNATURE"]`),
		}}},
		TTL: 730,
	})
	if err != nil {
		t.Fatalf("UpdateRecordsTTL: %v", err)
	}
	r = e.api.Last()
	wire(t, r, "PATCH", "/dem/records", "", "tok-1")
	header(t, r, "Accept", "application/json, text/plain")
	jsonBody(t, r, `{"query":{"and":[{"field":"systemMetadata.type","operator":"in","value":["LOG_IN","SIGNATURE"]}]},"ttl":730}`)
	if summary != "2 records updated" {
		t.Errorf("UpdateRecordsTTL = %q", summary)
	}

	// queryRecords: parameters, body, HAL page without coreData.
	page, size := int32(0), int32(1)
	res, err := e.client.QueryRecords(ctx,
		&dem.QueryRecordsParams{Page: &page, Size: &size, Sort: []string{"systemMetadata.type,desc"}},
		&dem.QueryRequestBody{And: []dem.QueryCondition{{Field: "metadata.userId", Operator: dem.QueryOperatorEq, Value: json.RawMessage(`"user-123"`)}}})
	if err != nil {
		t.Fatalf("QueryRecords: %v", err)
	}
	r = e.api.Last()
	wire(t, r, "POST", "/dem/records/query", "page=0&size=1&sort=systemMetadata.type%2Cdesc", "tok-1")
	jsonBody(t, r, `{"and":[{"field":"metadata.userId","operator":"eq","value":"user-123"}]}`)
	recs := res.Embedded["records"]
	if len(recs) != 1 || *recs[0].ID != *rec2.ID || recs[0].CoreData != nil {
		t.Errorf("records = %+v, want the SIGNATURE record without coreData", recs)
	}
	if res.Page == nil || *res.Page.TotalElements != 2 || *res.Page.TotalPages != 2 || res.Links["next"].Href == "" {
		t.Errorf("page = %+v, links = %v", res.Page, res.Links)
	}

	// queryRecords with neither parameters nor body: everything matches.
	all, err := e.client.QueryRecords(ctx, nil, nil)
	if err != nil {
		t.Fatalf("QueryRecords(nil, nil): %v", err)
	}
	r = e.api.Last()
	wire(t, r, "POST", "/dem/records/query", "", "tok-1")
	if len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
		t.Errorf("no body given, but sent %q with Content-Type %q", r.Body, r.Header.Get("Content-Type"))
	}
	if len(all.Embedded["records"]) != 2 {
		t.Errorf("records = %d, want 2", len(all.Embedded["records"]))
	}

	// getRecordStats, listCustomFields, listCustomFieldsByType.
	stats, err := e.client.GetRecordStats(ctx)
	if err != nil {
		t.Fatalf("GetRecordStats: %v", err)
	}
	wire(t, e.api.Last(), "GET", "/dem/info", "", "tok-1")
	if *stats.TotalRecords != 2 || stats.TotalRecordsByType["LOG_IN"] != 1 || stats.TotalRecordsByType["SIGNATURE"] != 1 || stats.CollectionSize == nil {
		t.Errorf("stats = %+v", stats)
	}
	fields, err := e.client.ListCustomFields(ctx)
	if err != nil {
		t.Fatalf("ListCustomFields: %v", err)
	}
	wire(t, e.api.Last(), "GET", "/dem/info/custom-fields", "", "tok-1")
	if want := (dem.CustomFields{"orderId", "provider", "userId"}); !slices.Equal(fields, want) {
		t.Errorf("custom fields = %v, want %v", fields, want)
	}
	fields, err = e.client.ListCustomFieldsByType(ctx, dem.RecordTypeSignature)
	if err != nil {
		t.Fatalf("ListCustomFieldsByType: %v", err)
	}
	wire(t, e.api.Last(), "GET", "/dem/info/custom-fields/SIGNATURE", "", "tok-1")
	if want := (dem.CustomFields{"orderId", "userId"}); !slices.Equal(fields, want) {
		t.Errorf("custom fields = %v, want %v", fields, want)
	}

	// getRecordReport: a PDF stream, read to the end and closed.
	body, err := e.client.GetRecordReport(ctx, id)
	if err != nil {
		t.Fatalf("GetRecordReport: %v", err)
	}
	pdf, err := io.ReadAll(body)
	if cerr := body.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("read report: %v", err)
	}
	r = e.api.Last()
	wire(t, r, "GET", "/dem/reports/"+id, "", "tok-1")
	header(t, r, "Accept", "application/json, application/pdf")
	if want := fakeapi.ReportPDF(id, "LOG_IN", "2026-11-24T08:00:00.000Z"); !bytes.Equal(pdf, want) {
		t.Errorf("report = %q, want %q", pdf, want)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(pdf, []byte("%%EOF\n")) {
		t.Errorf("report is not a PDF: %q", pdf)
	}

	if n := e.tokens.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1 (one token reused by every call)", n)
	}
}

func TestTokenLifecycle(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	if _, err := e.client.GetRecordStats(ctx); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(11 * time.Minute)
	if _, err := e.client.GetRecordStats(ctx); err != nil {
		t.Fatal(err)
	}
	wire(t, e.api.Last(), "GET", "/dem/info", "", "tok-2")
	if n := e.tokens.TokenRequests(); n != 2 {
		t.Errorf("token requests after expiry = %d, want 2", n)
	}

	// Revoked: refused with 401 invalid_token, replayed once with the same
	// JSON body and a new token.
	e.tokens.Revoke("tok-2")
	before := e.api.Len()
	if _, err := e.client.CreateRecord(ctx, loginRecord("user-9")); err != nil {
		t.Fatalf("CreateRecord after revoke: %v", err)
	}
	reqs := e.api.Since(before)
	if len(reqs) != 2 || reqs[0].Status != http.StatusUnauthorized || reqs[1].Status != http.StatusCreated {
		t.Fatalf("attempts = %+v, want a 401 then a 201", reqs)
	}
	header(t, reqs[1], "Authorization", "Bearer tok-3")
	if !bytes.Equal(reqs[0].Body, reqs[1].Body) || len(reqs[1].Body) == 0 {
		t.Errorf("replayed body %q differs from %q", reqs[1].Body, reqs[0].Body)
	}
	if n := e.tokens.TokenRequests(); n != 3 {
		t.Errorf("token requests after revoke = %d, want 3", n)
	}

	// Ping still sends no token.
	if _, err := e.client.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if auth := e.api.Last().Header.Get("Authorization"); auth != "" {
		t.Errorf("ping Authorization = %q", auth)
	}
}

func TestErrors(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	_, err := e.client.GetRecord(ctx, "123e4567-e89b-12d3-a456-556642440000")
	assertAPIError(t, err, http.StatusNotFound, "not_found")

	bad := loginRecord("user-1")
	bad.TTL = 1
	_, err = e.client.CreateRecord(ctx, bad)
	m := assertAPIError(t, err, http.StatusBadRequest, "invalid_request_parameter")
	if len(m.InvalidParams) != 1 || m.InvalidParams[0].Name != "ttl" || m.TraceID == nil {
		t.Errorf("error model = %+v", m)
	}

	_, err = e.client.ListCustomFieldsByType(ctx, dem.RecordType("BOGUS"))
	assertAPIError(t, err, http.StatusBadRequest, "invalid_request_parameter")

	_, err = e.client.GetRecordReport(ctx, "no-such-record")
	assertAPIError(t, err, http.StatusNotFound, "not_found")
}

func TestCredentialsFromEnv(t *testing.T) {
	e := setup(t)
	t.Setenv("SIGNICAT_CLIENT_ID", "sandbox-round-apple-123")
	t.Setenv("SIGNICAT_CLIENT_SECRET", "fakeCl13n7S3Cr3T")
	c, err := dem.NewClient(
		dem.WithCredentialsFromEnv(),
		dem.WithBaseURL(e.api.BaseURL()),
		dem.WithTokenURL(e.tokens.TokenURL()),
		dem.WithClock(e.clock),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRecordStats(context.Background()); err != nil {
		t.Fatalf("GetRecordStats: %v", err)
	}
	r := e.tokens.Requests()[0]
	if user, pass, ok := (&http.Request{Header: r.Header}).BasicAuth(); !ok || user != "sandbox-round-apple-123" || pass != "fakeCl13n7S3Cr3T" {
		t.Errorf("token request Basic auth = %q, %q, %v; want the credentials from the environment", user, pass, ok)
	}

	// With the secret unset, NewClient fails, naming it and only it.
	t.Setenv("SIGNICAT_CLIENT_SECRET", "")
	_, err = dem.NewClient(dem.WithCredentialsFromEnv(), dem.WithBaseURL(e.api.BaseURL()))
	if err == nil || !strings.Contains(err.Error(), "variable SIGNICAT_CLIENT_SECRET is not set") || strings.Contains(err.Error(), "SIGNICAT_CLIENT_ID") {
		t.Errorf("NewClient err = %v, want one naming SIGNICAT_CLIENT_SECRET alone", err)
	}
}
