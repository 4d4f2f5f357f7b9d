package agent

import (
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// checkDoc is what the policy judged a plan with, beside the plan and its
// simulation (recorded in the record itself): the replay of a verdict runs
// the policy on these numbers, not on today's.
type checkDoc struct {
	// Plan is the plan as judged: its calls and trades (Plan re-reads the
	// chain, so a replay compares against this and judges this).
	Plan *strategies.Plan `json:"plan"`
	// Sims are the simulation results judged (an approval may re-simulate
	// later; the record keeps those).
	Sims   []CallSim                 `json:"sims"`
	Agent  common.Address            `json:"agent"`
	FeeCap *big.Int                  `json:"feeCap"`
	Marks  map[common.Address]string `json:"marks"`
	Quote  strategies.Token          `json:"quote"`
	Spent  spentDoc                  `json:"spent"`
}

type spentDoc struct {
	Since      int64                     `json:"since"` // unix nanoseconds
	ByToken    map[common.Address]string `json:"byToken"`
	Quote      string                    `json:"quote"`
	TradesHour int                       `json:"tradesHour"`
}

func newCheckDoc(in CheckInput) []byte {
	d := checkDoc{Plan: in.Plan, Sims: in.Sims, Agent: in.Agent, FeeCap: in.FeeCap, Marks: decimalMap(in.Marks), Quote: in.Quote,
		Spent: spentDoc{Since: in.Spent.Since.UnixNano(), ByToken: decimalMap(in.Spent.ByToken),
			Quote: decimal(in.Spent.Quote), TradesHour: in.Spent.TradesHour}}
	b, _ := json.Marshal(d) // maps marshal with sorted keys: deterministic
	return b
}

// checkInput rebuilds the policy's input from a recorded checkDoc.
func (d *checkDoc) checkInput(plan *strategies.Plan, sims []CallSim) CheckInput {
	return CheckInput{Agent: d.Agent, Plan: plan, Sims: sims, FeeCap: d.FeeCap, Marks: bigMap(d.Marks), Quote: d.Quote,
		Spent: Spend{Since: time.Unix(0, d.Spent.Since), ByToken: bigMap(d.Spent.ByToken), Quote: bigOf(d.Spent.Quote),
			TradesHour: d.Spent.TradesHour}}
}

func decimal(v *big.Int) string {
	if v == nil {
		return ""
	}
	return v.String()
}

func decimalMap(m map[common.Address]*big.Int) map[common.Address]string {
	out := make(map[common.Address]string, len(m))
	for k, v := range m {
		out[k] = decimal(v)
	}
	return out
}

func bigOf(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil
	}
	return v
}

func bigMap(m map[common.Address]string) map[common.Address]*big.Int {
	out := make(map[common.Address]*big.Int, len(m))
	for k, v := range m {
		out[k] = bigOf(v)
	}
	return out
}

// setInputs commits rec to what it was decided from (store encoding v2):
// the observation facts, the exact prompt when a model was asked, its
// sampling parameters, check, the policy's inputs when it was consulted,
// and reads, the chain reads Plan made (a strategies.Tape). Called again
// once Plan or the policy has run, it replaces the first.
func setInputs(rec *store.Record, th *Thought, obs *strategies.Observation, check, policy, reads []byte) {
	if obs == nil || len(obs.Facts) == 0 {
		return
	}
	in := store.Inputs{Version: store.InputsVersion, Brain: string(llm.KindRules), Facts: store.BlobHash(obs.Facts),
		Block: obs.Block, Time: obs.Time.Unix()}
	blobs := [][]byte{obs.Facts}
	ref := func(b []byte) *common.Hash {
		h := store.BlobHash(b)
		blobs = append(blobs, b)
		return &h
	}
	if p := th.Prompt; p != nil {
		in.Brain, in.Model, in.ModelDigest = string(p.Kind), p.Model, th.ModelDigest
		in.System, in.User, in.Schema = ref([]byte(p.System)), ref([]byte(p.User)), ref(p.Schema)
		in.Temperature, in.Seed = p.Temperature, p.Seed
	}
	if len(check) > 0 {
		in.Check = ref(check)
	}
	if len(policy) > 0 {
		in.Policy = ref(policy)
	}
	if len(reads) > 0 {
		in.Reads = ref(reads)
	}
	if in.Facts != obs.Digest {
		// A strategy whose digest is not keccak256(facts) cannot be replayed
		// from them; record the decision as before rather than fail it.
		return
	}
	doc := in.Encode()
	rec.Inputs, rec.Blobs = store.BlobHash(doc), append(blobs, doc)
}

// policyDoc is the policy as recorded for replay.
func policyDoc(p *Policy) []byte {
	if p == nil {
		return nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil
	}
	return b
}

// policyFields is Policy without its methods: the plain encoding.
type policyFields Policy

// MarshalJSON writes each venue family's rules as that family's own JSON,
// under its name, so UnmarshalJSON can read them back into its rules.
func (p *Policy) MarshalJSON() ([]byte, error) {
	venues := make(map[string]json.RawMessage, len(p.Venues))
	for name, r := range p.Venues {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("the %s rules: %w", name, err)
		}
		venues[name] = b
	}
	return json.Marshal(struct {
		*policyFields
		Venues map[string]json.RawMessage
	}{(*policyFields)(p), venues})
}

// UnmarshalJSON reads a recorded policy; each venue family's rules decode
// into that family's own (it must be linked in).
func (p *Policy) UnmarshalJSON(b []byte) error {
	w := struct {
		*policyFields
		Venues map[string]json.RawMessage
	}{policyFields: (*policyFields)(p)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	p.Venues = make(map[string]strategies.Rules, len(w.Venues))
	for name, raw := range w.Venues {
		v, ok := venueOf(name)
		if !ok || v.NewRules == nil {
			return fmt.Errorf("the policy has rules of venue family %q, which this build does not link in", name)
		}
		r := v.NewRules()
		if err := json.Unmarshal(raw, r); err != nil {
			return fmt.Errorf("the %s rules: %w", name, err)
		}
		p.Venues[name] = r
	}
	return nil
}
