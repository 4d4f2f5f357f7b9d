package polymarket

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

// paperWorld is a predict.polymarket strategy on a test CLOB whose YES
// book the test moves.
func paperWorld(t *testing.T, fair string) (*Strategy, *clobtest.Server, *big.Int) {
	t.Helper()
	return paperWorldFee(t, fair, clob.FeeSchedule{}, false)
}

func paperWorldFee(t *testing.T, fair string, fee clob.FeeSchedule, postOnly bool) (*Strategy, *clobtest.Server, *big.Int) {
	t.Helper()
	key, _ := crypto.GenerateKey()
	signer := wallet.NewSigner(key)
	yes := big.NewInt(11)
	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: "0x" + strings.Repeat("cd", 32),
		Tokens: [2]*big.Int{yes, big.NewInt(12)}, Tick: "0.01", MinSize: "1", Fee: fee}}})
	srv.Fund(signer.Address(), big.NewInt(1_000_000_000))
	c := agentClient(t, srv, signer)
	p := DefaultParams()
	p.Markets = []MarketParam{{Name: "yes", TokenID: "11", Fair: fair}}
	p.PostOnly = postOnly
	s, err := New(Deps{Client: c, Journal: clob.DirJournal{Dir: t.TempDir()}, Account: signer.Address()}, p)
	if err != nil {
		t.Fatal(err)
	}
	return s, srv, yes
}

// paperSell is a virtual SELL of size tokens of s's first market at price,
// built from a fresh observation as a paper plan's order is.
func paperSell(t *testing.T, s *Strategy, price, size *big.Rat) strategies.PaperOrder {
	t.Helper()
	obs, err := s.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	plan, err := s.order(s.markets[0], &clob.Target{Side: clob.Sell, Price: price, Size: size, Why: "test"}, obs.State.(*state))
	if err != nil {
		t.Fatal(err)
	}
	terms, err := (&Rules{}).DecodeSign(plan.Signs[0])
	if err != nil {
		t.Fatal(err)
	}
	return strategies.PaperOrder{Seq: 1, ID: terms.ID, Request: plan.Signs[0]}
}

