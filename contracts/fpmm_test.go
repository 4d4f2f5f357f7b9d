package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

var (
	fpmmABI    = NewFixedProductMarketMaker()
	fpmmFacABI = NewFixedProductMarketMakerFactory()
)

// market is a binary FPMM created through the factory on a fresh CTF.
type market struct {
	*ctf
	cond [32]byte
	addr common.Address
	inst *bind.BoundContract
	pos  []*big.Int
}

// newMarket prepares a binary condition (owner is the oracle) and creates
// its market with fee (a fraction of 1e18) through the factory.
func newMarket(t *testing.T, c *chain, fee *big.Int) *market {
	t.Helper()
	x := c.deployCTF()
	q := crypto.Keccak256Hash([]byte("Will the test pass?"))
	c.send(c.owner, x.inst, ctfABI.PackPrepareCondition(c.owner.From, q, big.NewInt(2)))
	cond := x.conditionID(c.owner.From, q, 2)
	fac := c.deploy(FixedProductMarketMakerFactoryMetaData.Bin, nil)
	rc := c.send(c.alice, fpmmFacABI.Instance(c.client, fac),
		fpmmFacABI.PackCreateFixedProductMarketMaker(x.addr, x.collateral.addr, [][32]byte{cond}, fee))
	ev := findLog(t, rc, func(l *types.Log) (*FixedProductMarketMakerFactoryFixedProductMarketMakerCreation, error) {
		return fpmmFacABI.UnpackFixedProductMarketMakerCreationEvent(l)
	})
	if ev.Creator != c.alice.From || ev.ConditionalTokens != x.addr || ev.CollateralToken != x.collateral.addr ||
		len(ev.ConditionIds) != 1 || ev.ConditionIds[0] != cond || ev.Fee.Cmp(fee) != 0 {
		t.Fatalf("FixedProductMarketMakerCreation = %+v", ev)
	}
	m := &market{ctf: x, cond: cond, addr: ev.FixedProductMarketMaker, inst: fpmmABI.Instance(c.client, ev.FixedProductMarketMaker)}
	m.pos = []*big.Int{x.outcomePosition(cond, 0), x.outcomePosition(cond, 1)}
	return m
}

// fund mints collateral to who and adds it as liquidity with hint.
func (m *market) fund(who *bind.TransactOpts, amt *big.Int, hint []*big.Int) *types.Receipt {
	m.c.t.Helper()
	m.c.mint(m.collateral, who.From, amt)
	m.c.send(who, m.collateral.inst, tokenABI.PackApprove(m.addr, amt))
	return m.c.send(who, m.inst, fpmmABI.PackAddFunding(amt, hint))
}

func (m *market) pool() []*big.Int {
	m.c.t.Helper()
	return []*big.Int{m.balance(m.addr, m.pos[0]), m.balance(m.addr, m.pos[1])}
}

func feeFrac(num, den int64) *big.Int {
	f := new(big.Int).Mul(big.NewInt(num), big.NewInt(1e18))
	return f.Div(f, big.NewInt(den))
}

