package middleware

import (
	"bytes"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

// BodyLimit answers 413 to a request whose body is over max bytes, before any
// handler reads it. A declared Content-Length is judged up front; a body of unknown
// length (chunked) is read up to max+1 bytes here, so an oversized one gets 413 too
// rather than whatever error a handler makes of a cut-off body. Bodies within the
// limit reach the handlers behind http.MaxBytesReader.
func BodyLimit(max int64) gin.HandlerFunc {
	tooLarge := func(c *gin.Context) {
		// The rest of an oversized body is not worth reading: close the connection.
		c.Header("Connection", "close")
		c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"error": "request body too large"})
	}
	return func(c *gin.Context) {
		if c.Request.ContentLength > max {
			tooLarge(c)
			return
		}
		if c.Request.ContentLength < 0 {
			body, err := io.ReadAll(io.LimitReader(c.Request.Body, max+1))
			if err != nil {
				c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": "cannot read the request body"})
				return
			}
			if int64(len(body)) > max {
				tooLarge(c)
				return
			}
			c.Request.Body = io.NopCloser(bytes.NewReader(body))
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		c.Next()
	}
}
