package polymarket

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
)

func init() { strategies.RegisterRestorer(Name, Restore) }

// errNoClient is a restored strategy asked to reach the CLOB.
var errNoClient = errors.New(Name + " restored from recorded facts has no CLOB client: it replays decisions and posts or cancels nothing")

// Restore rebuilds predict.polymarket and its observation from recorded
// Facts: the params, the books, our resting orders, each market's exchange
// and the order's salt and timestamp, so Propose, Parse and Plan decide and
// plan exactly as they did, with no CLOB to ask. The strategy has no
// client: it cannot post or cancel, which a replay never does.
func Restore(facts json.RawMessage) (strategies.Strategy, *strategies.Observation, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(facts, &probe); err != nil {
		return nil, nil, fmt.Errorf("%s: facts do not decode: %w", Name, err)
	}
	if _, ok := probe["strategy"]; !ok {
		// Facts recorded before they were kept in full: best prices only.
		return nil, nil, fmt.Errorf("%s: %w: these facts keep only the best prices (recorded before the full book and the order's salt were)", Name, strategies.ErrNotReplayable)
	}
	var f Facts
	dec := json.NewDecoder(bytes.NewReader(facts))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("%s: facts do not decode: %w", Name, err)
	}
	if f.Strategy != Name {
		return nil, nil, fmt.Errorf("%s: facts are from strategy %q", Name, f.Strategy)
	}
	p := DefaultParams()
	p.ChainID, p.Markets, p.PostOnly = f.Params.ChainID, f.Params.Markets, f.Params.PostOnly
	p.MinEdge, p.Kelly, p.Bankroll, p.MaxOrder = f.Params.MinEdge, f.Params.Kelly, f.Params.Bankroll, f.Params.MaxOrder
	p.SignatureType, p.Funder = f.Params.SignatureType, f.Params.Funder
	s, err := New(Deps{Account: f.Account}, p)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: recorded params: %w", Name, err)
	}
	st, err := f.state(s.markets)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", Name, err)
	}
	return s, &strategies.Observation{Strategy: Name, Time: st.orderTime, Summary: summary(s.markets, st),
		Facts: facts, Digest: crypto.Keccak256Hash(facts), State: st}, nil
}