func TestFPMMFundingSetsPrices(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	m := newMarket(t, c, feeFrac(2, 100))
	for _, tc := range []struct {
		name string
		hint []*big.Int
		msg  string
	}{
		{"hint of the wrong length", ints(1, 2, 3), "hint length off"},
		{"hint rounding to nothing", ints(1, 2_000_000), "must hint a valid distribution"},
	} {
		c.mint(m.collateral, c.owner.From, big.NewInt(1_000_000))
		c.send(c.owner, m.collateral.inst, tokenABI.PackApprove(m.addr, big.NewInt(1_000_000)))
		c.reverts(c.owner, m.inst, fpmmABI.PackAddFunding(big.NewInt(1_000_000), tc.hint), tc.msg)
	}
	c.reverts(c.owner, m.inst, fpmmABI.PackAddFunding(big.NewInt(0), nil), "funding must be non-zero")

	// Hint 70:30 keeps all of outcome 0 and 30/70 of outcome 1 in the pool
	// and sends the rest back: outcome 0 is then priced 428,571/1,428,571 = 0.3.
	rc := m.fund(c.owner, big.NewInt(1_000_000), ints(70, 30))
	ev := findLog(t, rc, func(l *types.Log) (*FixedProductMarketMakerFPMMFundingAdded, error) {
		return fpmmABI.UnpackFPMMFundingAddedEvent(l)
	})
	if ev.Funder != c.owner.From || ev.SharesMinted.Int64() != 1_000_000 || ev.AmountsAdded[0].Int64() != 1_000_000 || ev.AmountsAdded[1].Int64() != 428_571 {
		t.Fatalf("FPMMFundingAdded = %+v", ev)
	}
	pool := m.pool()
	eq(t, "pool 0", pool[0], big.NewInt(1_000_000))
	eq(t, "pool 1", pool[1], big.NewInt(428_571))
	eq(t, "sent back", m.balance(c.owner.From, m.pos[1]), big.NewInt(571_429))

	// Later funding keeps the proportions: no hint allowed.
	c.mint(m.collateral, c.alice.From, big.NewInt(500_000))
	c.send(c.alice, m.collateral.inst, tokenABI.PackApprove(m.addr, big.NewInt(500_000)))
	c.reverts(c.alice, m.inst, fpmmABI.PackAddFunding(big.NewInt(500_000), ints(1, 1)), "cannot use distribution hint after initial funding")
	c.send(c.alice, m.inst, fpmmABI.PackAddFunding(big.NewInt(500_000), nil))
	shares := call(t, m.inst, fpmmABI.PackBalanceOf(c.alice.From), fpmmABI.UnpackBalanceOf)
	eq(t, "alice's shares", shares, big.NewInt(500_000)) // 500k * 1M / 1M
	eq(t, "alice's surplus of outcome 1", m.balance(c.alice.From, m.pos[1]), big.NewInt(500_000-500_000*428_571/1_000_000))
}

func TestFPMMBuySellAndFees(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	m := newMarket(t, c, feeFrac(2, 100)) // 2%
	m.fund(c.owner, big.NewInt(10_000_000_000), nil)
	alice := c.alice
	invest := big.NewInt(1_000_000_000)
	quote := call(t, m.inst, fpmmABI.PackCalcBuyAmount(invest, big.NewInt(0)), fpmmABI.UnpackCalcBuyAmount)
	before := m.pool()
	c.mint(m.collateral, alice.From, invest)
	c.send(alice, m.collateral.inst, tokenABI.PackApprove(m.addr, invest))
	c.reverts(alice, m.inst, fpmmABI.PackBuy(invest, big.NewInt(0), new(big.Int).Add(quote, big.NewInt(1))), "minimum buy amount not reached")
	c.reverts(alice, m.inst, fpmmABI.PackBuy(invest, big.NewInt(2), big.NewInt(0)), "invalid outcome index")
	rc := c.send(alice, m.inst, fpmmABI.PackBuy(invest, big.NewInt(0), quote))
	buy := findLog(t, rc, func(l *types.Log) (*FixedProductMarketMakerFPMMBuy, error) { return fpmmABI.UnpackFPMMBuyEvent(l) })
	if buy.Buyer != alice.From || buy.InvestmentAmount.Cmp(invest) != 0 || buy.FeeAmount.Int64() != 20_000_000 ||
		buy.OutcomeIndex.Sign() != 0 || buy.OutcomeTokensBought.Cmp(quote) != 0 {
		t.Fatalf("FPMMBuy = %+v", buy)
	}
	eq(t, "bought", m.balance(alice.From, m.pos[0]), quote)
	after := m.pool()
	// The product of the pool's balances never falls on a trade.
	if new(big.Int).Mul(after[0], after[1]).Cmp(new(big.Int).Mul(before[0], before[1])) < 0 {
		t.Fatalf("pool product fell: %v -> %v", before, after)
	}
	eq(t, "collected fees", call(t, m.inst, fpmmABI.PackCollectedFees(), fpmmABI.UnpackCollectedFees), big.NewInt(20_000_000))

	// Sell back half of the return a full sell would give.
	ret := big.NewInt(400_000_000)
	need := call(t, m.inst, fpmmABI.PackCalcSellAmount(ret, big.NewInt(0)), fpmmABI.UnpackCalcSellAmount)
	sell := fpmmABI.PackSell(ret, big.NewInt(0), need)
	c.reverts(alice, m.inst, sell, "ERC1155: need operator approval for 3rd party transfers.")
	c.send(alice, m.ctf.inst, ctfABI.PackSetApprovalForAll(m.addr, true))
	c.reverts(alice, m.inst, fpmmABI.PackSell(ret, big.NewInt(0), new(big.Int).Sub(need, big.NewInt(1))), "maximum sell amount exceeded")
	rc = c.send(alice, m.inst, sell)
	sold := findLog(t, rc, func(l *types.Log) (*FixedProductMarketMakerFPMMSell, error) { return fpmmABI.UnpackFPMMSellEvent(l) })
	wantFee := new(big.Int).Div(new(big.Int).Mul(ret, feeFrac(2, 100)), new(big.Int).Sub(big.NewInt(1e18), feeFrac(2, 100)))
	if sold.ReturnAmount.Cmp(ret) != 0 || sold.FeeAmount.Cmp(wantFee) != 0 || sold.OutcomeTokensSold.Cmp(need) != 0 {
		t.Fatalf("FPMMSell = %+v (fee want %s)", sold, wantFee)
	}
	eq(t, "collateral back", c.tokenBalance(m.collateral, alice.From), ret)
	eq(t, "tokens left", m.balance(alice.From, m.pos[0]), new(big.Int).Sub(quote, need))

	// The only liquidity provider earns every fee; removing all funding
	// pays them and returns the pool's outcome tokens.
	fees := new(big.Int).Add(big.NewInt(20_000_000), wantFee)
	eq(t, "withdrawable", call(t, m.inst, fpmmABI.PackFeesWithdrawableBy(c.owner.From), fpmmABI.UnpackFeesWithdrawableBy), fees)
	pool := m.pool()
	ownerBefore := []*big.Int{m.balance(c.owner.From, m.pos[0]), m.balance(c.owner.From, m.pos[1])}
	rc = c.send(c.owner, m.inst, fpmmABI.PackRemoveFunding(big.NewInt(10_000_000_000)))
	rm := findLog(t, rc, func(l *types.Log) (*FixedProductMarketMakerFPMMFundingRemoved, error) {
		return fpmmABI.UnpackFPMMFundingRemovedEvent(l)
	})
	if rm.CollateralRemovedFromFeePool.Cmp(fees) != 0 || rm.SharesBurnt.Int64() != 10_000_000_000 {
		t.Fatalf("FPMMFundingRemoved = %+v, want fees %s", rm, fees)
	}
	eq(t, "fees paid", c.tokenBalance(m.collateral, c.owner.From), fees)
	for i := range pool {
		eq(t, "outcome tokens returned", new(big.Int).Sub(m.balance(c.owner.From, m.pos[i]), ownerBefore[i]), pool[i])
	}
}

