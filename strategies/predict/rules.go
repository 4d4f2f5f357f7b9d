package predict

import (
	"context"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// Rules are the prediction-market policy rules of one agent: the markets
// it may trade, by market maker address, and the set it follows
// (policy.allowed_markets), if any.
type Rules struct {
	Markets map[common.Address]MarketRule
	// FactoryMarkets, when set, admits markets opened after start (see
	// Admit); nil on a real chain. A live lookup, not a rule: a recorded
	// policy keeps the markets it admitted, in Markets.
	FactoryMarkets *FactoryMarkets `json:"-"`
}

// MarketRule is a prediction market the policy lets an agent trade: its
// fixed-product market maker (also an allowed contract), the conditional
// tokens it trades on, its collateral and condition, and the ERC-1155
// position of each outcome. All of it comes from configuration.
type MarketRule struct {
	Name              string
	Address           common.Address
	ConditionalTokens common.Address
	Collateral        common.Address
	ConditionID       common.Hash
	Positions         []*big.Int
}

// marketRule compiles a configured market: its collateral must be a known
// token; its positions are computed with the Gnosis formulas.
func marketRule(ref MarketRef, cat *strategies.Catalog) (MarketRule, error) {
	coll, ok := cat.Token(ref.Collateral)
	if !ok {
		return MarketRule{}, fmt.Errorf("market %s trades in unknown token %q", ref.Name, ref.Collateral)
	}
	pos, err := OutcomePositionIDs(coll.Address, ref.ConditionID, len(ref.Outcomes))
	if err != nil {
		return MarketRule{}, fmt.Errorf("market %s: %w", ref.Name, err)
	}
	return MarketRule{Name: ref.Name, Address: ref.Address, ConditionalTokens: ref.ConditionalTokens,
		Collateral: coll.Address, ConditionID: ref.ConditionID, Positions: pos}, nil
}

// Allow admits a configured market: the policy may then call it (and
// approve it as spender) and redeem its condition.
func (rs *Rules) Allow(name string, entry any, cat *strategies.Catalog) ([]common.Address, bool, error) {
	ref, ok := entry.(MarketRef)
	if !ok {
		return nil, false, nil
	}
	r, err := marketRule(ref, cat)
	if err != nil {
		return nil, true, err
	}
	rs.Markets[r.Address] = r
	return []common.Address{r.Address}, true, nil
}

// marketCheck holds what one plan's market calls have granted so far: the
// operator approvals on conditional tokens, which a plan must revoke before
// it ends (ERC-1155 has no amounts, so grant, use and revoke stands in for
// an exact approval).
type marketCheck struct {
	p         *Rules
	j         strategies.Judge
	operators map[[2]common.Address]bool // (conditional tokens, operator)
}

// Begin judges one plan.
func (rs *Rules) Begin(j strategies.Judge) strategies.PlanCheck {
	return &marketCheck{p: rs, j: j, operators: map[[2]common.Address]bool{}}
}

// check applies the market rules to call i.
func (mc *marketCheck) Check(i int, c strategies.Call, method string, _ *strategies.CallSim) {
	p, j := mc.p, mc.j
	_, args, _, err := unpackCall(c)
	if err != nil {
		j.Deny("call %d: %v", i, err)
		return
	}
	switch method {
	case "buy":
		r, ok := p.Markets[c.To]
		if !ok {
			j.Deny("call %d: buy on %s, which is not an allowed market", i, c.To.Hex())
			return
		}
		invest, outcome, minOut := args[0].(*big.Int), args[1].(*big.Int), args[2].(*big.Int)
		if !outcome.IsInt64() || outcome.Int64() >= int64(len(r.Positions)) {
			j.Deny("call %d: buy of outcome %s on %s, which has %d outcomes", i, outcome, r.Name, len(r.Positions))
		}
		if invest.Sign() <= 0 {
			j.Deny("call %d: buy amount %s is not positive", i, invest)
			return
		}
		if !j.TokenAllowed(r.Collateral) {
			j.Deny("call %d: %s trades in %s, which is not an allowed token", i, r.Name, r.Collateral.Hex())
		}
		j.Spend(strategies.Spend{Call: i, What: "buy", Spender: c.To, Token: r.Collateral, Amount: invest})
		t, ok := planTrade(j.Plan(), func(t strategies.Trade) bool {
			return t.Router == c.To && t.TokenIn.Address == r.Collateral && t.AmountIn != nil && t.AmountIn.Cmp(invest) == 0
		})
		if !ok {
			j.Deny("call %d: the buy on %s has no quoted trade in the plan, so its slippage cannot be checked", i, r.Name)
			return
		}
		floor := new(big.Int).Mul(t.QuotedOut, big.NewInt(10_000-j.SlippageBps()))
		floor.Quo(floor, big.NewInt(10_000))
		if minOut.Cmp(floor) < 0 {
			j.Deny("call %d: minOutcomeTokensToBuy %s allows more than %d bps slippage from the quoted %s", i,
				tokenAmount(t.TokenOut, minOut), j.SlippageBps(), tokenAmount(t.TokenOut, t.QuotedOut))
		}
	case "sell":
		r, ok := p.Markets[c.To]
		if !ok {
			j.Deny("call %d: sell on %s, which is not an allowed market", i, c.To.Hex())
			return
		}
		ret, outcome, maxIn := args[0].(*big.Int), args[1].(*big.Int), args[2].(*big.Int)
		if !outcome.IsInt64() || outcome.Int64() >= int64(len(r.Positions)) {
			j.Deny("call %d: sell of outcome %s on %s, which has %d outcomes", i, outcome, r.Name, len(r.Positions))
		}
		if ret.Sign() <= 0 {
			j.Deny("call %d: sell return %s is not positive", i, ret)
		}
		if !mc.operators[[2]common.Address{r.ConditionalTokens, c.To}] {
			j.Deny("call %d: the sell on %s is not preceded by its operator approval in the plan", i, r.Name)
		}
		t, ok := planTrade(j.Plan(), func(t strategies.Trade) bool {
			return t.Router == c.To && t.TokenOut.Address == r.Collateral && t.QuotedOut != nil && t.QuotedOut.Cmp(ret) == 0
		})
		if !ok || t.AmountIn == nil {
			j.Deny("call %d: the sell on %s has no quoted trade in the plan, so its slippage cannot be checked", i, r.Name)
			return
		}
		// maxIn <= quoted / (1 - slippage), rounded up.
		ceil := new(big.Int).Mul(t.AmountIn, big.NewInt(10_000))
		den := big.NewInt(10_000 - j.SlippageBps())
		ceil.Add(ceil, new(big.Int).Sub(den, big.NewInt(1))).Quo(ceil, den)
		if maxIn.Cmp(ceil) > 0 {
			j.Deny("call %d: maxOutcomeTokensToSell %s allows more than %d bps slippage from the quoted %s", i,
				tokenAmount(t.TokenIn, maxIn), j.SlippageBps(), tokenAmount(t.TokenIn, t.AmountIn))
		}
	case "setApprovalForAll":
		operator, on := args[0].(common.Address), args[1].(bool)
		if !mc.knownCTF(c.To) {
			j.Deny("call %d: setApprovalForAll on %s, which is not the conditional tokens of an allowed market", i, c.To.Hex())
			return
		}
		key := [2]common.Address{c.To, operator}
		if !on {
			delete(mc.operators, key)
			return
		}
		if r, ok := p.Markets[operator]; !ok || r.ConditionalTokens != c.To {
			j.Deny("call %d: setApprovalForAll for operator %s, which is not an allowed market on these conditional tokens", i, operator.Hex())
			return
		}
		mc.operators[key] = true
	case "redeemPositions":
		coll, parent := args[0].(common.Address), args[1].([32]byte)
		cond, sets := common.Hash(args[2].([32]byte)), args[3].([]*big.Int)
		var rule *MarketRule
		for _, r := range p.Markets {
			if r.ConditionalTokens == c.To && r.ConditionID == cond {
				rule = &r
				break
			}
		}
		if rule == nil {
			j.Deny("call %d: redeemPositions of condition %s on %s, which is not an allowed market's", i, cond.Hex(), c.To.Hex())
			return
		}
		if coll != rule.Collateral || parent != ([32]byte{}) {
			j.Deny("call %d: redeemPositions of %s must name its collateral %s and no parent collection", i, rule.Name, rule.Collateral.Hex())
		}
		full := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(len(rule.Positions))), big.NewInt(1))
		if len(sets) == 0 {
			j.Deny("call %d: redeemPositions of %s names no positions", i, rule.Name)
		}
		for _, s := range sets {
			if s.Sign() <= 0 || s.Cmp(full) >= 0 {
				j.Deny("call %d: index set %s is not a position of %s", i, s, rule.Name)
			}
		}
	}
}

