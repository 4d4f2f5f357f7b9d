package predict

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// MarketConfig is a market configured by its market maker's address on a
// chain agentctl did not deploy (chain.markets). Only the address is
// required; the rest is read from the chain, and whatever is given here is
// checked against it.
type MarketConfig struct {
	Name    string
	Address common.Address // the FixedProductMarketMaker
	// Collateral is the configured collateral token; with a zero address,
	// the market trades whichever token its market maker names, which must
	// be one of Tokens.
	Collateral strategies.Token
	// Tokens are the chain's configured tokens: they name a collateral
	// found on the chain.
	Tokens []strategies.Token
	// Question and Outcomes are labels (the chain holds neither); Outcomes,
	// when given, must name every outcome slot. Without them the outcomes
	// are "outcome 0", "outcome 1", ...
	Question string
	Outcomes []string
	// Oracle and QuestionID, when both are set, must give the market's
	// condition.
	Oracle     common.Address
	QuestionID common.Hash
}

// ErrNotFPMM marks an address that is not a single-condition Gnosis
// fixed-product market maker on a Gnosis ConditionalTokens contract.
var ErrNotFPMM = errors.New("is not an FPMM")

// ResolveMarket reads cfg's market from the chain and returns it as the
// catalog knows markets: the market maker's collateral, conditional tokens,
// condition and outcome slot count come from the chain, and the configured
// collateral, outcome count and oracle/question must agree with them. The
// market is then opened as the forecaster opens it (the position of every
// outcome cross-checked with the conditional tokens) and its payouts read,
// so a market that resolves here trades, settles and scores. What the
// chain cannot tell, the question text and when the oracle will answer,
// stays as configured or unknown (ResolveBlock 0); nothing is invented.
//
// Errors name the address: "0x.. is not an FPMM: ..." (ErrNotFPMM) for a
// contract that does not answer as one, "0x..: market does not match its
// configuration: ..." (ErrMarket) for a market that differs from cfg.
func ResolveMarket(ctx context.Context, b Backend, cfg MarketConfig) (MarketRef, error) {
	addr := cfg.Address.Hex()
	notFPMM := func(format string, args ...any) (MarketRef, error) {
		return MarketRef{}, fmt.Errorf("%s %w: %s", addr, ErrNotFPMM, fmt.Sprintf(format, args...))
	}
	mismatch := func(format string, args ...any) (MarketRef, error) {
		return MarketRef{}, fmt.Errorf("%s: %w: %s", addr, ErrMarket, fmt.Sprintf(format, args...))
	}
	if b == nil {
		return MarketRef{}, errors.New("predict: no chain backend")
	}
	if code, err := b.CodeAt(ctx, cfg.Address, nil); err != nil {
		return MarketRef{}, fmt.Errorf("%s: read code: %w", addr, err)
	} else if len(code) == 0 {
		return notFPMM("no contract there on this chain (check the address and chain.chain_id)")
	}
	opts := &bind.CallOpts{Context: ctx}
	fpmm := bind.NewBoundContract(cfg.Address, fpmmABI.GetABI(), b, nil, nil)
	coll, err := bind.Call(fpmm, opts, fpmmABI.PackCollateralToken(), fpmmABI.UnpackCollateralToken)
	if err != nil {
		return notFPMM("collateralToken(): %v", err)
	}
	ctfAddr, err := bind.Call(fpmm, opts, fpmmABI.PackConditionalTokens(), fpmmABI.UnpackConditionalTokens)
	if err != nil {
		return notFPMM("conditionalTokens(): %v", err)
	}
	cond, err := bind.Call(fpmm, opts, fpmmABI.PackConditionIds(big.NewInt(0)), fpmmABI.UnpackConditionIds)
	if err != nil {
		return notFPMM("conditionIds(0): %v", err)
	}
	if _, err := bind.Call(fpmm, opts, fpmmABI.PackConditionIds(big.NewInt(1)), fpmmABI.UnpackConditionIds); err == nil {
		return mismatch("it trades more than one condition; only single-condition markets are supported")
	}
	if _, err := bind.Call(fpmm, opts, fpmmABI.PackFee(), fpmmABI.UnpackFee); err != nil {
		return notFPMM("fee(): %v", err)
	}
	ctf := bind.NewBoundContract(ctfAddr, ctfABI.GetABI(), b, nil, nil)
	slots, err := bind.Call(ctf, opts, ctfABI.PackGetOutcomeSlotCount(cond), ctfABI.UnpackGetOutcomeSlotCount)
	if err != nil {
		return notFPMM("its conditional tokens %s do not answer getOutcomeSlotCount: %v", ctfAddr.Hex(), err)
	}
	switch {
	case slots.Sign() == 0:
		return notFPMM("its condition %s is not prepared on its conditional tokens %s", common.Hash(cond).Hex(), ctfAddr.Hex())
	case !slots.IsInt64() || slots.Int64() < 2 || slots.Int64() > MaxOutcomes:
		return mismatch("its condition has %s outcome slots; 2 to %d are supported", slots, MaxOutcomes)
	}
	n := int(slots.Int64())

	collateral, ok := cfg.Collateral, true
	if collateral.Address == (common.Address{}) {
		collateral, ok = tokenAt(cfg.Tokens, coll)
		if !ok {
			return mismatch("its collateral %s is not a configured token (add it to chain.tokens with its decimals, or set the market's collateral)", coll.Hex())
		}
	} else if coll != collateral.Address {
		what := "not a configured token"
		if t, ok := tokenAt(cfg.Tokens, coll); ok {
			what = t.Symbol
		}
		return mismatch("its collateral is %s (%s), not the configured %s (%s)", coll.Hex(), what, collateral.Symbol, collateral.Address.Hex())
	}

	if cfg.Oracle != (common.Address{}) || cfg.QuestionID != (common.Hash{}) {
		if cfg.Oracle == (common.Address{}) || cfg.QuestionID == (common.Hash{}) {
			return MarketRef{}, errors.New("oracle and question ID are checked together: give both, or neither")
		}
		want := ConditionID(cfg.Oracle, cfg.QuestionID, uint64(n))
		got, err := bind.Call(ctf, opts, ctfABI.PackGetConditionId(cfg.Oracle, cfg.QuestionID, slots), ctfABI.UnpackGetConditionId)
		if err != nil {
			return notFPMM("its conditional tokens %s do not answer getConditionId: %v", ctfAddr.Hex(), err)
		}
		if common.Hash(got) != want {
			return notFPMM("its conditional tokens %s compute condition %s, not the Gnosis formula's %s", ctfAddr.Hex(), common.Hash(got).Hex(), want.Hex())
		}
		if want != common.Hash(cond) {
			return mismatch("its condition is %s, not oracle %s's question %s with %d outcomes (%s)",
				common.Hash(cond).Hex(), cfg.Oracle.Hex(), cfg.QuestionID.Hex(), n, want.Hex())
		}
	}
	outcomes := append([]string(nil), cfg.Outcomes...)
	switch {
	case len(outcomes) == 0:
		for i := range n {
			outcomes = append(outcomes, fmt.Sprintf("outcome %d", i))
		}
	case len(outcomes) != n:
		return mismatch("its condition has %d outcome slots but %d outcomes are configured", n, len(outcomes))
	}
	ref := MarketRef{Name: cfg.Name, Address: cfg.Address, ConditionalTokens: ctfAddr, Collateral: collateral.Symbol,
		ConditionID: cond, QuestionID: cfg.QuestionID, Oracle: cfg.Oracle, Question: cfg.Question, Outcomes: outcomes}
	m, err := OpenMarket(ctx, b, ref, collateral)
	if err != nil {
		return MarketRef{}, err
	}
	if _, err := m.Read(ctx, cfg.Address, nil); err != nil { // Gnosis refuses the zero address as an owner
		return notFPMM("%v", err)
	}
	return ref, nil
}

func tokenAt(tokens []strategies.Token, addr common.Address) (strategies.Token, bool) {
	for _, t := range tokens {
		if t.Address == addr {
			return t, true
		}
	}
	return strategies.Token{}, false
}
