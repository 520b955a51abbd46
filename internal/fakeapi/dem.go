package fakeapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// SignicatDEM is a fake of Signicat Digital Evidence Management
// (https://api.signicat.com/dem): records (create, read, query, expiry),
// statistics, custom fields, PDF reports, and the unauthenticated
// GET /dem/.ping. Point a client at URL + "/dem".
//
// Record ids are dec00000-0000-4000-8000-000000000001, ...
type SignicatDEM struct {
	*Server
	cfg config

	mu      sync.Mutex
	n       int
	records []map[string]any // in order of creation
}

var (
	recordTypes = []string{"CONSENT", "GDPR", "INTERNAL_AUDIT", "KYC", "LOG_IN", "OTHER", "SENSITIVE", "SIGNATURE", "TRANSACTION"}
	auditLevels = []string{"SIMPLE", "ADVANCED", "QUALIFIED"}
)

// NewSignicatDEM starts a fake DEM API guarded by tokens; /dem/.ping needs
// no token.
func NewSignicatDEM(tokens *authtest.Signicat, opts ...Option) *SignicatDEM {
	f := &SignicatDEM{cfg: newConfig(opts)}
	api := http.NewServeMux()
	api.HandleFunc("GET /dem/info", f.stats)
	api.HandleFunc("GET /dem/info/custom-fields", f.customFields)
	api.HandleFunc("GET /dem/info/custom-fields/{type}", f.customFields)
	api.HandleFunc("POST /dem/records", f.create)
	api.HandleFunc("PATCH /dem/records", f.batchTTL)
	api.HandleFunc("POST /dem/records/query", f.query)
	api.HandleFunc("GET /dem/records/{id}", f.get)
	api.HandleFunc("PATCH /dem/records/{id}", f.setExpiry)
	api.HandleFunc("GET /dem/reports/{id}", f.report)
	api.HandleFunc("/", signicatFallback)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /dem/.ping", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("OK"))
	})
	mux.Handle("/", tokens.Authorize(api))
	f.Server = start(mux)
	return f
}

// BaseURL returns the URL to give the client's WithBaseURL.
func (f *SignicatDEM) BaseURL() string { return f.URL + "/dem" }