func (mc *marketCheck) knownCTF(addr common.Address) bool {
	for _, r := range mc.p.Markets {
		if r.ConditionalTokens == addr {
			return true
		}
	}
	return false
}

// Finish denies a plan that leaves an operator approval standing.
func (mc *marketCheck) Finish() {
	for key := range mc.operators {
		mc.j.Deny("operator approval of %s on %s is not revoked by the end of the plan", key[1].Hex(), key[0].Hex())
	}
}

func planTrade(plan *strategies.Plan, match func(strategies.Trade) bool) (strategies.Trade, bool) {
	for _, t := range plan.Trades {
		if match(t) {
			return t, true
		}
	}
	return strategies.Trade{}, false
}

// FactoryMarkets admits, on top of the configured markets, the markets the
// catalog lists later (policy.allowed_markets: devnet), each only once the
// chain itself shows it is one of ours: the factory created it (its address
// is the factory's CREATE address at one of its nonces), it trades the
// collateral on the conditional tokens, and its one condition is the
// oracle's question with as many outcomes as the catalog says. Names and
// question IDs come from the catalog the runtime refreshes; nothing from
// a model decides admission.
type FactoryMarkets struct {
	Factory           common.Address
	ConditionalTokens common.Address
	Collateral        common.Address
	Oracle            common.Address
	// Source lists the known markets now (the devnet's manifest).
	Source func() map[string]MarketRef
	// refused are markets that do not check out, with the reason: they
	// are not checked again.
	refused map[common.Address]string
}

