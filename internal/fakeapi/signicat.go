package fakeapi

import (
	"net/http"
)

// Signicat error bodies (developer.signicat.com error codes): the generic
// shape {type, title, detail, code}; validation errors add status, traceId
// and invalidParams.

type invalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

func signicatError(w http.ResponseWriter, status int, code, title, detail string) {
	body := map[string]any{
		"type":   "https://developer.signicat.com/docs/errors/" + code,
		"title":  title,
		"code":   code,
		"status": status,
	}
	if detail != "" {
		body["detail"] = detail
	}
	writeJSON(w, status, body)
}

func signicatInvalid(w http.ResponseWriter, params ...invalidParam) {
	writeJSON(w, http.StatusBadRequest, map[string]any{
		"type":          "https://developer.signicat.com/docs/errors/invalid_request_parameter",
		"title":         "One or more request parameters are invalid.",
		"status":        http.StatusBadRequest,
		"code":          "invalid_request_parameter",
		"traceId":       "00000000000000000000000000000000",
		"invalidParams": params,
	})
}

func signicatNotFound(w http.ResponseWriter, what string) {
	signicatError(w, http.StatusNotFound, "not_found", what+" not found.", "")
}

// signicatFallback answers unknown routes as Signicat does.
func signicatFallback(w http.ResponseWriter, r *http.Request) {
	signicatError(w, http.StatusNotFound, "not_found", "Resource not found.", r.Method+" "+r.URL.Path)
}
