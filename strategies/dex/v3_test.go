package dex

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// sqrtPriceOf is sqrt(num/den) in Q64.96, rounded down.
func sqrtPriceOf(num, den int64) *big.Int {
	v := new(big.Int).Lsh(big.NewInt(num), 192)
	return v.Sqrt(v.Quo(v, big.NewInt(den)))
}

// newV3Pools deploys the V3 stack and seeds:
//   - AAA/BBB 0.3% at price 1: full range plus a narrow range [-600, 600],
//     so small swaps stay in one range and large ones cross a tick;
//   - AAA/BBB 1% at price 1 (a second tier for the factory lookup);
//   - BBB/CCC 0.05% at 2000 CCC per BBB, full range (about 500 BBB deep).
func newV3Pools(tb testing.TB) *v3env {
	e := newV3Env(tb)
	one := sqrtPriceOf(1, 1)
	e.pool("AAA", "BBB", 3000, one, v3FullLower, v3FullUpper, 1_000_000)
	e.pool("AAA", "BBB", 3000, one, -600, 600, 100_000)
	e.pool("AAA", "BBB", 10000, one, -887200, 887200, 10_000)
	ccc := sqrtPriceOf(2000, 1) // 2000 CCC per BBB
	if e.tokens["CCC"].Address.Cmp(e.tokens["BBB"].Address) < 0 {
		ccc = sqrtPriceOf(1, 2000)
	}
	e.pool("BBB", "CCC", 500, ccc, -887270, 887270, 1_000_000)
	return e
}

// quoterDirect calls QuoterV2 with the artifact's own ABI, independently of
// the client's packing.
func (e *v3env) quoterDirect(method string, args ...any) []any {
	e.t.Helper()
	to := e.venue.Quoter
	out, err := e.client.CallContract(context.Background(), ethereum.CallMsg{To: &to, Data: pack(e.t, e.quoter.ABI, method, args...)}, nil)
	if err != nil {
		e.t.Fatalf("QuoterV2.%s: %v", method, err)
	}
	vals, err := e.quoter.ABI.Unpack(method, out)
	if err != nil {
		e.t.Fatal(err)
	}
	return vals
}

func argTypes(args abi.Arguments) string {
	var s []string
	for _, a := range args {
		s = append(s, a.Type.String())
	}
	return strings.Join(s, ",")
}

func TestV3ABIMatchesArtifacts(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		ours abi.ABI
		art  [2]string
	}{{v3FactoryABI, artV3Factory}, {v3PoolABI, artV3Pool}, {quoterV2ABI, artQuoterV2}, {router02ABI, artRouter02}} {
		theirs := loadArt(t, c.art).ABI
		for name, m := range c.ours.Methods {
			tm, ok := theirs.Methods[name]
			if !ok || tm.Sig != m.Sig || argTypes(tm.Outputs) != argTypes(m.Outputs) {
				t.Errorf("%s: our %s -> %s does not match the artifact's %s -> %s", c.art[1], m.Sig, argTypes(m.Outputs), tm.Sig, argTypes(tm.Outputs))
			}
		}
	}
}

func TestV3PoolsOnEveryFeeTier(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	c := e.v3()
	if err := c.CheckRouter(context.Background()); err != nil {
		t.Fatal(err)
	}
	pools, err := c.Pools(context.Background(), e.tokens["BBB"].Address, e.tokens["AAA"].Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pools) != 2 || pools[0].Fee != 3000 || pools[1].Fee != 10000 || pools[0].TickSpacing != 60 || pools[1].TickSpacing != 200 {
		t.Fatalf("pools = %+v, want the 0.3%% and 1%% tiers", pools)
	}
	want := new(big.Int).Lsh(big.NewInt(1), 96)
	if pools[0].SqrtPriceX96.Cmp(want) != 0 || pools[0].Tick != 0 || pools[0].Liquidity.Sign() <= 0 {
		t.Fatalf("0.3%% pool state = %+v, want price 1 at tick 0 with liquidity", pools[0])
	}
	_, err = c.Pools(context.Background(), e.tokens["AAA"].Address, e.tokens["CCC"].Address, nil)
	if !errors.Is(err, ErrNoV3Pool) {
		t.Fatalf("AAA/CCC has no pool; got %v", err)
	}
}

