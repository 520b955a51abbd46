package fakeapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// DefaultPartnerID is the partner the fake Signet API reports in its
// blacklisting message.
const DefaultPartnerID = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"

// SignetFraud is a fake of Signet's fraud blacklist API: POST
// /fraud/v1/blacklist, GET /fraud/v1/blacklist/users (limit, offset),
// PATCH /fraud/v1/blacklist/{userId} (check status, as Signet documents it)
// and DELETE /fraud/v1/blacklist/{userId}. Every answer is Signet's
// {success, message?, data?} envelope; failures carry an errors map. Point a
// client at URL.
//
// Entry ids are b1ac0000-0000-4000-8000-000000000001, ...
type SignetFraud struct {
	*Server
	cfg config

	mu      sync.Mutex
	n       int
	entries []*blacklistEntry // in order of blacklisting
}

type blacklistEntry struct {
	ID       string   `json:"id"`
	UserID   string   `json:"userId"`
	ClientID string   `json:"clientId,omitempty"`
	Reasons  []string `json:"reasons,omitempty"`
	Reason   *string  `json:"reason"`
	Category string   `json:"category,omitempty"`
	Severity string   `json:"severity,omitempty"`
	Note     string   `json:"note,omitempty"`
	At       string   `json:"blacklistedAt"`
}

// NewSignetFraud starts a fake fraud API guarded by tokens.
func NewSignetFraud(tokens *authtest.Signet, opts ...Option) *SignetFraud {
	f := &SignetFraud{cfg: newConfig(opts)}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /fraud/v1/blacklist", f.create)
	mux.HandleFunc("GET /fraud/v1/blacklist/users", f.list)
	mux.HandleFunc("PATCH /fraud/v1/blacklist/{id}", f.check)
	mux.HandleFunc("DELETE /fraud/v1/blacklist/{id}", f.remove)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		signetError(w, http.StatusNotFound, "Route not found", "route", "not_found", r.Method+" "+r.URL.Path+" does not exist")
	})
	f.Server = start(tokens.Authorize(mux))
	return f
}

// BaseURL returns the URL to give the client's WithBaseURL.
func (f *SignetFraud) BaseURL() string { return f.URL }

func signetError(w http.ResponseWriter, status int, message, field, code, reason string) {
	writeJSON(w, status, map[string]any{
		"success": false,
		"message": message,
		"errors":  map[string]any{field: map[string]string{"code": code, "reason": reason}},
	})
}

var (
	categories = []string{"ACCOUNT_ABUSE", "PAYMENT_FRAUD", "ACCESS_VIOLATION", "POLICY_VIOLATION",
		"TRUST_SAFETY", "AUTOMATION_BOT", "GEO_RISK", "DEVICE_RISK", "KYC_RISK"}
	severities = []string{"LOW", "MEDIUM", "HIGH"}
)

// find returns the entry of userID. f.mu must be held.
func (f *SignetFraud) find(userID string) int {
	return slices.IndexFunc(f.entries, func(e *blacklistEntry) bool { return e.UserID == userID })
}

func (f *SignetFraud) create(w http.ResponseWriter, r *http.Request) {
	var req struct {
		UserID   string   `json:"userId"`
		ClientID string   `json:"clientId"`
		Reasons  []string `json:"reasons"`
		Reason   *string  `json:"reason"`
		Category *string  `json:"category"`
		Severity *string  `json:"severity"`
		Note     string   `json:"note"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		signetError(w, http.StatusBadRequest, "Validation failed", "body", "invalid_json", "the body must be a JSON object")
		return
	}
	switch {
	case req.UserID == "":
		signetError(w, http.StatusBadRequest, "Validation failed", "userId", "required", "userId is required")
		return
	case req.Category != nil && !slices.Contains(categories, *req.Category):
		signetError(w, http.StatusBadRequest, "Validation failed", "category", "invalid_value",
			"category must be one of "+strings.Join(categories, ", "))
		return
	case req.Severity != nil && !slices.Contains(severities, *req.Severity):
		signetError(w, http.StatusBadRequest, "Validation failed", "severity", "invalid_value", "severity must be one of LOW, MEDIUM, HIGH")
		return
	case len(req.Note) > 500:
		signetError(w, http.StatusBadRequest, "Validation failed", "note", "too_long", "note must be at most 500 characters")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.find(req.UserID) >= 0 {
		signetError(w, http.StatusBadRequest, "User is already blacklisted", "userId", "already_blacklisted", "the user is already on the blacklist")
		return
	}
	f.n++
	now := f.cfg.clock.Now()
	e := &blacklistEntry{
		ID: fakeID(0xb1ac0000, f.n), UserID: req.UserID, ClientID: req.ClientID,
		Reasons: req.Reasons, Reason: req.Reason, Note: req.Note,
		At: rfc3339(now),
	}
	if req.Category != nil {
		e.Category = *req.Category
	}
	if req.Severity != nil {
		e.Severity = *req.Severity
	}
	if e.Reason == nil && len(e.Reasons) > 0 {
		joined := strings.Join(e.Reasons, ", ")
		e.Reason = &joined
	}
	f.entries = append(f.entries, e)
	writeJSON(w, http.StatusCreated, map[string]any{
		"success": true,
		"data":    map[string]string{"message": "User blacklisted successfully. Partner ID: " + DefaultPartnerID},
	})
}

func (f *SignetFraud) list(w http.ResponseWriter, r *http.Request) {
	limit, err := intParam(r, "limit", 20, 1, 100)
	if err != nil {
		signetError(w, http.StatusBadRequest, "Validation failed", "limit", "invalid_value", "limit "+err.Error())
		return
	}
	offset, err := intParam(r, "offset", 0, 0, 1<<31-1)
	if err != nil {
		signetError(w, http.StatusBadRequest, "Validation failed", "offset", "invalid_value", "offset "+err.Error())
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	total := len(f.entries)
	page := []*blacklistEntry{}
	if offset < total {
		page = f.entries[offset:min(offset+limit, total)]
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"success": true,
		"data":    page,
		"pagination": map[string]any{
			"limit": limit, "offset": offset, "total": total, "hasMore": offset+len(page) < total,
		},
	})
}

func (f *SignetFraud) check(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(r.PathValue("id"))
	if i < 0 {
		writeJSON(w, http.StatusOK, map[string]any{
			"success": true,
			"data":    map[string]any{"isBlacklisted": false, "reason": nil, "blacklistedAt": nil},
		})
		return
	}
	e := f.entries[i]
	writeJSON(w, http.StatusOK, map[string]any{
		"success": true,
		"data":    map[string]any{"isBlacklisted": true, "reason": e.Reason, "blacklistedAt": e.At},
	})
}

func (f *SignetFraud) remove(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(r.PathValue("id"))
	if i < 0 {
		signetError(w, http.StatusNotFound, "User is not blacklisted", "id", "not_found", "no blacklist entry for this user")
		return
	}
	f.entries = slices.Delete(f.entries, i, i+1)
	writeJSON(w, http.StatusOK, map[string]any{
		"success": true,
		"data":    map[string]string{"message": "User removed from blacklist successfully."},
	})
}