// TestFPMMRejectsStrayTokens: positions sent straight to a market would
// skew its pool behind its accounting, so it refuses them.
func TestFPMMRejectsStrayTokens(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	m := newMarket(t, c, big.NewInt(0))
	m.fund(c.owner, big.NewInt(1_000), nil)
	c.mint(m.collateral, c.owner.From, big.NewInt(10))
	c.send(c.owner, m.collateral.inst, tokenABI.PackApprove(m.addr, big.NewInt(10)))
	c.send(c.owner, m.inst, fpmmABI.PackBuy(big.NewInt(10), big.NewInt(1), big.NewInt(0)))
	c.reverts(c.owner, m.ctf.inst, ctfABI.PackSafeTransferFrom(c.owner.From, m.addr, m.pos[1], big.NewInt(1), nil),
		"ERC1155: got unknown value from onERC1155Received")
	if !call(t, m.inst, fpmmABI.PackSupportsInterface([4]byte{0x4e, 0x23, 0x12, 0xe0}), fpmmABI.UnpackSupportsInterface) {
		t.Fatal("market does not announce the ERC-1155 receiver interface")
	}
}

// TestFPMMFactoryRejectsBadConditions: a market needs prepared conditions
// and a fee below 100%.
func TestFPMMFactoryRejectsBadConditions(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	x := c.deployCTF()
	fac := fpmmFacABI.Instance(c.client, c.deploy(FixedProductMarketMakerFactoryMetaData.Bin, nil))
	c.reverts(c.owner, fac, fpmmFacABI.PackCreateFixedProductMarketMaker(x.addr, x.collateral.addr, [][32]byte{{1}}, big.NewInt(0)), "conditions must be valid")
	q := common.HexToHash("0x03")
	c.send(c.owner, x.inst, ctfABI.PackPrepareCondition(c.owner.From, q, big.NewInt(2)))
	cond := x.conditionID(c.owner.From, q, 2)
	c.reverts(c.owner, fac, fpmmFacABI.PackCreateFixedProductMarketMaker(x.addr, x.collateral.addr, [][32]byte{cond}, big.NewInt(1e18)), "fee must be below 100%")
}