// maxFactoryNonce bounds the search for a market among a factory's
// creations; the devnet's factory stays far below it.
const maxFactoryNonce = 100_000

// AdmitMarkets checks the markets Source lists that the policy does not
// know yet and allows those that check out. It returns the names of the
// markets it admitted and, by name, why others were refused (each is
// reported once). It runs on the agent's own tick, before the plan is
// checked, so Check never races it. A market whose reads fail is checked
// again next time.
func (p *Rules) Admit(ctx context.Context, chain strategies.ContractReader) (admitted map[common.Address]string, refused map[string]string) {
	fm := p.FactoryMarkets
	if fm == nil || fm.Source == nil {
		return nil, nil
	}
	if fm.refused == nil {
		fm.refused = map[common.Address]string{}
	}
	src := fm.Source()
	names := make([]string, 0, len(src))
	for n := range src {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		ref := src[n]
		if ref.Name == "" {
			ref.Name = n
		}
		if _, ok := p.Markets[ref.Address]; ok {
			continue
		}
		if _, ok := fm.refused[ref.Address]; ok {
			continue
		}
		r, why, err := fm.check(ctx, chain, ref)
		if err != nil {
			continue // the node did not answer: next tick
		}
		if why != "" {
			fm.refused[ref.Address] = why
			if refused == nil {
				refused = map[string]string{}
			}
			refused[ref.Name] = why
			continue
		}
		p.Markets[r.Address] = r
		if admitted == nil {
			admitted = map[common.Address]string{}
		}
		admitted[r.Address] = r.Name
	}
	return admitted, refused
}

