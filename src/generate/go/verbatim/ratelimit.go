package middleware

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// maxBuckets bounds the memory the limiter holds: past it, idle clients' buckets
// are dropped (a full bucket is the same as no bucket).
const maxBuckets = 10000

// bucket is one client's token bucket.
type bucket struct {
	tokens float64
	last   time.Time
}

// RateLimit gives every client IP a token bucket that holds burst tokens and refills
// at perSecond tokens a second; a request takes one token, and a client with none
// left gets 429 with the seconds until its next token in Retry-After.
func RateLimit(perSecond float64, burst int) gin.HandlerFunc {
	if perSecond <= 0 || burst < 1 {
		// Such a bucket would never admit a request again: refuse to start instead.
		panic("middleware.RateLimit: perSecond must be above 0 and burst at least 1")
	}
	var mu sync.Mutex
	buckets := make(map[string]*bucket)
	capacity := float64(burst)
	retryAfter := strconv.Itoa(int(math.Ceil(1 / perSecond)))
	return func(c *gin.Context) {
		now := time.Now()
		ip := c.ClientIP()
		mu.Lock()
		b, ok := buckets[ip]
		if !ok {
			if len(buckets) >= maxBuckets {
				for key, old := range buckets {
					if old.tokens+now.Sub(old.last).Seconds()*perSecond >= capacity {
						delete(buckets, key)
					}
				}
			}
			b = &bucket{tokens: capacity, last: now}
			buckets[ip] = b
		}
		b.tokens += now.Sub(b.last).Seconds() * perSecond
		if b.tokens > capacity {
			b.tokens = capacity
		}
		b.last = now
		allowed := b.tokens >= 1
		if allowed {
			b.tokens--
		}
		mu.Unlock()
		if !allowed {
			c.Header("Retry-After", retryAfter)
			c.AbortWithStatusJSON(http.StatusTooManyRequests, gin.H{"error": "rate limit exceeded"})
			return
		}
		c.Next()
	}
}
