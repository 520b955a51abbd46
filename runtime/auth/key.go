package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// cacheKey hashes the parts that identify a client's tokens. Each
// part is length-prefixed so that no two part lists collide. No secret may
// be passed in.
func cacheKey(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{':'})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}
