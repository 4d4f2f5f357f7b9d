package agent

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/contracts"
)

var reputationRegistry = contracts.NewReputationRegistry()

// Feedback is one review of an agent in an ERC-8004 Reputation Registry.
type Feedback struct {
	Reviewer common.Address `json:"clientAddress"`
	Index    uint64         `json:"feedbackIndex"` // per reviewer, from 1
	Value    string         `json:"value"`         // exact decimal: value / 10^valueDecimals
	Tag1     string         `json:"tag1"`
	Tag2     string         `json:"tag2"`
	// Responses counts the responses appended to it (appendResponse: the
	// agent showing a refund, an aggregator flagging spam); nil when the
	// registry does not count them.
	Responses *uint64 `json:"responses,omitempty"`
}

// TagSummary is the feedback with one pair of tags: tags name what is
// measured (a star rating, an uptime percentage), so values are only
// averaged within a pair.
type TagSummary struct {
	Tag1  string `json:"tag1"`
	Tag2  string `json:"tag2"`
	Count int    `json:"count"`
	Mean  string `json:"mean"` // exact decimal, rounded toward zero at 18 decimals
}

// Reputation is an agent's feedback from trusted reviewers only.
type Reputation struct {
	Registry common.Address
	Trusted  []common.Address
	Feedback []Feedback
	// Summaries has one entry per (tag1, tag2) pair, in the order the
	// pairs first appear.
	Summaries []TagSummary
}

// ErrNoTrustedReviewers: open feedback is trivially spammed, so none is
// shown unless reviewers are named.
var ErrNoTrustedReviewers = errors.New("no trusted reviewers configured (identity.trusted_reviewers): open feedback is not shown")

// ReadReputation reads agentID's unrevoked feedback from the reviewers in
// trusted, and only those, from the Reputation Registry at registry, which
// must keep feedback for the identity registry the agentId comes from.
func ReadReputation(ctx context.Context, c ethereum.ContractCaller, registry, identity common.Address, agentID *big.Int, trusted []common.Address) (Reputation, error) {
	rep := Reputation{Registry: registry, Trusted: trusted}
	call := func(data []byte) ([]byte, error) {
		return c.CallContract(ctx, ethereum.CallMsg{To: &registry, Data: data}, nil)
	}
	out, err := call(reputationRegistry.PackGetIdentityRegistry())
	if err != nil {
		return rep, fmt.Errorf("reputation registry %s: getIdentityRegistry: %w (check identity.reputation_registry)", registry.Hex(), err)
	}
	bound, err := reputationRegistry.UnpackGetIdentityRegistry(out)
	if err != nil {
		return rep, fmt.Errorf("reputation registry %s does not answer getIdentityRegistry (check identity.reputation_registry)", registry.Hex())
	}
	if bound != identity {
		return rep, fmt.Errorf("reputation registry %s keeps feedback for identity registry %s, not %s: its agentIds are other agents'", registry.Hex(), bound.Hex(), identity.Hex())
	}
	if len(trusted) == 0 {
		return rep, ErrNoTrustedReviewers
	}
	out, err = call(reputationRegistry.PackReadAllFeedback(agentID, trusted, "", "", false))
	if err != nil {
		return rep, fmt.Errorf("reputation registry %s: readAllFeedback: %w", registry.Hex(), err)
	}
	all, err := reputationRegistry.UnpackReadAllFeedback(out)
	if err != nil {
		return rep, fmt.Errorf("reputation registry %s: readAllFeedback answer: %w", registry.Hex(), err)
	}
	n := len(all.Clients)
	if len(all.FeedbackIndexes) != n || len(all.Values) != n || len(all.ValueDecimals) != n || len(all.Tag1s) != n || len(all.Tag2s) != n {
		return rep, fmt.Errorf("reputation registry %s: readAllFeedback returned arrays of different lengths", registry.Hex())
	}
	type acc struct {
		sum *big.Rat
		n   int
	}
	sums := map[[2]string]*acc{}
	var order [][2]string
	for i := range n {
		if !isTrusted(all.Clients[i], trusted) {
			continue // a registry that ignores the filter gets filtered here
		}
		if all.ValueDecimals[i] > 18 {
			return rep, fmt.Errorf("reputation registry %s: feedback %d of %s has %d decimals (at most 18)", registry.Hex(), all.FeedbackIndexes[i], all.Clients[i].Hex(), all.ValueDecimals[i])
		}
		v := new(big.Rat).SetFrac(all.Values[i], new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(all.ValueDecimals[i])), nil))
		key := [2]string{all.Tag1s[i], all.Tag2s[i]}
		if sums[key] == nil {
			sums[key] = &acc{sum: new(big.Rat)}
			order = append(order, key)
		}
		sums[key].sum.Add(sums[key].sum, v)
		sums[key].n++
		rep.Feedback = append(rep.Feedback, Feedback{Reviewer: all.Clients[i], Index: all.FeedbackIndexes[i],
			Value: feedbackDecimal(v), Tag1: all.Tag1s[i], Tag2: all.Tag2s[i]})
		if out, err := call(reputationRegistry.PackGetResponseCount(agentID, all.Clients[i], all.FeedbackIndexes[i], nil)); err == nil {
			if n, err := reputationRegistry.UnpackGetResponseCount(out); err == nil {
				rep.Feedback[len(rep.Feedback)-1].Responses = &n
			}
		}
	}
	for _, key := range order {
		a := sums[key]
		rep.Summaries = append(rep.Summaries, TagSummary{Tag1: key[0], Tag2: key[1], Count: a.n,
			Mean: feedbackDecimal(a.sum.Quo(a.sum, new(big.Rat).SetInt64(int64(a.n))))})
	}
	return rep, nil
}

func isTrusted(a common.Address, trusted []common.Address) bool {
	for _, t := range trusted {
		if t == a {
			return true
		}
	}
	return false
}

// feedbackDecimal writes r with up to 18 decimals, rounded toward zero, without
// trailing zeros.
func feedbackDecimal(r *big.Rat) string {
	s := r.FloatString(18)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
