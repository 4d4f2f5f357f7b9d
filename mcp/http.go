package mcp

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// HTTPOptions configure the streamable HTTP transport.
type HTTPOptions struct {
	// Addr is host:port; "" means 127.0.0.1:8765. Port 0 picks a free one.
	Addr string
	// Clients are told apart by bearer token. On loopback, one client may
	// have no token: requests without one act as it.
	Clients []Client
}

// DefaultHTTPAddr is where the HTTP transport listens when not configured.
const DefaultHTTPAddr = "127.0.0.1:8765"

// Handler returns the streamable HTTP handler for clients. loopback says
// whether the listener only accepts local connections: elsewhere every
// client needs a token.
func (s *Server) Handler(clients []Client, loopback bool) (http.Handler, error) {
	type entry struct {
		sum [32]byte
		c   Client
	}
	var byToken []entry
	var open *Client
	names := map[string]bool{}
	for i, c := range clients {
		if err := s.check(c); err != nil {
			return nil, err
		}
		if names[c.Name] {
			return nil, fmt.Errorf("mcp clients: %s is listed twice", c.Name)
		}
		names[c.Name] = true
		if c.Token == "" {
			if !loopback {
				return nil, fmt.Errorf("mcp client %s: a bearer token is required on a listener that is not loopback", c.Name)
			}
			if open != nil {
				return nil, fmt.Errorf("mcp clients %s and %s both have no token: only one may", open.Name, c.Name)
			}
			open = &clients[i]
			continue
		}
		if len(c.Token) < 16 {
			return nil, fmt.Errorf("mcp client %s: the token is too short (use 16 or more random characters)", c.Name)
		}
		byToken = append(byToken, entry{sha256.Sum256([]byte(c.Token)), c})
	}
	if len(clients) == 0 {
		return nil, errors.New("mcp: no clients configured for HTTP")
	}
	// Which client a request is: the token's, compared in constant time
	// (hashes of equal length); nil refuses the request.
	who := func(r *http.Request) *Client {
		h := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || tok == "" {
			if h == "" {
				return open
			}
			return nil
		}
		sum := sha256.Sum256([]byte(tok))
		var found *Client
		for i := range byToken {
			if subtle.ConstantTimeCompare(sum[:], byToken[i].sum[:]) == 1 {
				found = &byToken[i].c
			}
		}
		return found
	}
	mcpHandler := sdk.NewStreamableHTTPHandler(func(r *http.Request) *sdk.Server {
		c := who(r)
		if c == nil {
			return nil
		}
		srv, err := s.For(*c)
		if err != nil {
			s.log.Error("mcp client binding", "client", *c, "err", err.Error())
			return nil
		}
		return srv
	}, &sdk.StreamableHTTPOptions{Logger: s.log, SessionTimeout: 30 * time.Minute, MaxRequestBodyBytes: 1 << 20, JSONResponse: true})
	owners := &sessionOwners{m: map[string]string{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := who(r)
		if c == nil {
			// The token is never logged; the remote address is.
			s.log.Warn("mcp request refused: missing or unknown bearer token", "remote", r.RemoteAddr)
			w.Header().Set("WWW-Authenticate", `Bearer realm="agentctl"`)
			http.Error(w, "unauthorized: send Authorization: Bearer <token> of a configured MCP client", http.StatusUnauthorized)
			return
		}
		// A session is honoured only with the token that opened it: one
		// client cannot ride another's session to act as its agent.
		if id := r.Header.Get(sessionHeader); id != "" {
			if owner, ok := owners.get(id); ok && owner != c.Name {
				s.log.Warn("mcp request refused: session of another client", "client", *c, "remote", r.RemoteAddr)
				http.Error(w, "session not found", http.StatusNotFound)
				return
			}
			if r.Method == http.MethodDelete {
				defer owners.drop(id)
			}
		}
		mcpHandler.ServeHTTP(&claimWriter{ResponseWriter: w, claim: func(id string) { owners.set(id, c.Name) }}, r)
	}), nil
}

const sessionHeader = "Mcp-Session-Id"

// sessionOwners maps MCP session IDs to the client that opened them.
type sessionOwners struct {
	mu sync.Mutex
	m  map[string]string
}

func (o *sessionOwners) get(id string) (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	c, ok := o.m[id]
	return c, ok
}

func (o *sessionOwners) set(id, client string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.m[id]; !ok {
		o.m[id] = client
	}
}

func (o *sessionOwners) drop(id string) {
	o.mu.Lock()
	delete(o.m, id)
	o.mu.Unlock()
}

// claimWriter records the session ID a response hands out, before the
// client can use it.
type claimWriter struct {
	http.ResponseWriter
	claim   func(id string)
	claimed bool
}

func (w *claimWriter) WriteHeader(code int) {
	if !w.claimed {
		w.claimed = true
		if id := w.Header().Get(sessionHeader); id != "" {
			w.claim(id)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *claimWriter) Write(b []byte) (int, error) {
	if !w.claimed {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush and deadlines.
func (w *claimWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush serves callers that type-assert http.Flusher.
func (w *claimWriter) Flush() {
	if !w.claimed {
		w.WriteHeader(http.StatusOK)
	}
	http.NewResponseController(w.ResponseWriter).Flush()
}

// ListenHTTP serves the clients on o.Addr at path /mcp until ctx ends, and
// returns the address it listens on.
func (s *Server) ListenHTTP(ctx context.Context, o HTTPOptions) (net.Addr, error) {
	addr := o.Addr
	if addr == "" {
		addr = DefaultHTTPAddr
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("mcp listen address %q: %v (write host:port, e.g. %s)", addr, err, DefaultHTTPAddr)
	}
	h, err := s.Handler(o.Clients, isLoopback(host))
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mcp listen %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/mcp", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(l)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	s.log.Info("mcp listening", "url", "http://"+l.Addr().String()+"/mcp", "clients", len(o.Clients))
	return l.Addr(), nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
