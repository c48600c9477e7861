package middleware

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// ValidateJSON answers 415 to POST, PUT and PATCH requests whose Content-Type is not
// JSON, before a handler tries to bind their body.
func ValidateJSON() gin.HandlerFunc {
	return func(c *gin.Context) {
		switch c.Request.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
			contentType := strings.ToLower(c.ContentType())
			if contentType != "application/json" && !strings.HasSuffix(contentType, "+json") {
				c.AbortWithStatusJSON(http.StatusUnsupportedMediaType, gin.H{"error": "Content-Type must be application/json"})
				return
			}
		}
		c.Next()
	}
}
