package clobtest

import (
	"github.com/ethereum/go-ethereum/common"
)

// Open lists the ids of addr's live orders (placed with any of its API
// keys), in arrival order, as the book stands now: heartbeats that timed
// out have cancelled theirs.
func (s *Server) Open(addr common.Address) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	var out []string
	for _, id := range s.seq {
		o := s.orders[id]
		if o.status == "LIVE" && s.creds[o.owner].addr == addr {
			out = append(out, o.id)
		}
	}
	return out
}

// Heartbeating reports whether addr has sent heartbeats that have not
// timed out: its open orders now live only as long as they keep coming.
func (s *Server) Heartbeating(addr common.Address) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	for key := range s.heartbeat {
		if s.creds[key].addr == addr {
			return true
		}
	}
	return false
}
