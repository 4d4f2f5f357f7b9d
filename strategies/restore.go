package strategies

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync"
)

// Restorer rebuilds, from an observation's recorded Facts alone, the
// strategy as configured then and the observation it saw: enough for
// Propose and Parse to decide again exactly as they did. The restored
// strategy's chain is ReplayChain: its Plan reads only the answers of the
// Tape in its context (the reads recorded with the decision), and fails
// with ErrNoChain when its facts predate what Plan needs. Replay (agentctl
// replay, and validators holding only a batch export) uses it.
type Restorer func(facts json.RawMessage) (Strategy, *Observation, error)

var (
	restorersMu sync.RWMutex
	restorers   = map[string]Restorer{}
)

// RegisterRestorer makes strategy name replayable; a strategy package calls
// it from init. A second registration of one name panics.
func RegisterRestorer(name string, r Restorer) {
	restorersMu.Lock()
	defer restorersMu.Unlock()
	if _, dup := restorers[name]; dup {
		panic("strategies: restorer " + name + " registered twice")
	}
	restorers[name] = r
}

// Restore rebuilds strategy name and its observation from facts.
func Restore(name string, facts json.RawMessage) (Strategy, *Observation, error) {
	restorersMu.RLock()
	r, ok := restorers[name]
	restorersMu.RUnlock()
	if !ok {
		return nil, nil, fmt.Errorf("strategy %s cannot be replayed from its facts (replayable: %v)", name, Restorable())
	}
	return r(facts)
}

// Restorable lists the strategies Restore knows.
func Restorable() []string {
	restorersMu.RLock()
	defer restorersMu.RUnlock()
	out := make([]string, 0, len(restorers))
	for n := range restorers {
		out = append(out, n)
	}
	sort.Strings(out)
	return slices.Clip(out)
}

// CanRestore reports whether strategy name has a restorer.
func CanRestore(name string) bool {
	restorersMu.RLock()
	defer restorersMu.RUnlock()
	_, ok := restorers[name]
	return ok
}
