package replica

import (
	"encoding/json"
	"net/http"
)

// WriteJSON answers with v as JSON, not to be cached, as the sites' APIs do.
func WriteJSON(w http.ResponseWriter, v any) {
	WriteJSONStatus(w, http.StatusOK, v)
}

// WriteJSONStatus is WriteJSON with another status.
func WriteJSONStatus(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache, no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
