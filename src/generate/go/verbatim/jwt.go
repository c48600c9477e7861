package middleware

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/golang-jwt/jwt/v4"
)

// ClaimsKey is the context key under which JWTAuth stores the token's claims, a
// *jwt.RegisteredClaims.
const ClaimsKey = "claims"

// JWTAuth admits requests whose header carries "Bearer <token>", where the token is
// an HS256 JWT signed with key that carries an expiry and has not expired. Other
// requests get 401.
func JWTAuth(header string, key []byte) gin.HandlerFunc {
	if len(key) == 0 {
		// An empty HMAC key would let anyone sign tokens: refuse to start instead.
		panic("middleware.JWTAuth: the signing key is empty")
	}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}))
	keyFunc := func(*jwt.Token) (interface{}, error) { return key, nil }
	return func(c *gin.Context) {
		// A CORS preflight never carries credentials: let it through, so the CORS
		// middleware answers it wherever it sits in the chain.
		if isPreflight(c.Request) {
			c.Next()
			return
		}
		raw, ok := bearerToken(c.GetHeader(header))
		if !ok {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "missing bearer token"})
			return
		}
		claims := &jwt.RegisteredClaims{}
		if _, err := parser.ParseWithClaims(raw, claims, keyFunc); err != nil {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "invalid token"})
			return
		}
		if claims.ExpiresAt == nil {
			// A token without an expiry would stay valid forever once leaked.
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "token has no expiry"})
			return
		}
		c.Set(ClaimsKey, claims)
		c.Next()
	}
}

// bearerToken returns the token of a "Bearer <token>" header value.
func bearerToken(value string) (string, bool) {
	const prefix = "Bearer "
	if len(value) <= len(prefix) || !strings.EqualFold(value[:len(prefix)], prefix) {
		return "", false
	}
	token := strings.TrimSpace(value[len(prefix):])
	return token, token != ""
}

// isPreflight reports whether r is a CORS preflight request.
func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
}
