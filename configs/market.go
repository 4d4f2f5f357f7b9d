package configs

import (
	"regexp"
	"strings"
)

// Market is a Gnosis Conditional Tokens fixed-product market on a real
// chain, configured by its market maker's address. Everything else is read
// from the chain when agents start: the collateral, the conditional
// tokens, the condition and its number of outcomes, the fee and whether
// the oracle has reported. What is given here is checked against it.
type Market struct {
	// Address is the FixedProductMarketMaker's.
	Address Address `yaml:"address"`
	// Collateral is the symbol of the chain.tokens entry the market trades
	// in; empty means whichever of chain.tokens the market maker names.
	Collateral string `yaml:"collateral,omitempty"`
	// Question and Outcomes are labels for people and prompts (the chain
	// holds neither); outcomes, when given, name every outcome slot in
	// index order.
	Question string   `yaml:"question,omitempty"`
	Outcomes []string `yaml:"outcomes,omitempty"`
	// Oracle and QuestionID, both or neither, bind the market to the
	// question: the market's condition must be
	// keccak256(oracle, question_id, outcome count).
	Oracle     Address `yaml:"oracle,omitempty"`
	QuestionID string  `yaml:"question_id,omitempty"`
}

// Bounds of a configured market's labels.
const (
	MaxMarketOutcomes = 8 // what predict.forecaster trades
	maxQuestionLen    = 1024
	maxOutcomeLen     = 128
)

var questionIDRE = regexp.MustCompile(`^0x[0-9a-fA-F]{64}$`)

// markets checks chain.markets on a real chain.
func (v *checker) markets() {
	ch := &v.c.Chain
	seen := map[string]string{} // lower-case address -> market name
	for _, name := range sortedKeys(ch.Markets) {
		p, m := "chain.markets."+name, ch.Markets[name]
		switch {
		case !venueRE.MatchString(name):
			v.addf(p, "%q is not a market name (1-32 lowercase letters, digits, '-' or '_', e.g. omen-eth-5k)", name)
		case ch.Venues[name] != (Venue{}):
			v.addf(p, "%s is also a venue in chain.venues (give the market another name: policies name both the same way)", name)
		}
		if v.address(p+".address", m.Address, true) {
			key := strings.ToLower(string(m.Address))
			if other, dup := seen[key]; dup {
				v.addf(p+".address", "%s is market %s's too (list each market once)", m.Address, other)
			}
			seen[key] = name
		}
		if m.Collateral != "" {
			if _, ok := ch.Tokens[m.Collateral]; !ok {
				v.addf(p+".collateral", "token %q is not in chain.tokens (add it there with its address and decimals, or leave collateral out to use the one the market maker names; known: %s)",
					m.Collateral, strings.Join(sortedKeys(ch.Tokens), ", "))
			}
		}
		if len(m.Question) > maxQuestionLen {
			v.addf(p+".question", "%d bytes, at most %d", len(m.Question), maxQuestionLen)
		}
		if n := len(m.Outcomes); n != 0 && (n < 2 || n > MaxMarketOutcomes) {
			v.addf(p+".outcomes", "%d outcomes: name every outcome slot in order (2 to %d), or leave outcomes out", n, MaxMarketOutcomes)
		}
		for i, o := range m.Outcomes {
			if strings.TrimSpace(o) == "" || len(o) > maxOutcomeLen {
				v.addf(index(p+".outcomes", i), "an outcome label is 1-%d characters (e.g. Yes)", maxOutcomeLen)
			}
		}
		switch {
		case m.Oracle == "" && m.QuestionID == "":
		case m.Oracle == "":
			v.addf(p+".oracle", "missing: question_id is checked with the oracle that answers it (give both, or neither)")
		case m.QuestionID == "":
			v.addf(p+".question_id", "missing: oracle is checked with the question it answers (give both, or neither)")
		}
		if m.Oracle != "" {
			v.address(p+".oracle", m.Oracle, true)
		}
		if m.QuestionID != "" {
			if !questionIDRE.MatchString(m.QuestionID) || strings.Trim(m.QuestionID[2:], "0") == "" {
				v.addf(p+".question_id", "%q is not a question ID (write 0x and 64 hex digits, as prepareCondition was given it)", m.QuestionID)
			}
		}
	}
}