// TestPaperOrdersFillConservativelyAgainstTheBook: a virtual SELL of 10
// at 0.45 fills only once the best bid is at or above 0.45, at 0.45 (not
// the better bid), for no more than the best bid's size and never against
// the same liquidity twice; the collateral is rounded against the agent;
// what is left rests in the facts with the paper position; and the CLOB
// never sees the order.
func TestPaperOrdersFillConservativelyAgainstTheBook(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, srv, yes := paperWorld(t, "0.30")
	srv.AddLiquidity(yes, clob.Buy, "0.40", "50")
	srv.AddLiquidity(yes, clob.Sell, "0.80", "50")
	m := s.markets[0]
	pos := s.position(m)

	// 10.01 tokens at 0.45 is 4.5045 pUSD: a part of it rounds.
	order := paperSell(t, s, big.NewRat(45, 100), big.NewRat(1001, 100))
	book := &strategies.PaperBook{Orders: []strategies.PaperOrder{order},
		Held: map[common.Address]*big.Int{pos: big.NewInt(10_010_000)}}
	observe := func() ([]strategies.VenueFill, *state) {
		t.Helper()
		s.SetPaper(book)
		obs, err := s.Observe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		fills := s.PaperFills(obs)
		for _, f := range fills { // as the runtime books them
			book.Orders[0].Fills = append(book.Orders[0].Fills, f)
			book.Held[pos] = new(big.Int).Sub(book.Held[pos], f.AmountIn)
		}
		return fills, obs.State.(*state)
	}
	if fills, st := observe(); len(fills) != 0 || len(st.virtual["yes"]) != 1 || st.paperHeld["yes"].Int64() != 10_010_000 {
		t.Fatalf("a sell above the best bid: fills %+v, virtual %+v, held %v", fills, st.virtual, st.paperHeld)
	}

	srv.AddLiquidity(yes, clob.Buy, "0.47", "3")
	fills, st := observe()
	if len(fills) != 1 {
		t.Fatalf("bid 3 at 0.47 over a sell at 0.45: %d fills", len(fills))
	}
	f := fills[0]
	if f.Order != order.ID || f.Price != "0.45" || f.TokenIn != pos || f.AmountIn.Int64() != 3_000_000 ||
		f.TokenOut != s.contracts.Collateral || f.AmountOut.Int64() != 1_350_000 {
		t.Fatalf("fill %+v, want 3 YES sold for 1.35 pUSD at the order's 0.45", f)
	}
	if v := st.virtual["yes"]; len(v) != 1 || v[0].SizeMatched != "3" || v[0].OriginalSize != "10.01" || st.paperHeld["yes"].Int64() != 7_010_000 {
		t.Fatalf("after the fill: virtual %+v, paper held %v", v, st.paperHeld)
	}
	if fills, _ := observe(); len(fills) != 0 {
		t.Fatalf("the same 3 at 0.47 filled again: %+v", fills)
	}
	srv.AddLiquidity(yes, clob.Buy, "0.47", "2") // the level grows to 5: 2 are new
	if fills, _ := observe(); len(fills) != 1 || fills[0].AmountIn.Int64() != 2_000_000 || fills[0].ID == f.ID {
		t.Fatalf("2 more at 0.47: %+v", fills)
	}
	srv.AddLiquidity(yes, clob.Buy, "0.46", "100") // below 0.47: the best level is still the 5 taken
	if fills, _ := observe(); len(fills) != 0 {
		t.Fatalf("a deeper level filled: %+v", fills)
	}
	srv.Take(yes, clob.Sell, "0.47", "5")
	fills, st = observe() // 0.46 for 100 is best now: the 5.01 left fills, 2.2545 pUSD rounded down
	if len(fills) != 1 || fills[0].AmountIn.Int64() != 5_010_000 || fills[0].AmountOut.Int64() != 2_254_500 || len(st.virtual["yes"]) != 0 || st.paperHeld["yes"].Sign() != 0 {
		t.Fatalf("the rest: fills %+v, virtual %+v, held %v", fills, st.virtual, st.paperHeld)
	}
	var paid int64
	for _, f := range book.Orders[0].Fills {
		paid += f.AmountOut.Int64()
	}
	if paid != 4_504_500 {
		t.Fatalf("the order's fills paid %d pUSD units, want its 4.5045 in full", paid)
	}
	if fills, _ := observe(); len(fills) != 0 {
		t.Fatalf("a filled order filled again: %+v", fills)
	}
	if srv.Posts(order.ID) != 0 {
		t.Fatal("the paper order reached the CLOB")
	}
}

// TestPaperFillsPayTheFee: in a market with a 3% taker fee, a paper sale
// that could take pays the fee out of every fill's proceeds (the book
// cannot tell which fills it would have taken); a post-only one rests, a
// maker, and pays none.
func TestPaperFillsPayTheFee(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		postOnly bool
		proceeds int64
	}{{"could take", false, 4_500_000 - 74_250}, {"post-only", true, 4_500_000}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s, srv, yes := paperWorldFee(t, "0.30", clob.FeeSchedule{Rate: big.NewRat(3, 100), Exponent: 1}, tc.postOnly)
			srv.AddLiquidity(yes, clob.Sell, "0.80", "50")
			m := s.markets[0]
			pos := s.position(m)
			order := paperSell(t, s, big.NewRat(45, 100), big.NewRat(10, 1))
			srv.AddLiquidity(yes, clob.Buy, "0.47", "10")
			s.SetPaper(&strategies.PaperBook{Orders: []strategies.PaperOrder{order},
				Held: map[common.Address]*big.Int{pos: big.NewInt(10_000_000)}})
			obs, err := s.Observe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// 10 * 0.03 * 0.45 * 0.55 = 0.07425 pUSD of fee.
			if f := s.PaperFills(obs); len(f) != 1 || f[0].AmountIn.Int64() != 10_000_000 || f[0].AmountOut.Int64() != tc.proceeds {
				t.Fatalf("paper fills %+v, want 10 sold for %d pUSD units", f, tc.proceeds)
			}
		})
	}
}