// check reads ref's market from the chain: why is non-empty when it is
// not one of the factory's markets on the collateral and oracle.
func (fm *FactoryMarkets) check(ctx context.Context, chain strategies.ContractReader, ref MarketRef) (MarketRule, string, error) {
	call := func(to common.Address, data []byte) ([]byte, error) {
		return chain.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, nil)
	}
	n, err := chain.NonceAt(ctx, fm.Factory, nil)
	if err != nil {
		return MarketRule{}, "", err
	}
	created := false
	for k := uint64(1); k < n && k <= maxFactoryNonce; k++ {
		if crypto.CreateAddress(fm.Factory, k) == ref.Address {
			created = true
			break
		}
	}
	if !created {
		return MarketRule{}, fmt.Sprintf("%s was not created by the market factory %s", ref.Address.Hex(), fm.Factory.Hex()), nil
	}
	out, err := call(ref.Address, fpmmABIv.Methods["conditionalTokens"].ID)
	if err != nil {
		return MarketRule{}, "", err
	}
	if ctf := common.BytesToAddress(out); len(out) != 32 || ctf != fm.ConditionalTokens {
		return MarketRule{}, fmt.Sprintf("it trades on conditional tokens %s, not %s", ctf.Hex(), fm.ConditionalTokens.Hex()), nil
	}
	if out, err = call(ref.Address, fpmmABIv.Methods["collateralToken"].ID); err != nil {
		return MarketRule{}, "", err
	}
	if coll := common.BytesToAddress(out); len(out) != 32 || coll != fm.Collateral {
		return MarketRule{}, fmt.Sprintf("its collateral is %s, not the quote token %s", coll.Hex(), fm.Collateral.Hex()), nil
	}
	data, _ := fpmmABIv.Pack("conditionIds", big.NewInt(0))
	if out, err = call(ref.Address, data); err != nil {
		return MarketRule{}, "", err
	}
	if cond := common.BytesToHash(out); len(out) != 32 || cond != ref.ConditionID {
		return MarketRule{}, fmt.Sprintf("its condition is %s, not the catalog's %s", cond.Hex(), ref.ConditionID.Hex()), nil
	}
	data, _ = fpmmABIv.Pack("conditionIds", big.NewInt(1))
	if _, err := call(ref.Address, data); err == nil {
		return MarketRule{}, "it trades more than one condition", nil
	}
	data, _ = ctfABIv.Pack("getOutcomeSlotCount", ref.ConditionID)
	if out, err = call(fm.ConditionalTokens, data); err != nil {
		return MarketRule{}, "", err
	}
	slots := new(big.Int).SetBytes(out)
	if len(ref.Outcomes) < 2 || len(ref.Outcomes) > MaxOutcomes || slots.Cmp(big.NewInt(int64(len(ref.Outcomes)))) != 0 {
		return MarketRule{}, fmt.Sprintf("its condition has %s outcome slots; the catalog names %d outcomes", slots, len(ref.Outcomes)), nil
	}
	if want := crypto.Keccak256Hash(fm.Oracle.Bytes(), ref.QuestionID.Bytes(), common.BigToHash(slots).Bytes()); want != ref.ConditionID {
		return MarketRule{}, fmt.Sprintf("its condition is not the oracle %s's question %s", fm.Oracle.Hex(), ref.QuestionID.Hex()), nil
	}
	pos, err := OutcomePositionIDs(fm.Collateral, ref.ConditionID, len(ref.Outcomes))
	if err != nil {
		return MarketRule{}, err.Error(), nil
	}
	return MarketRule{Name: ref.Name, Address: ref.Address, ConditionalTokens: fm.ConditionalTokens,
		Collateral: fm.Collateral, ConditionID: ref.ConditionID, Positions: pos}, "", nil
}

// Refused is why the market at addr was refused admission ("" if not).
func (fm *FactoryMarkets) Refused(addr common.Address) string { return fm.refused[addr] }

// tokenAmount is v of outcome token t for people: whole tokens and the
// token's name, exact (base units when the plan did not name it).
func tokenAmount(t strategies.Token, v *big.Int) string {
	if t.Symbol == "" {
		return v.String() + " base units"
	}
	return wallet.FormatAmount(v, t.Decimals) + " " + t.Symbol
}