// TestV3QuotesEqualQuoterV2 checks our QuoterV2 client and the exact local
// math against QuoterV2 called directly, in one range and across a tick,
// both directions, exact input and exact output.
func TestV3QuotesEqualQuoterV2(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	c := e.v3()
	ctx := context.Background()
	a, b := e.tokens["AAA"].Address, e.tokens["BBB"].Address
	pools, err := c.Pools(ctx, a, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	pool := pools[0]
	for _, tc := range []struct {
		name     string
		in, out  common.Address
		amount   *big.Int
		exactOut bool
		crosses  bool
	}{
		{"1 AAA in", a, b, ether18(1), false, false},
		{"1234.5678 BBB in", b, a, new(big.Int).Mul(big.NewInt(12345678), big.NewInt(1e14)), false, false},
		{"3 wei AAA in", a, b, big.NewInt(3), false, false},
		{"20k AAA in", a, b, ether18(20_000), false, false},
		{"150k AAA in leaves the narrow range", a, b, ether18(150_000), false, true},
		{"150k BBB in leaves the narrow range", b, a, ether18(150_000), false, true},
		{"5k BBB out", a, b, ether18(5_000), true, false},
		{"140k AAA out leaves the narrow range", b, a, ether18(140_000), true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fee := big.NewInt(3000)
			zeroForOne := tc.in == pool.Token0
			amount := new(big.Int).Set(tc.amount)
			var q *V3Quote
			var direct []any
			if tc.exactOut {
				q, err = c.QuoteExactOutputSingle(ctx, tc.in, tc.out, 3000, tc.amount, nil, nil)
				direct = e.quoterDirect("quoteExactOutputSingle", quoterOut{tc.in, tc.out, tc.amount, fee, new(big.Int)})
				amount.Neg(amount)
			} else {
				q, err = c.QuoteExactInputSingle(ctx, tc.in, tc.out, 3000, tc.amount, nil, nil)
				direct = e.quoterDirect("quoteExactInputSingle", quoterIn{tc.in, tc.out, tc.amount, fee, new(big.Int)})
			}
			if err != nil {
				t.Fatal(err)
			}
			if q.Amount.Cmp(direct[0].(*big.Int)) != 0 || q.SqrtAfter[0].Cmp(direct[1].(*big.Int)) != 0 {
				t.Fatalf("client quote %s (sqrt %s), QuoterV2 %s (sqrt %s)", q.Amount, q.SqrtAfter[0], direct[0], direct[1])
			}
			if got := q.TicksCrossed[0] > 0; got != tc.crosses {
				t.Fatalf("QuoterV2 crossed %d ticks, want crossing %v", q.TicksCrossed[0], tc.crosses)
			}
			// one range only: crossing a tick must be refused, not guessed
			inRange, err := SimulateV3Swap(pool, c.Ticks(ctx, pool), zeroForOne, amount, nil, 0)
			if tc.crosses {
				if !errors.Is(err, ErrTooManyTicks) {
					t.Fatalf("in-range math on a crossing swap: %v, %v", inRange, err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			local, err := SimulateV3Swap(pool, c.Ticks(ctx, pool), zeroForOne, amount, nil, maxLocalCross)
			if err != nil {
				t.Fatal(err)
			}
			got := local.AmountOut
			if tc.exactOut {
				got = local.AmountIn
			}
			if got.Cmp(q.Amount) != 0 || local.SqrtAfter.Cmp(q.SqrtAfter[0]) != 0 {
				t.Fatalf("local %s (sqrt %s), QuoterV2 %s (sqrt %s)", got, local.SqrtAfter, q.Amount, q.SqrtAfter[0])
			}
			t.Logf("%s: QuoterV2 = local = %s wei, %d ticks crossed", tc.name, q.Amount, local.Crossed)
		})
	}
}

// swapper is an account holding AAA and BBB that has approved SwapRouter02.
func (e *v3env) swapper() *bind.TransactOpts {
	e.t.Helper()
	opts := e.account(map[string]int64{"AAA": 1_000_000, "BBB": 1_000_000})
	for _, sym := range []string{"AAA", "BBB"} {
		e.approve(opts, sym, e.venue.SwapRouter02, ether18(1_000_000))
	}
	return opts
}

func TestV3ExactInputSingleMovesTheQuotedAmounts(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	c := e.v3()
	ctx := context.Background()
	trader := e.swapper()
	for _, amt := range []*big.Int{ether18(2_500), ether18(150_000)} {
		spec := V3SwapSpec{TokenIn: e.tokens["AAA"], TokenOut: e.tokens["BBB"], Fee: 3000, AmountIn: amt,
			SlippageBps: 50, Deadline: e.deadline(), Recipient: trader.From}
		leg, err := c.PlanExactInputSingle(ctx, spec, nil)
		if err != nil {
			t.Fatal(err)
		}
		if leg.Local == nil || leg.Local.AmountOut.Cmp(leg.Quote.Amount) != 0 {
			t.Fatalf("plan has no exact local cross-check: %+v", leg.Local)
		}
		// what the policy will see of this call
		dec, err := DecodeSwapRouter02(leg.Swap.Data)
		if err != nil || len(dec) != 1 || dec[0].TokenIn != spec.TokenIn.Address || dec[0].TokenOut != spec.TokenOut.Address ||
			dec[0].AmountIn.Cmp(amt) != 0 || dec[0].AmountOut.Cmp(leg.MinOut) != 0 || dec[0].Payee(trader.From, leg.Swap.To) != trader.From ||
			dec[0].Fee() != 3000 || dec[0].Deadline.Cmp(spec.Deadline) != 0 {
			t.Fatalf("decoded plan call %+v, %v", dec, err)
		}
		a0, b0 := e.balance("AAA", trader.From), e.balance("BBB", trader.From)
		r := e.send(trader, leg.Swap.To, leg.Swap.Data)
		spent := new(big.Int).Sub(a0, e.balance("AAA", trader.From))
		got := new(big.Int).Sub(e.balance("BBB", trader.From), b0)
		if spent.Cmp(amt) != 0 || got.Cmp(leg.Quote.Amount) != 0 {
			t.Fatalf("swap moved -%s AAA +%s BBB, quoted -%s +%s", spent, got, amt, leg.Quote.Amount)
		}
		if _, err := VerifySwap(ctx, e.client, trader.From, leg.Trade, r); err != nil {
			t.Fatal(err)
		}
	}
}

func TestV3MultiHopExactInput(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	c := e.v3()
	ctx := context.Background()
	trader := e.swapper()
	path := V3Path{Tokens: []common.Address{e.tokens["AAA"].Address, e.tokens["BBB"].Address, e.tokens["CCC"].Address}, Fees: []uint32{3000, 500}}
	spec := V3SwapSpec{TokenIn: e.tokens["AAA"], TokenOut: e.tokens["CCC"], AmountIn: ether18(7),
		SlippageBps: 30, Deadline: e.deadline(), Recipient: trader.From}
	leg, err := c.PlanExactInput(ctx, path, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := path.Encode()
	direct := e.quoterDirect("quoteExactInput", enc, spec.AmountIn)
	if leg.Quote.Amount.Cmp(direct[0].(*big.Int)) != 0 || len(leg.Local) != 2 || leg.Local[1].AmountOut.Cmp(leg.Quote.Amount) != 0 {
		t.Fatalf("path quote %s, QuoterV2 %s, local hops %+v", leg.Quote.Amount, direct[0], leg.Local)
	}
	c0 := e.balance("CCC", trader.From)
	r := e.send(trader, leg.Swap.To, leg.Swap.Data)
	if got := new(big.Int).Sub(e.balance("CCC", trader.From), c0); got.Cmp(leg.Quote.Amount) != 0 {
		t.Fatalf("received %s CCC, quoted %s", got, leg.Quote.Amount)
	}
	if _, err := VerifySwap(ctx, e.client, trader.From, leg.Trade, r); err != nil {
		t.Fatal(err)
	}
	// 7 * 2000 CCC less two fees and ~1.4% impact in a 500 BBB pool: a path
	// that took a hop the wrong way would be orders of magnitude off
	if lo, hi := ether18(13_500), ether18(14_000); leg.Quote.Amount.Cmp(lo) < 0 || leg.Quote.Amount.Cmp(hi) > 0 {
		t.Fatalf("7 AAA bought %s CCC, want about 13,950", leg.Quote.Amount)
	}
}

func TestV3ExactOutputSingle(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	c := e.v3()
	ctx := context.Background()
	trader := e.swapper()
	want := ether18(4_321)
	spec := V3SwapSpec{TokenIn: e.tokens["BBB"], TokenOut: e.tokens["AAA"], Fee: 3000,
		SlippageBps: 50, Deadline: e.deadline(), Recipient: trader.From}
	leg, err := c.PlanExactOutputSingle(ctx, spec, want, nil)
	if err != nil {
		t.Fatal(err)
	}
	if leg.Local == nil || leg.Local.AmountIn.Cmp(leg.Quote.Amount) != 0 {
		t.Fatalf("no exact local cross-check: %+v", leg.Local)
	}
	a0, b0 := e.balance("AAA", trader.From), e.balance("BBB", trader.From)
	e.send(trader, leg.Swap.To, leg.Swap.Data)
	got := new(big.Int).Sub(e.balance("AAA", trader.From), a0)
	spent := new(big.Int).Sub(b0, e.balance("BBB", trader.From))
	if got.Cmp(want) != 0 || spent.Cmp(leg.Quote.Amount) != 0 || spent.Cmp(leg.MaxIn) > 0 {
		t.Fatalf("bought %s AAA for %s BBB; want %s for the quoted %s (max %s)", got, spent, want, leg.Quote.Amount, leg.MaxIn)
	}
}

// TestV3FrontRunRevertsOnMinimum: a swap planned at one price and front-run
// by a large swap the same way reverts on amountOutMinimum, on chain, and
// costs the trader no tokens.
func TestV3FrontRunRevertsOnMinimum(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	c := e.v3()
	ctx := context.Background()
	trader, front := e.swapper(), e.swapper()
	spec := V3SwapSpec{TokenIn: e.tokens["AAA"], TokenOut: e.tokens["BBB"], Fee: 3000, AmountIn: ether18(1_000),
		SlippageBps: 50, Deadline: e.deadline(), Recipient: trader.From}
	leg, err := c.PlanExactInputSingle(ctx, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	// the front-runner moves the price about 0.8%: beyond the 0.5% limit
	run := ExactInputSingleData(spec.TokenIn.Address, spec.TokenOut.Address, 3000, front.From, ether18(18_000), big.NewInt(1), nil)
	e.send(front, e.venue.SwapRouter02, MulticallData(e.deadline(), run))
	after, err := c.QuoteExactInputSingle(ctx, spec.TokenIn.Address, spec.TokenOut.Address, 3000, spec.AmountIn, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if after.Amount.Cmp(leg.MinOut) >= 0 {
		t.Fatalf("the front-run left the quote at %s, not below the minimum %s: the test proves nothing", after.Amount, leg.MinOut)
	}
	to := leg.Swap.To
	_, err = e.client.EstimateGas(ctx, ethereum.CallMsg{From: trader.From, To: &to, Data: leg.Swap.Data})
	if err == nil || !strings.Contains(err.Error(), "Too little received") {
		t.Fatalf("estimate after the front-run: %v, want SwapRouter02's 'Too little received'", err)
	}
	a0, b0 := e.balance("AAA", trader.From), e.balance("BBB", trader.From)
	opts := *trader
	opts.GasLimit = 500_000 // send anyway: the chain itself must refuse
	tx, err := bind.NewBoundContract(to, abi.ABI{}, e.client, e.client, e.client).RawTransact(&opts, leg.Swap.Data)
	if err != nil {
		t.Fatal(err)
	}
	e.backend.Commit()
	r, err := e.client.TransactionReceipt(ctx, tx.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != types.ReceiptStatusFailed {
		t.Fatal("the front-run swap did not revert")
	}
	if e.balance("AAA", trader.From).Cmp(a0) != 0 || e.balance("BBB", trader.From).Cmp(b0) != 0 {
		t.Fatal("a reverted swap moved the trader's tokens")
	}
}

func TestV3DeadlineInMulticall(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	trader := e.swapper()
	past := new(big.Int).Sub(e.deadline(), big.NewInt(7200))
	data := MulticallData(past, ExactInputSingleData(e.tokens["AAA"].Address, e.tokens["BBB"].Address, 3000, trader.From, ether18(1), big.NewInt(1), nil))
	to := e.venue.SwapRouter02
	_, err := e.client.EstimateGas(context.Background(), ethereum.CallMsg{From: trader.From, To: &to, Data: data})
	if err == nil || !strings.Contains(err.Error(), "Transaction too old") {
		t.Fatalf("a swap past its deadline: %v, want 'Transaction too old'", err)
	}
}

func TestV3PoolInitCodeMatchesPeriphery(t *testing.T) {
	t.Parallel()
	// QuoterV2 and SwapRouter02 find pools by CREATE2 with this hash; a
	// pool artifact that differs would make every quote revert.
	got := crypto.Keccak256Hash(loadArt(t, artV3Pool).Bytecode)
	if want := common.HexToHash("0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54"); got != want {
		t.Fatalf("pool init code hash %s, periphery expects %s", got.Hex(), want.Hex())
	}
}

// TestV3ExactOutputFrontRunRevertsWhole: an exact-output swap front-run
// past its amountInMaximum reverts whole. (With a price limit SwapRouter02
// would fill it in part instead: asked for 30,000 it delivered 12,303,
// which is why the plan sets none.)
func TestV3ExactOutputFrontRunRevertsWhole(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	c := e.v3()
	ctx := context.Background()
	trader, front := e.swapper(), e.swapper()
	spec := V3SwapSpec{TokenIn: e.tokens["BBB"], TokenOut: e.tokens["AAA"], Fee: 3000, SlippageBps: 50, Deadline: e.deadline(), Recipient: trader.From}
	leg, err := c.PlanExactOutputSingle(ctx, spec, ether18(30_000), nil)
	if err != nil {
		t.Fatal(err)
	}
	run := ExactInputSingleData(spec.TokenIn.Address, spec.TokenOut.Address, 3000, front.From, ether18(40_000), big.NewInt(1), nil)
	e.send(front, e.venue.SwapRouter02, MulticallData(e.deadline(), run))
	to := leg.Swap.To
	_, err = e.client.EstimateGas(ctx, ethereum.CallMsg{From: trader.From, To: &to, Data: leg.Swap.Data})
	if err == nil || !strings.Contains(err.Error(), "Too much requested") {
		t.Fatalf("exact output after the front-run: %v, want SwapRouter02's 'Too much requested'", err)
	}
	dec, err := DecodeSwapRouter02(leg.Swap.Data)
	if err != nil || !dec[0].ExactOutput || dec[0].SqrtPriceLimitX96.Sign() != 0 || dec[0].AmountIn.Cmp(leg.MaxIn) != 0 {
		t.Fatalf("decoded %+v, %v: want an exact output with amountInMaximum and no price limit", dec, err)
	}
}

// TestV3PlanSwapLeg: the V2-shaped leg approves SwapRouter02 for exactly
// the amount, swaps, and its trade checks out against the balances.
func TestV3PlanSwapLeg(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	c := e.v3()
	ctx := context.Background()
	trader := e.account(map[string]int64{"AAA": 10_000})
	spec := SwapSpec{TokenIn: e.tokens["AAA"], TokenOut: e.tokens["BBB"], AmountIn: ether18(1_500), SlippageBps: 50,
		Account: trader.From, Deadline: e.deadline(), Quote: e.tokens["BBB"], ValueQuote: ether18(1_500)}
	leg, v3, err := c.PlanSwap(ctx, spec, 3000, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(leg.Calls) != 2 || leg.Calls[0].Method != "approve" || leg.Trade.ValueQuote.Cmp(spec.ValueQuote) != 0 {
		t.Fatalf("leg = %+v, want approve then swap, valued", leg)
	}
	for i, call := range leg.Calls {
		ok, err := MatchV3Swap(call, leg.Trade, trader.From)
		if err != nil || ok != (i == 1) {
			t.Fatalf("MatchV3Swap(call %d) = %v, %v", i, ok, err)
		}
	}
	e.send(trader, leg.Calls[0].To, leg.Calls[0].Data)
	r := e.send(trader, leg.Calls[1].To, leg.Calls[1].Data)
	d, err := VerifySwap(ctx, e.client, trader.From, leg.Trade, r)
	if err != nil || d.Received.Cmp(v3.Quote.Amount) != 0 {
		t.Fatalf("swap delta %+v, %v; quoted %s", d, err, v3.Quote.Amount)
	}
	if a, _ := c.Allowance(ctx, spec.TokenIn.Address, trader.From, nil); a.Sign() != 0 {
		t.Fatalf("allowance left after the swap: %s (the approval must be exact)", a)
	}
	other := leg.Trade
	other.MinOut = new(big.Int).Add(other.MinOut, big.NewInt(1))
	if ok, err := MatchV3Swap(leg.Calls[1], other, trader.From); ok || err == nil {
		t.Fatal("a call matched a trade with another minimum")
	}
	if ok, err := MatchV3Swap(leg.Calls[1], leg.Trade, e.owner.From); ok || err == nil {
		t.Fatal("a call paying the trader matched a trade for someone else")
	}
}

func TestV3PathThroughOnePoolTwiceIsRefused(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	a, b := e.tokens["AAA"], e.tokens["BBB"]
	path := V3Path{Tokens: []common.Address{a.Address, b.Address, a.Address}, Fees: []uint32{3000, 3000}}
	spec := V3SwapSpec{TokenIn: a, TokenOut: a, AmountIn: ether18(10), SlippageBps: 50, Deadline: e.deadline(), Recipient: e.owner.From}
	_, err := e.v3().PlanExactInput(context.Background(), path, spec, nil)
	if err == nil || !strings.Contains(err.Error(), "at hops 0 and 1") {
		t.Fatalf("a path through one pool twice: %v, want a refusal", err)
	}
}