// TestPaperHoldingsDecideSells: on paper the strategy sells what it holds
// on paper, not the wallet's tokens: with 5 YES held on paper and none in
// the wallet, a forecast below the bid plans a sale of the 5; live, the
// same book plans a bid below the forecast instead.
func TestPaperHoldingsDecideSells(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, srv, yes := paperWorld(t, "0.30")
	srv.AddLiquidity(yes, clob.Buy, "0.40", "50")
	srv.AddLiquidity(yes, clob.Sell, "0.80", "50")
	plan := func() *strategies.Plan {
		t.Helper()
		obs, err := s.Observe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Plan(ctx, obs, s.Propose(obs))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	side := func(p *strategies.Plan) string {
		t.Helper()
		if p == nil || len(p.Signs) != 1 {
			t.Fatalf("plan %+v", p)
		}
		terms, err := (&Rules{}).DecodeSign(p.Signs[0])
		if err != nil {
			t.Fatal(err)
		}
		return terms.Side + " " + terms.Size
	}
	if got := side(plan()); !strings.HasPrefix(got, "BUY ") {
		t.Fatalf("live with no tokens the plan is %s, want a bid below the forecast", got)
	}
	s.SetPaper(&strategies.PaperBook{Held: map[common.Address]*big.Int{s.position(s.markets[0]): big.NewInt(5_000_000)}})
	if got := side(plan()); got != "SELL 5.00" {
		t.Fatalf("paper with 5 YES held the plan is %s, want a SELL of the 5", got)
	}
}

// TestPaperReplaceDoesNotRetakeLiquidity: an order that replaces one whose
// fill took the best bid's 3 at 0.47 does not fill against those 3 again;
// 2 more at that level fill it for 2.
func TestPaperReplaceDoesNotRetakeLiquidity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, srv, yes := paperWorld(t, "0.30")
	srv.AddLiquidity(yes, clob.Buy, "0.47", "3")
	srv.AddLiquidity(yes, clob.Sell, "0.80", "50")
	m := s.markets[0]
	pos := s.position(m)
	sell := func(size int64) strategies.PaperOrder {
		t.Helper()
		obs, err := s.Observe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := s.order(m, &clob.Target{Side: clob.Sell, Price: big.NewRat(45, 100), Size: big.NewRat(size, 1), Why: "test"}, obs.State.(*state))
		if err != nil {
			t.Fatal(err)
		}
		terms, err := (&Rules{}).DecodeSign(plan.Signs[0])
		if err != nil {
			t.Fatal(err)
		}
		return strategies.PaperOrder{ID: terms.ID, Request: plan.Signs[0]}
	}
	fillsOf := func(o strategies.PaperOrder) []strategies.VenueFill {
		t.Helper()
		s.SetPaper(&strategies.PaperBook{Orders: []strategies.PaperOrder{o}, Held: map[common.Address]*big.Int{pos: big.NewInt(20_000_000)}})
		obs, err := s.Observe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s.PaperFills(obs)
	}
	a := sell(10)
	first := fillsOf(a)
	if len(first) != 1 || first[0].AmountIn.Int64() != 3_000_000 {
		t.Fatalf("the first order's fills %+v, want the 3 at 0.47", first)
	}
	b := sell(7)
	if got := fillsOf(b); len(got) != 1 {
		t.Fatalf("an order with no replace chain takes the level as the book shows it: %+v", got)
	}
	b.Taken = first
	if got := fillsOf(b); len(got) != 0 {
		t.Fatalf("the replacing order took the replaced order's 3 again: %+v", got)
	}
	srv.AddLiquidity(yes, clob.Buy, "0.47", "2")
	if got := fillsOf(b); len(got) != 1 || got[0].AmountIn.Int64() != 2_000_000 {
		t.Fatalf("2 more at 0.47: %+v", got)
	}
}
