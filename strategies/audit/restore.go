package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
)

func init() { strategies.RegisterRestorer(WatchName, RestoreWatch) }

// errNoChain is what a restored watcher says when asked to read the chain.
var errNoChain = errors.New("restored from recorded facts: no chain to read")

// RestoreWatch rebuilds the watcher's observation from recorded facts: the
// findings the rules brain reports are all in them. Observe needs a chain
// and fails.
func RestoreWatch(facts json.RawMessage) (strategies.Strategy, *strategies.Observation, error) {
	var f watchFacts
	dec := json.NewDecoder(bytes.NewReader(facts))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("%s: facts do not decode: %w", WatchName, err)
	}
	if f.Strategy != WatchName {
		return nil, nil, fmt.Errorf("%s: facts are from strategy %q", WatchName, f.Strategy)
	}
	w := &Watch{min: f.MinSeverity, started: true}
	obs := &strategies.Observation{Strategy: WatchName, Block: f.Head, Summary: watchSummary(&f),
		Untrusted: map[string]string{}, Facts: facts, Digest: crypto.Keccak256Hash(facts), State: &f}
	return w, obs, nil
}
