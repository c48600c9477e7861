package middleware

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Timeout gives each request a deadline d from now. Handlers that pass
// c.Request.Context() to their slow calls (database queries, outgoing requests) see
// it expire, and a request that ran out of time without answering gets 503.
//
// It does not cut off a handler that ignores its context: running handlers on
// another goroutine to do that would race with Gin reusing the context. A d of zero
// or less sets no deadline.
func Timeout(d time.Duration) gin.HandlerFunc {
	if d <= 0 {
		return func(c *gin.Context) { c.Next() }
	}
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), d)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && !c.Writer.Written() {
			c.AbortWithStatusJSON(http.StatusServiceUnavailable, gin.H{"error": "request timed out"})
		}
	}
}
