package llm

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ProviderError is a call to a model server that failed before a usable
// reply arrived: an HTTP error status, a refused or dropped connection, a
// timeout, or a reply the SDK could not read.
type ProviderError struct {
	Provider string // "ollama", "openai", "openai-compatible"
	Op       string // "chat", "list models", ...
	// StatusCode is the HTTP status, 0 when no status line arrived.
	StatusCode int
	// RetryAfter is the server's Retry-After, 0 when it sent none.
	RetryAfter time.Duration
	// Transient is true for 429, 5xx, connection failures, timeouts and
	// replies cut off mid-way: the same call may succeed later.
	Transient bool
	// Msg explains the failure in words a person can act on.
	Msg string
	Err error
}

func (e *ProviderError) Error() string {
	s := e.Provider + " " + e.Op + ": "
	if e.StatusCode != 0 {
		s += fmt.Sprintf("HTTP %d %s: ", e.StatusCode, http.StatusText(e.StatusCode))
	}
	return s + e.Msg
}

func (e *ProviderError) Unwrap() error { return e.Err }

// ModelNotPulledError says an Ollama model is missing locally.
type ModelNotPulledError struct {
	Model string
}

func (e *ModelNotPulledError) Error() string {
	return fmt.Sprintf("model %s is not pulled: run `ollama pull %s`", e.Model, e.Model)
}

// MalformedError is a reply that arrived whole but is not exactly one JSON
// object. The server is healthy; the model misbehaved.
type MalformedError struct {
	Text string
	Err  error
}

func (e *MalformedError) Error() string {
	return "model reply is not one JSON object: " + e.Err.Error()
}

func (e *MalformedError) Unwrap() error { return e.Err }

// BreakerOpenError is returned without calling the server while a provider's
// circuit breaker is open.
type BreakerOpenError struct {
	Provider string
	// Until is when the breaker lets one trial call through.
	Until    time.Time
	Failures int
	// Last is the failure that opened the breaker.
	Last error

	probing bool // half-open with its one trial call still in flight
}

func (e *BreakerOpenError) Error() string {
	s := fmt.Sprintf("%s: circuit breaker open after %d consecutive failures; next try after %s",
		e.Provider, e.Failures, e.Until.Format(time.TimeOnly))
	if e.probing {
		s = fmt.Sprintf("%s: circuit breaker half-open after %d consecutive failures; a trial call is in flight",
			e.Provider, e.Failures)
	}
	if e.Last != nil {
		s += " (last failure: " + e.Last.Error() + ")"
	}
	return s
}

func (e *BreakerOpenError) Unwrap() error { return e.Last }

// IsTransient reports whether err is a failure that may go away if the same
// call is made again later (429, 5xx, connection trouble, timeout).
func IsTransient(err error) bool {
	var pe *ProviderError
	return errors.As(err, &pe) && pe.Transient
}
