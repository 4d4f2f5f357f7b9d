package predict

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
)

// Backend is what the market client needs from a node: contract reads at a
// block and headers. wallet.Backend, ethclient.Client and simulated.Client
// satisfy it.
type Backend interface {
	bind.ContractCaller
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

var (
	ctfABI   = contracts.NewConditionalTokens()
	fpmmABI  = contracts.NewFixedProductMarketMaker()
	erc20ABI = contracts.NewIERC20()
)

// MarketRef is a market as configuration knows it: trusted addresses and
// IDs, and the question text and outcome labels, which are untrusted (any
// market creator writes them) and only ever reach a prompt fenced as data.
type MarketRef struct {
	Name              string         `json:"name"`
	Address           common.Address `json:"address"` // the fixed-product market maker
	ConditionalTokens common.Address `json:"conditionalTokens"`
	Collateral        string         `json:"collateral"` // token symbol
	ConditionID       common.Hash    `json:"conditionId"`
	// QuestionID and Oracle, when set, must give ConditionID: this binds
	// the question text (whose hash the question ID is on the devnet) to
	// the market that trades it.
	QuestionID   common.Hash    `json:"questionId"`
	Oracle       common.Address `json:"oracle"`
	Question     string         `json:"question"`
	Outcomes     []string       `json:"outcomes"`
	ResolveBlock uint64         `json:"resolveBlock"` // 0: not known
}

// Contract is the market maker: a policy may name the market by it.
func (r MarketRef) Contract() common.Address { return r.Address }

// Market is a single-condition fixed-product market checked against the
// chain: its collateral, conditional tokens, condition and fee, and the
// position ID of each outcome.
type Market struct {
	Ref        MarketRef
	Collateral strategies.Token
	Fee        *big.Int // fraction of One
	Positions  []*big.Int
	fpmm, ctf  *bind.BoundContract
}

// ErrMarket marks a market that is not what its configuration says.
var ErrMarket = errors.New("market does not match its configuration")

// OpenMarket reads ref's market maker and checks it: it trades collateral
// on ref's conditional tokens and condition, that condition has as many
// outcomes as ref names, the question and oracle give the condition, and
// the position IDs computed here are the ones the conditional tokens
// compute.
func OpenMarket(ctx context.Context, b Backend, ref MarketRef, collateral strategies.Token) (*Market, error) {
	if b == nil {
		return nil, errors.New("predict: no chain backend")
	}
	if ref.Address == (common.Address{}) || ref.ConditionalTokens == (common.Address{}) || ref.ConditionID == (common.Hash{}) {
		return nil, fmt.Errorf("market %s: needs the market maker, conditional tokens and condition ID", ref.Name)
	}
	m := &Market{Ref: ref, Collateral: collateral,
		fpmm: bind.NewBoundContract(ref.Address, fpmmABI.GetABI(), b, nil, nil),
		ctf:  bind.NewBoundContract(ref.ConditionalTokens, ctfABI.GetABI(), b, nil, nil)}
	fail := func(format string, args ...any) (*Market, error) {
		return nil, fmt.Errorf("%w: market %s (%s): %s", ErrMarket, ref.Name, ref.Address.Hex(), fmt.Sprintf(format, args...))
	}
	opts := &bind.CallOpts{Context: ctx}
	coll, err := bind.Call(m.fpmm, opts, fpmmABI.PackCollateralToken(), fpmmABI.UnpackCollateralToken)
	if err != nil {
		return nil, fmt.Errorf("market %s: collateralToken() at %s: %w (is it a fixed-product market maker?)", ref.Name, ref.Address.Hex(), err)
	}
	if coll != collateral.Address {
		return fail("its collateral is %s, not %s (%s)", coll.Hex(), collateral.Symbol, collateral.Address.Hex())
	}
	ct, err := bind.Call(m.fpmm, opts, fpmmABI.PackConditionalTokens(), fpmmABI.UnpackConditionalTokens)
	if err != nil {
		return nil, fmt.Errorf("market %s: conditionalTokens(): %w", ref.Name, err)
	}
	if ct != ref.ConditionalTokens {
		return fail("it uses conditional tokens %s, not %s", ct.Hex(), ref.ConditionalTokens.Hex())
	}
	cond, err := bind.Call(m.fpmm, opts, fpmmABI.PackConditionIds(big.NewInt(0)), fpmmABI.UnpackConditionIds)
	if err != nil {
		return nil, fmt.Errorf("market %s: conditionIds(0): %w", ref.Name, err)
	}
	if common.Hash(cond) != ref.ConditionID {
		return fail("its condition is %x, not %s", cond, ref.ConditionID.Hex())
	}
	if _, err := bind.Call(m.fpmm, opts, fpmmABI.PackConditionIds(big.NewInt(1)), fpmmABI.UnpackConditionIds); err == nil {
		return fail("it trades more than one condition; only single-condition markets are supported")
	}
	if m.Fee, err = bind.Call(m.fpmm, opts, fpmmABI.PackFee(), fpmmABI.UnpackFee); err != nil {
		return nil, fmt.Errorf("market %s: fee(): %w", ref.Name, err)
	}
	if m.Fee.Cmp(One) >= 0 {
		return fail("fee %s is 100%% or more", m.Fee)
	}
	slots, err := bind.Call(m.ctf, opts, ctfABI.PackGetOutcomeSlotCount(ref.ConditionID), ctfABI.UnpackGetOutcomeSlotCount)
	if err != nil {
		return nil, fmt.Errorf("market %s: getOutcomeSlotCount: %w", ref.Name, err)
	}
	n := len(ref.Outcomes)
	if !slots.IsInt64() || slots.Int64() != int64(n) {
		return fail("its condition has %s outcome slots but %d outcomes are configured", slots, n)
	}
	if ref.QuestionID != (common.Hash{}) && ref.Oracle != (common.Address{}) {
		if got := ConditionID(ref.Oracle, ref.QuestionID, uint64(n)); got != ref.ConditionID {
			return fail("question %s with oracle %s gives condition %s, not the market's", ref.QuestionID.Hex(), ref.Oracle.Hex(), got.Hex())
		}
	}
	if m.Positions, err = OutcomePositionIDs(collateral.Address, ref.ConditionID, n); err != nil {
		return nil, fmt.Errorf("market %s: %w", ref.Name, err)
	}
	for i, id := range m.Positions {
		coll, err := bind.Call(m.ctf, opts, ctfABI.PackGetCollectionId([32]byte{}, ref.ConditionID, IndexSet(i)), ctfABI.UnpackGetCollectionId)
		if err != nil {
			return nil, fmt.Errorf("market %s: getCollectionId: %w", ref.Name, err)
		}
		pos, err := bind.Call(m.ctf, opts, ctfABI.PackGetPositionId(collateral.Address, coll), ctfABI.UnpackGetPositionId)
		if err != nil {
			return nil, fmt.Errorf("market %s: getPositionId: %w", ref.Name, err)
		}
		if pos.Cmp(id) != 0 {
			return fail("the conditional tokens give outcome %d position %s, not the Gnosis formula's %s", i, pos, id)
		}
	}
	return m, nil
}

// State is a market at one block, with one account's holdings.
type State struct {
	Block  *big.Int
	Pool   []*big.Int // the market maker's balance of each outcome
	Held   []*big.Int // the account's balance of each outcome
	Prices []*big.Rat // marginal prices from Pool; nil when a balance is 0
	// Payouts are the reported numerators; nil until resolved.
	Payouts     []*big.Int
	Denominator *big.Int
	// Operator is whether the account lets the market maker move its
	// positions (left over when a sell failed before its revoke).
	Operator bool
}

// Resolved reports whether the oracle has reported.
func (s *State) Resolved() bool { return s.Denominator != nil && s.Denominator.Sign() > 0 }

// Read returns the market's state and account's holdings at block.
func (m *Market) Read(ctx context.Context, account common.Address, block *big.Int) (*State, error) {
	n := len(m.Positions)
	owners := make([]common.Address, 0, 2*n)
	ids := make([]*big.Int, 0, 2*n)
	for _, id := range m.Positions {
		owners, ids = append(owners, m.Ref.Address), append(ids, id)
	}
	for _, id := range m.Positions {
		owners, ids = append(owners, account), append(ids, id)
	}
	opts := &bind.CallOpts{Context: ctx, BlockNumber: block}
	bals, err := bind.Call(m.ctf, opts, ctfABI.PackBalanceOfBatch(owners, ids), ctfABI.UnpackBalanceOfBatch)
	if err != nil {
		return nil, fmt.Errorf("market %s: balanceOfBatch: %w", m.Ref.Name, err)
	}
	if len(bals) != 2*n {
		return nil, fmt.Errorf("market %s: balanceOfBatch returned %d balances for %d", m.Ref.Name, len(bals), 2*n)
	}
	st := &State{Block: block, Pool: bals[:n:n], Held: bals[n:]}
	st.Prices = Prices(st.Pool)
	if st.Operator, err = bind.Call(m.ctf, opts, ctfABI.PackIsApprovedForAll(account, m.Ref.Address), ctfABI.UnpackIsApprovedForAll); err != nil {
		return nil, fmt.Errorf("market %s: isApprovedForAll: %w", m.Ref.Name, err)
	}
	den, err := bind.Call(m.ctf, opts, ctfABI.PackPayoutDenominator(m.Ref.ConditionID), ctfABI.UnpackPayoutDenominator)
	if err != nil {
		return nil, fmt.Errorf("market %s: payoutDenominator: %w", m.Ref.Name, err)
	}
	if den.Sign() > 0 {
		st.Denominator = den
		for i := range n {
			num, err := bind.Call(m.ctf, opts, ctfABI.PackPayoutNumerators(m.Ref.ConditionID, big.NewInt(int64(i))), ctfABI.UnpackPayoutNumerators)
			if err != nil {
				return nil, fmt.Errorf("market %s: payoutNumerators(%d): %w", m.Ref.Name, i, err)
			}
			st.Payouts = append(st.Payouts, num)
		}
	}
	return st, nil
}

// ErrQuote marks a market maker whose quote differs from the exact math on
// its own pool: it is not a Gnosis-compatible fixed-product market maker.
var ErrQuote = errors.New("the market maker's quote differs from the fixed-product math")

// QuoteBuy is the outcome tokens a buy of investment returns at st, from the
// exact local math, cross-checked with the contract's calcBuyAmount at the
// same block.
func (m *Market) QuoteBuy(ctx context.Context, st *State, investment *big.Int, outcome int) (*big.Int, error) {
	local, err := CalcBuyAmount(st.Pool, m.Fee, investment, outcome)
	if err != nil {
		return nil, fmt.Errorf("market %s: %w", m.Ref.Name, err)
	}
	onchain, err := bind.Call(m.fpmm, &bind.CallOpts{Context: ctx, BlockNumber: st.Block},
		fpmmABI.PackCalcBuyAmount(investment, big.NewInt(int64(outcome))), fpmmABI.UnpackCalcBuyAmount)
	if err != nil {
		return nil, fmt.Errorf("market %s: calcBuyAmount: %w", m.Ref.Name, err)
	}
	if onchain.Cmp(local) != 0 {
		return nil, fmt.Errorf("%w: market %s buy of %s on outcome %d: contract %s, math %s", ErrQuote, m.Ref.Name, investment, outcome, onchain, local)
	}
	return local, nil
}

// QuoteSell is the outcome tokens a sell for returnAmount takes at st,
// cross-checked with the contract's calcSellAmount.
func (m *Market) QuoteSell(ctx context.Context, st *State, returnAmount *big.Int, outcome int) (*big.Int, error) {
	local, err := CalcSellAmount(st.Pool, m.Fee, returnAmount, outcome)
	if err != nil {
		return nil, fmt.Errorf("market %s: %w", m.Ref.Name, err)
	}
	onchain, err := bind.Call(m.fpmm, &bind.CallOpts{Context: ctx, BlockNumber: st.Block},
		fpmmABI.PackCalcSellAmount(returnAmount, big.NewInt(int64(outcome))), fpmmABI.UnpackCalcSellAmount)
	if err != nil {
		return nil, fmt.Errorf("market %s: calcSellAmount: %w", m.Ref.Name, err)
	}
	if onchain.Cmp(local) != 0 {
		return nil, fmt.Errorf("%w: market %s sell for %s on outcome %d: contract %s, math %s", ErrQuote, m.Ref.Name, returnAmount, outcome, onchain, local)
	}
	return local, nil
}

// OutcomeToken is outcome i of the market as a token in trades, positions
// and marks: PositionToken's address, the collateral's decimals (a full
// set of outcome tokens is worth one collateral unit per unit), and the
// symbol "market:outcome".
func (m *Market) OutcomeToken(i int) strategies.Token {
	label := fmt.Sprintf("%d", i)
	if i < len(m.Ref.Outcomes) {
		label = m.Ref.Outcomes[i]
	}
	return strategies.Token{Address: PositionToken(m.Ref.ConditionalTokens, m.Positions[i]),
		Symbol: m.Ref.Name + ":" + strategies.Clip(label, 24), Decimals: m.Collateral.Decimals}
}

// PositionToken stands for ERC-1155 position id of the conditional tokens
// ctf wherever a token address is expected (trade records, positions,
// marks): the last 20 bytes of keccak256(ctf ‖ uint256 id). No contract
// lives there; it is a name, never called.
func PositionToken(ctf common.Address, id *big.Int) common.Address {
	return common.BytesToAddress(crypto.Keccak256(ctf.Bytes(), common.BigToHash(id).Bytes()))
}

// BalanceOf reads an ERC-20 balance at block.
func BalanceOf(ctx context.Context, b Backend, token, owner common.Address, block *big.Int) (*big.Int, error) {
	c := bind.NewBoundContract(token, erc20ABI.GetABI(), b, nil, nil)
	v, err := bind.Call(c, &bind.CallOpts{Context: ctx, BlockNumber: block}, erc20ABI.PackBalanceOf(owner), erc20ABI.UnpackBalanceOf)
	if err != nil {
		return nil, fmt.Errorf("token %s: balanceOf(%s): %w", token.Hex(), owner.Hex(), err)
	}
	return v, nil
}
