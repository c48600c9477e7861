package middleware

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Metrics counts requests and sums their latencies by method, route and status, and
// serves them in the Prometheus text exposition format.
type Metrics struct {
	mu     sync.Mutex
	series map[seriesKey]*seriesValue
}

type seriesKey struct {
	method string
	route  string
	status int
}

type seriesValue struct {
	count   uint64
	seconds float64
}

// NewMetrics returns an empty set of series.
func NewMetrics() *Metrics {
	return &Metrics{series: make(map[seriesKey]*seriesValue)}
}

// Middleware records every request that passes it.
func (m *Metrics) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		// The route pattern, not the raw path, keeps the number of series bounded;
		// requests that matched no route share the empty route.
		key := seriesKey{method: methodLabel(c.Request.Method), route: c.FullPath(), status: c.Writer.Status()}
		elapsed := time.Since(start).Seconds()
		m.mu.Lock()
		v, ok := m.series[key]
		if !ok {
			v = &seriesValue{}
			m.series[key] = v
		}
		v.count++
		v.seconds += elapsed
		m.mu.Unlock()
	}
}

// Serve answers with every series in the Prometheus text format.
func (m *Metrics) Serve(c *gin.Context) {
	m.mu.Lock()
	keys := make([]seriesKey, 0, len(m.series))
	values := make(map[seriesKey]seriesValue, len(m.series))
	for k, v := range m.series {
		keys = append(keys, k)
		values[k] = *v
	}
	m.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	var b strings.Builder
	b.WriteString("# HELP http_requests_total Requests handled, by method, route and status.\n")
	b.WriteString("# TYPE http_requests_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "http_requests_total{%s} %d\n", labels(k), values[k].count)
	}
	b.WriteString("# HELP http_request_duration_seconds Time spent handling requests, by method, route and status.\n")
	b.WriteString("# TYPE http_request_duration_seconds summary\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "http_request_duration_seconds_sum{%s} %g\n", labels(k), values[k].seconds)
		fmt.Fprintf(&b, "http_request_duration_seconds_count{%s} %d\n", labels(k), values[k].count)
	}
	c.Data(http.StatusOK, "text/plain; version=0.0.4; charset=utf-8", []byte(b.String()))
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// labels renders a series' labels, escaped as the text format requires.
func labels(k seriesKey) string {
	return fmt.Sprintf(`method="%s",route="%s",status="%d"`, labelEscaper.Replace(k.method), labelEscaper.Replace(k.route), k.status)
}

// methodLabel folds methods outside the standard set into one value, so clients
// cannot create series with made-up methods.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return method
	}
	return "OTHER"
}
