package middleware

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// RequestIDKey is the context key under which RequestID stores the request's id.
const RequestIDKey = "requestID"

// RequestID reads the request id the caller sent in header, or makes a new one when
// the header is missing or not a plain token, and echoes it in the response header.
func RequestID(header string) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(header)
		if !validRequestID(id) {
			id = newRequestID()
		}
		c.Set(RequestIDKey, id)
		c.Header(header, id)
		c.Next()
	}
}

// validRequestID accepts up to 128 letters, digits, '-', '_' and '.', so a caller
// cannot put arbitrary text into logs and response headers.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return true
}

// newRequestID returns 128 random bits in hex.
func newRequestID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// The system's random source failing is rare; a time-based id still correlates logs.
		return strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return hex.EncodeToString(b[:])
}
