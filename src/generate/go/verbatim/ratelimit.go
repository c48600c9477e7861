package middleware

import (
	"container/list"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// maxBuckets bounds the memory the limiter holds: past it, the bucket of the client
// seen least recently is dropped, in constant time, whatever the number of clients.
const maxBuckets = 10000

// bucket is one client's token bucket.
type bucket struct {
	ip     string
	tokens float64
	last   time.Time
}

// RateLimit gives every client IP a token bucket that holds burst tokens and refills
// at perSecond tokens a second; a request takes one token, and a client with none
// left gets 429 with the seconds until its next token in Retry-After.
//
// The client IP is Gin's ClientIP: the connection's peer unless it is one of the
// trusted proxies the router sets, so a client cannot pick its own bucket with
// X-Forwarded-For.
func RateLimit(perSecond float64, burst int) gin.HandlerFunc {
	if perSecond <= 0 || burst < 1 {
		// Such a bucket would never admit a request again: refuse to start instead.
		panic("middleware.RateLimit: perSecond must be above 0 and burst at least 1")
	}
	var mu sync.Mutex
	// buckets finds a client's element in recent, which orders the buckets from the
	// most to the least recently used.
	buckets := make(map[string]*list.Element)
	recent := list.New()
	capacity := float64(burst)
	retryAfter := strconv.Itoa(int(math.Ceil(1 / perSecond)))
	return func(c *gin.Context) {
		now := time.Now()
		ip := c.ClientIP()
		mu.Lock()
		var b *bucket
		if e, ok := buckets[ip]; ok {
			recent.MoveToFront(e)
			b = e.Value.(*bucket)
		} else {
			if recent.Len() >= maxBuckets {
				oldest := recent.Back()
				recent.Remove(oldest)
				delete(buckets, oldest.Value.(*bucket).ip)
			}
			b = &bucket{ip: ip, tokens: capacity, last: now}
			buckets[ip] = recent.PushFront(b)
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