func (f *SignicatDEM) find(id string) map[string]any {
	for _, rec := range f.records {
		if rec["id"] == id {
			return rec
		}
	}
	return nil
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

func (f *SignicatDEM) create(w http.ResponseWriter, r *http.Request) {
	var req map[string]any
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		signicatInvalid(w, invalidParam{"body", "malformed JSON: " + err.Error()})
		return
	}
	var bad []invalidParam
	typ, _ := req["type"].(string)
	if !slices.Contains(recordTypes, typ) {
		bad = append(bad, invalidParam{"type", "must be one of " + strings.Join(recordTypes, ", ")})
	}
	for _, k := range []string{"metadata", "coreData"} {
		if _, ok := req[k].(map[string]any); !ok {
			bad = append(bad, invalidParam{k, "must be an object"})
		}
	}
	ttl, _ := req["ttl"].(float64)
	if ttl < 2 || ttl != float64(int(ttl)) {
		bad = append(bad, invalidParam{"ttl", "must be greater than or equal to 2"})
	}
	level := "QUALIFIED"
	if l, ok := req["auditLevel"]; ok {
		level, _ = l.(string)
		if !slices.Contains(auditLevels, level) {
			bad = append(bad, invalidParam{"auditLevel", "must be one of SIMPLE, ADVANCED, QUALIFIED"})
		}
	}
	if len(bad) > 0 {
		signicatInvalid(w, bad...)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var relations []any
	rels, _ := req["relations"].([]any)
	for _, rel := range rels {
		id, _ := rel.(string)
		other := f.find(id)
		if other == nil {
			signicatInvalid(w, invalidParam{"relations", "no record " + id})
			return
		}
		relations = append(relations, map[string]any{
			"relationID": id,
			"type":       other["systemMetadata"].(map[string]any)["type"],
			"_links":     map[string]any{"self": map[string]any{"href": f.self(r, id)}},
		})
	}
	f.n++
	id := fakeID(0xdec00000, f.n)
	now := f.cfg.clock.Now()
	core, _ := json.Marshal(req["coreData"])
	sum := sha256.Sum256(core)
	tsa := map[string]string{"SIMPLE": "", "ADVANCED": "Signicat TSA", "QUALIFIED": "Signicat QTSA"}[level]
	stamp := map[string]any{"hash": hex.EncodeToString(sum[:]), "hashAlgorithm": "SHA-256"}
	if tsa != "" {
		stamp["tsa"] = tsa
		stamp["timestamp"] = rfc3339(now)
	}
	rec := map[string]any{
		"id":       id,
		"metadata": req["metadata"],
		"coreData": req["coreData"],
		"systemMetadata": map[string]any{
			"type": typ, "auditLevel": level, "createdBy": accountID(r),
			"createdDate": day(now), "createdDateTime": rfc3339(now),
			"expiryDate": day(now.AddDate(0, 0, int(ttl))),
		},
		"timestampData": stamp,
		"relations":     relations,
		"_links":        map[string]any{"self": map[string]any{"href": f.self(r, id)}},
	}
	if relations == nil {
		rec["relations"] = []any{}
	}
	f.records = append(f.records, rec)
	writeJSON(w, http.StatusCreated, rec)
}

func (f *SignicatDEM) self(r *http.Request, id string) string {
	return "http://" + r.Host + "/dem/records/" + id
}

func (f *SignicatDEM) get(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rec := f.find(r.PathValue("id"))
	if rec == nil {
		signicatNotFound(w, "Record")
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

func (f *SignicatDEM) setExpiry(w http.ResponseWriter, r *http.Request) {
	var req struct {
		TTL *int `json:"ttl"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.TTL == nil || *req.TTL < 2 {
		signicatInvalid(w, invalidParam{"ttl", "must be greater than or equal to 2"})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	rec := f.find(r.PathValue("id"))
	if rec == nil {
		signicatNotFound(w, "Record")
		return
	}
	rec["systemMetadata"].(map[string]any)["expiryDate"] = day(f.cfg.clock.Now().AddDate(0, 0, *req.TTL))
	w.WriteHeader(http.StatusNoContent)
}

type condition struct {
	Field    string          `json:"field"`
	Operator string          `json:"operator"`
	Value    json.RawMessage `json:"value"`
}

type queryBody struct {
	And []condition `json:"and"`
	Or  []condition `json:"or"`
	Not []condition `json:"not"`
}

// lookup returns the value at a dotted field path of rec.
func lookup(rec map[string]any, field string) (any, bool) {
	var cur any = rec
	for _, p := range strings.Split(field, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func compare(a, b any) (int, bool) {
	switch a := a.(type) {
	case float64:
		if b, ok := b.(float64); ok {
			switch {
			case a < b:
				return -1, true
			case a > b:
				return 1, true
			}
			return 0, true
		}
	case string:
		if b, ok := b.(string); ok {
			return strings.Compare(a, b), true
		}
	}
	return 0, false
}

// match evaluates one condition on rec.
func (c condition) match(rec map[string]any) (bool, error) {
	var want any
	if err := json.Unmarshal(c.Value, &want); err != nil {
		return false, fmt.Errorf("value: %v", err)
	}
	got, ok := lookup(rec, c.Field)
	switch c.Operator {
	case "eq":
		return ok && reflect.DeepEqual(got, want), nil
	case "ne":
		return !ok || !reflect.DeepEqual(got, want), nil
	case "gt", "gte", "lt", "lte":
		n, ok2 := compare(got, want)
		if !ok || !ok2 {
			return false, nil
		}
		return map[string]bool{"gt": n > 0, "gte": n >= 0, "lt": n < 0, "lte": n <= 0}[c.Operator], nil
	case "regex":
		s, isStr := want.(string)
		if !isStr {
			return false, fmt.Errorf("value: regex needs a string")
		}
		re, err := regexp.Compile(s)
		if err != nil {
			return false, fmt.Errorf("value: %v", err)
		}
		g, isStr := got.(string)
		return ok && isStr && re.MatchString(g), nil
	case "in", "nin":
		list, isList := want.([]any)
		if !isList {
			return false, fmt.Errorf("value: %s needs an array", c.Operator)
		}
		in := ok && slices.ContainsFunc(list, func(v any) bool { return reflect.DeepEqual(v, got) })
		return in == (c.Operator == "in"), nil
	}
	return false, fmt.Errorf("operator: unknown operator %q", c.Operator)
}

// matches evaluates q on rec: all of And, at least one of Or if any.
func (q queryBody) matches(rec map[string]any) (bool, error) {
	for _, c := range q.And {
		ok, err := c.match(rec)
		if err != nil || !ok {
			return false, err
		}
	}
	if len(q.Or) == 0 {
		return true, nil
	}
	for _, c := range q.Or {
		ok, err := c.match(rec)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// selectRecords returns the records matching q. f.mu must be held.
func (f *SignicatDEM) selectRecords(q queryBody) ([]map[string]any, error) {
	var out []map[string]any
	for _, rec := range f.records {
		ok, err := q.matches(rec)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, rec)
		}
	}
	return out, nil
}

func (f *SignicatDEM) query(w http.ResponseWriter, r *http.Request) {
	page, err := intParam(r, "page", 0, 0, 1<<31-1)
	if err != nil {
		signicatInvalid(w, invalidParam{"page", err.Error()})
		return
	}
	size, err := intParam(r, "size", 20, 1, 1000)
	if err != nil {
		signicatInvalid(w, invalidParam{"size", err.Error()})
		return
	}
	var q queryBody
	if err := json.NewDecoder(r.Body).Decode(&q); err != nil && !errors.Is(err, io.EOF) {
		signicatInvalid(w, invalidParam{"body", "malformed JSON: " + err.Error()})
		return
	}
	sorts := r.URL.Query()["sort"]
	f.mu.Lock()
	defer f.mu.Unlock()
	recs, err := f.selectRecords(q)
	if err != nil {
		signicatInvalid(w, invalidParam{"query", err.Error()})
		return
	}
	for _, s := range slices.Backward(sorts) {
		field, dir, _ := strings.Cut(s, ",")
		desc := dir == "desc"
		slices.SortStableFunc(recs, func(a, b map[string]any) int {
			va, _ := lookup(a, field)
			vb, _ := lookup(b, field)
			n, _ := compare(va, vb)
			if desc {
				return -n
			}
			return n
		})
	}
	total := len(recs)
	items := []map[string]any{}
	if start := page * size; start < total {
		for _, rec := range recs[start:min(start+size, total)] {
			item := map[string]any{}
			for k, v := range rec {
				if k != "coreData" {
					item[k] = v
				}
			}
			items = append(items, item)
		}
	}
	link := func(p int) map[string]any {
		v := url.Values{"page": {strconv.Itoa(p)}, "size": {strconv.Itoa(size)}}
		if len(sorts) > 0 {
			v["sort"] = sorts
		}
		return map[string]any{"href": "http://" + r.Host + "/dem/records/query?" + v.Encode()}
	}
	pages := (total + size - 1) / size
	links := map[string]any{"self": link(page)}
	if page+1 < pages {
		links["next"] = link(page + 1)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"_embedded": map[string]any{"records": items},
		"_links":    links,
		"page":      map[string]any{"size": size, "number": page, "totalElements": total, "totalPages": pages},
	})
}

func (f *SignicatDEM) batchTTL(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Query *queryBody `json:"query"`
		TTL   *int       `json:"ttl"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		signicatInvalid(w, invalidParam{"body", "malformed JSON: " + err.Error()})
		return
	}
	if req.Query == nil {
		signicatInvalid(w, invalidParam{"query", "is required"})
		return
	}
	if req.TTL == nil || *req.TTL < 2 {
		signicatInvalid(w, invalidParam{"ttl", "must be greater than or equal to 2"})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	recs, err := f.selectRecords(*req.Query)
	if err != nil {
		signicatInvalid(w, invalidParam{"query", err.Error()})
		return
	}
	expiry := day(f.cfg.clock.Now().AddDate(0, 0, *req.TTL))
	for _, rec := range recs {
		rec["systemMetadata"].(map[string]any)["expiryDate"] = expiry
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "%d records updated", len(recs))
}

func (f *SignicatDEM) stats(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	byType := map[string]int{}
	size := 0
	for _, rec := range f.records {
		byType[rec["systemMetadata"].(map[string]any)["type"].(string)]++
		b, _ := json.Marshal(rec)
		size += len(b)
	}
	avg := 0.0
	if len(f.records) > 0 {
		avg = float64(size) / float64(len(f.records))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"totalRecords":       len(f.records),
		"totalRecordsByType": byType,
		"collectionSize":     fmt.Sprintf("%.1f KB", float64(size)/1024),
		"avgRecordSize":      fmt.Sprintf("%.1f KB", avg/1024),
	})
}

func (f *SignicatDEM) customFields(w http.ResponseWriter, r *http.Request) {
	typ := r.PathValue("type")
	if typ != "" && !slices.Contains(recordTypes, typ) {
		signicatInvalid(w, invalidParam{"type", "must be one of " + strings.Join(recordTypes, ", ")})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	keys := []string{}
	for _, rec := range f.records {
		if typ != "" && rec["systemMetadata"].(map[string]any)["type"] != typ {
			continue
		}
		for k := range rec["metadata"].(map[string]any) {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	writeJSON(w, http.StatusOK, keys)
}

// report answers a small but well-formed one-page PDF naming the record.
func (f *SignicatDEM) report(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	rec := f.find(r.PathValue("id"))
	f.mu.Unlock()
	if rec == nil {
		signicatNotFound(w, "Record")
		return
	}
	sm := rec["systemMetadata"].(map[string]any)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="report-`+rec["id"].(string)+`.pdf"`)
	w.Write(ReportPDF(rec["id"].(string), sm["type"].(string), sm["createdDateTime"].(string)))
}

// ReportPDF returns the PDF evidence report the fake DEM serves for a
// record, so tests can compare bytes.
func ReportPDF(id, recordType, created string) []byte {
	text := fmt.Sprintf("DEM evidence report: record %s (%s), created %s", id, recordType, created)
	stream := fmt.Sprintf("BT /F1 10 Tf 40 800 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}
