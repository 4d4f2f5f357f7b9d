package polymarket

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

var (
	yesID, noID = big.NewInt(11), big.NewInt(12)
	condition   = "0x" + strings.Repeat("cd", 32)
	contracts   = func() clob.Contracts { c, _ := clob.ContractsFor(clob.Polygon); return c }()
	yesPos      = predict.PositionToken(contracts.CTF, yesID)
	noPos       = predict.PositionToken(contracts.CTF, noID)
)

// agent is predict.polymarket trading for a fresh key on srv, as the
// runtime drives it: observe, plan, sign what the plan asks, post.
type trader struct {
	t      *testing.T
	s      *Strategy
	signer *wallet.Signer
	srv    *clobtest.Server
}

func newAgent(t *testing.T, srv *clobtest.Server, fund int64, mod func(*Deps, *clob.Options, *Params)) *trader {
	t.Helper()
	ctx := context.Background()
	key, _ := crypto.GenerateKey()
	signer := wallet.NewSigner(key)
	l1, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: signer})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := l1.CreateOrDeriveAPIKey(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	d := Deps{Journal: clob.DirJournal{Dir: t.TempDir()}, Account: signer.Address()}
	// The CLOB's per-route budget is not what these tests are about.
	o := clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: addressOnly(signer.Address()), Creds: &creds, Default: clob.Limit{Rate: 1000, Burst: 1000}}
	p := DefaultParams()
	p.Markets = []MarketParam{{Name: "yes", TokenID: "11", Fair: "0.70", ConditionID: condition},
		{Name: "no", TokenID: "12", ConditionID: condition, Outcome: 1}}
	if mod != nil {
		mod(&d, &o, &p)
	}
	if d.Client, err = clob.NewClient(o); err != nil {
		t.Fatal(err)
	}
	srv.Fund(d.Account, big.NewInt(fund))
	s, err := New(d, p)
	if err != nil {
		t.Fatal(err)
	}
	return &trader{t: t, s: s, signer: signer, srv: srv}
}

func newServer(t *testing.T, hold bool) *clobtest.Server {
	srv := clobtest.New(t, clobtest.Options{HoldSettlement: hold, Markets: []clobtest.Market{{ConditionID: condition,
		Tokens: [2]*big.Int{yesID, noID}, Tick: "0.01", MinSize: "1"}}})
	srv.AddLiquidity(yesID, clob.Buy, "0.40", "50")
	srv.AddLiquidity(yesID, clob.Sell, "0.80", "50")
	return srv
}

func (a *trader) observe() *strategies.Observation {
	a.t.Helper()
	obs, err := a.s.Observe(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	return obs
}

// quote plans a quote of "yes" at probability p and carries it out:
// cancels first, then the wallet signs the order and it is posted. It
// returns the plan and the posted order's terms (nil: no order).
func (a *trader) quote(p float64) (*strategies.Plan, *strategies.SignTerms) {
	a.t.Helper()
	ctx := context.Background()
	params, _ := json.Marshal(quoteParams{Market: "yes", Probability: p})
	plan, err := a.s.Plan(ctx, a.observe(), strategies.Decision{Action: ActionQuote, Params: params})
	if err != nil || plan == nil {
		return plan, nil
	}
	var ids []string
	for _, c := range plan.Cancels {
		ids = append(ids, c.ID)
	}
	if len(ids) > 0 {
		if err := a.s.Cancel(ctx, ids); err != nil {
			a.t.Fatal(err)
		}
	}
	if len(plan.Signs) == 0 {
		return plan, nil
	}
	rules := &Rules{Tokens: map[string]string{}, Sides: map[string][]clob.Side{}}
	terms, err := rules.DecodeSign(plan.Signs[0])
	if err != nil {
		a.t.Fatal(err)
	}
	sig, err := a.signer.SignHash(terms.Digest[:])
	if err != nil {
		a.t.Fatal(err)
	}
	if _, err := a.s.Post(ctx, plan.Signs[0], sig); err != nil {
		a.t.Fatalf("post %s: %v", plan.Summary, err)
	}
	return plan, &terms
}

func (a *trader) fills() []strategies.VenueFill {
	a.t.Helper()
	f, err := a.s.Fills(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	return f
}

func base(n int64) *big.Int { return big.NewInt(n) }

// TestRestingBidFilledIsBookedOnceSettledThenSold: the agent's bid rests;
// a taker sells into it. While the trade is only MATCHED, Fills returns
// nothing and the wallet holds nothing; once mined, Fills returns exactly
// that fill once (10 tokens for 4.10 pUSD, its transaction hash), the
// wallet holds the tokens and they are marked at the book's mid. When the
// forecast drops under the best bid less the edge, the plan pulls the bid
// and sells what is held into the others' bid, and that sale is a fill
// too.
func TestRestingBidFilledIsBookedOnceSettledThenSold(t *testing.T) {
	t.Parallel()
	srv := newServer(t, true)
	a := newAgent(t, srv, 1_000_000_000, nil)
	_, bid := a.quote(0.70)
	if bid == nil || bid.Side != "BUY" || bid.Price != "0.4100" {
		t.Fatalf("first quote: %+v", bid)
	}
	trade := srv.Take(yesID, clob.Sell, "0.41", "10")
	if len(trade) != 1 {
		t.Fatalf("the taker matched %v", trade)
	}
	if f := a.fills(); len(f) != 0 {
		t.Fatalf("fills of a trade only MATCHED: %+v", f)
	}
	obs := a.observe()
	if held := a.s.HeldAssets(obs)[yesPos]; held == nil || held.Sign() != 0 {
		t.Fatalf("tokens held before settlement: %v", held)
	}
	srv.Mine()
	f := a.fills()
	want := strategies.VenueFill{ID: trade[0] + "/" + bid.ID, Order: bid.ID, TxHash: common.HexToHash(clobtest.TxHash(trade[0])), Price: "0.41",
		Fill: strategies.Fill{Venue: "yes", TokenIn: contracts.Collateral, AmountIn: base(4_100_000), TokenOut: yesPos, AmountOut: base(10_000_000)}}
	if len(f) != 1 || !sameFill(f[0], want) {
		t.Fatalf("fills once mined: %+v, want %+v", f, want)
	}
	srv.Confirm()
	if again := a.fills(); len(again) != 0 {
		t.Fatalf("the fill came back: %+v", again)
	}
	obs = a.observe()
	// The wallet's pUSD is the CLOB's figure too: 1000 less the 4.1 paid.
	if held := a.s.HeldAssets(obs); len(held) != 3 || held[yesPos].Cmp(base(10_000_000)) != 0 || held[noPos].Sign() != 0 ||
		held[contracts.Collateral].Cmp(base(995_900_000)) != 0 {
		t.Fatalf("held after settlement: %v", held)
	}
	// The mark is the mid of the others' book, the agent's own bid at 0.41
	// left out: (0.40 + 0.80) / 2.
	if m := obs.Marks[yesPos]; m == nil || m.Cmp(base(600_000)) != 0 {
		t.Fatalf("mark of yes: %v, want 600000", m)
	}
	if _, ok := obs.Marks[noPos]; ok {
		t.Fatal("a token with an empty book has a mark")
	}
	if m := obs.Marks[contracts.Collateral]; m == nil || m.Cmp(base(1_000_000)) != 0 {
		t.Fatalf("collateral mark %v", m)
	}
	if extra := a.s.ExtraAssets(); len(extra) != 3 || extra[0].Address != yesPos || extra[0].Decimals != 6 || extra[1].Address != noPos || extra[2].Address != contracts.Collateral {
		t.Fatalf("extra assets: %+v (the agent's own wallet holds the collateral: not one of them)", extra)
	}
	if !strings.Contains(obs.Summary, "holds 10 tokens of yes") {
		t.Fatalf("summary: %s", obs.Summary)
	}

	plan, sale := a.quote(0.30)
	if sale == nil || sale.Side != "SELL" || sale.Price != "0.3200" || sale.Size != "10.00" || len(plan.Cancels) != 1 || !strings.EqualFold(plan.Cancels[0].ID, bid.ID) {
		t.Fatalf("after the forecast dropped: plan %+v, terms %+v", plan, sale)
	}
	if f := a.fills(); len(f) != 0 {
		t.Fatalf("fills of an unsettled sale: %+v", f)
	}
	srv.Mine()
	f = a.fills()
	want = strategies.VenueFill{ID: "trade-2", Order: sale.ID, TxHash: common.HexToHash(clobtest.TxHash("trade-2")), Price: "0.4",
		Fill: strategies.Fill{Venue: "yes", TokenIn: yesPos, AmountIn: base(10_000_000), TokenOut: contracts.Collateral, AmountOut: base(4_000_000)}}
	if len(f) != 1 || !sameFill(f[0], want) {
		t.Fatalf("sale fill: %+v, want %+v", f, want)
	}
	if got := srv.Collateral(a.s.d.Account); got.Cmp(base(1_000_000_000-4_100_000+4_000_000)) != 0 {
		t.Fatalf("collateral after buying at 0.41 and selling at 0.40: %s", got)
	}
	if held := a.s.HeldAssets(a.observe())[yesPos]; held.Sign() != 0 {
		t.Fatalf("held after the sale: %s", held)
	}
	if _, next := a.quote(0.30); next == nil || next.Side != "BUY" || next.Price != "0.2800" {
		t.Fatalf("with nothing held, the quote is a bid that leaves the edge, not a sale: %+v", next)
	}
}

func sameFill(got, want strategies.VenueFill) bool {
	return strings.EqualFold(got.ID, want.ID) && strings.EqualFold(got.Order, want.Order) && got.TxHash == want.TxHash &&
		got.Price == want.Price && got.Venue == want.Venue && got.TokenIn == want.TokenIn && got.TokenOut == want.TokenOut &&
		got.AmountIn.Cmp(want.AmountIn) == 0 && got.AmountOut.Cmp(want.AmountOut) == 0 && !got.Time.IsZero()
}

// TestFailedSettlementIsNeverAFill: a match whose settlement fails moves
// nothing, is never returned, and does not hold back the fills after it.
func TestFailedSettlementIsNeverAFill(t *testing.T) {
	t.Parallel()
	srv := newServer(t, true)
	a := newAgent(t, srv, 1_000_000_000, nil)
	if _, bid := a.quote(0.70); bid == nil {
		t.Fatal("no bid")
	}
	failed := srv.Take(yesID, clob.Sell, "0.41", "10")
	srv.FailSettlement()
	if f := a.fills(); len(f) != 0 {
		t.Fatalf("a failed settlement is a fill: %+v", f)
	}
	if held := a.s.HeldAssets(a.observe())[yesPos]; held.Sign() != 0 {
		t.Fatalf("a failed settlement left %s tokens", held)
	}
	good := srv.Take(yesID, clob.Sell, "0.41", "5")
	srv.Mine()
	f := a.fills()
	if len(f) != 1 || !strings.HasPrefix(f[0].ID, good[0]+"/") || f[0].AmountOut.Cmp(base(5_000_000)) != 0 || f[0].AmountIn.Cmp(base(2_050_000)) != 0 {
		t.Fatalf("fills after %s failed and %s settled: %+v", failed[0], good[0], f)
	}
	if f := a.fills(); len(f) != 0 {
		t.Fatalf("fills came back: %+v", f)
	}
}

// TestResolvedMarketsMarkAtThePayout: once the market resolves its book is
// gone (404), yet the wallet's tokens are still read, the winning token
// marks at one pUSD and the loser at nothing, and nothing more is quoted.
func TestResolvedMarketsMarkAtThePayout(t *testing.T) {
	t.Parallel()
	srv := newServer(t, false)
	a := newAgent(t, srv, 1_000_000_000, nil)
	if _, bid := a.quote(0.70); bid == nil {
		t.Fatal("no bid")
	}
	srv.Take(yesID, clob.Sell, "0.41", "10")
	srv.Resolve(condition, 0)
	obs := a.observe()
	if y, n := obs.Marks[yesPos], obs.Marks[noPos]; y == nil || n == nil || y.Cmp(base(1_000_000)) != 0 || n.Sign() != 0 {
		t.Fatalf("marks after resolution: yes %v, no %v", y, n)
	}
	if held := a.s.HeldAssets(obs)[yesPos]; held.Cmp(base(10_000_000)) != 0 {
		t.Fatalf("held after resolution: %v", held)
	}
	if plan, terms := a.quote(0.99); plan != nil || terms != nil {
		t.Fatalf("quoted a resolved market: %+v", plan)
	}
}

// TestFunderWalletHoldsTheCollateral: when the orders spend a funder's
// (proxy) funds, its collateral is a held asset too, read from the CLOB.
func TestFunderWalletHoldsTheCollateral(t *testing.T) {
	t.Parallel()
	srv := newServer(t, false)
	proxy := common.HexToAddress("0x00000000000000000000000000000000000000f1")
	a := newAgent(t, srv, 0, func(d *Deps, o *clob.Options, p *Params) {
		p.Funder, p.SignatureType, o.Funder, o.SignatureType = proxy.Hex(), "proxy", proxy, clob.PolyProxy
		srv.Proxy(proxy, d.Account)
	})
	srv.Fund(proxy, base(25_000_000))
	obs := a.observe()
	if got := a.s.HeldAssets(obs)[contracts.Collateral]; got == nil || got.Cmp(base(25_000_000)) != 0 {
		t.Fatalf("funder's collateral held: %v", got)
	}
	extra := a.s.ExtraAssets()
	if len(extra) != 3 || extra[2].Address != contracts.Collateral || extra[2].Symbol != "PUSD" {
		t.Fatalf("extra assets with a funder: %+v", extra)
	}
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestFillsReadOnlyWhatIsNew: Fills pages through the trades, returns
// them oldest first, and on later ticks asks only for trades matched since
// the newest one it settled (or the oldest still unsettled).
func TestFillsReadOnlyWhatIsNew(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}
	srv := clobtest.New(t, clobtest.Options{HoldSettlement: true, PageSize: 1, Now: clk.now, Markets: []clobtest.Market{{ConditionID: condition,
		Tokens: [2]*big.Int{yesID, noID}, Tick: "0.01", MinSize: "1"}}})
	srv.AddLiquidity(yesID, clob.Buy, "0.40", "50")
	a := newAgent(t, srv, 1_000_000_000, nil)
	if _, bid := a.quote(0.70); bid == nil {
		t.Fatal("no bid")
	}
	first := srv.Take(yesID, clob.Sell, "0.41", "5")
	clk.add(10 * time.Second)
	second := srv.Take(yesID, clob.Sell, "0.41", "5")
	served := func() int { return srv.TradeRowsServed() }
	if f := a.fills(); len(f) != 0 || served() != 2 {
		t.Fatalf("unsettled: %d fills, %d rows read", len(f), served())
	}
	srv.Mine()
	clk.add(10 * time.Second)
	f := a.fills()
	if len(f) != 2 || !strings.HasPrefix(f[0].ID, first[0]+"/") || !strings.HasPrefix(f[1].ID, second[0]+"/") || !f[0].Time.Before(f[1].Time) || served() != 4 {
		t.Fatalf("settled: %+v, %d rows read", f, served())
	}
	if f := a.fills(); len(f) != 0 || served() != 5 {
		t.Fatalf("nothing new: %d fills, %d rows read (want only the newest re-read)", len(f), served())
	}
	third := srv.Take(yesID, clob.Sell, "0.41", "5")
	srv.Mine()
	if f := a.fills(); len(f) != 1 || !strings.HasPrefix(f[0].ID, third[0]+"/") || served() != 7 {
		t.Fatalf("a third fill: %+v, %d rows read", f, served())
	}
}

// TestMarksFallBackToOneSide: a book with only bids (or only asks) marks
// at that side's best price; the agent's own orders never set a mark.
func TestMarksFallBackToOneSide(t *testing.T) {
	t.Parallel()
	p := DefaultParams()
	p.Markets = []MarketParam{{Name: "yes", TokenID: "11"}, {Name: "no", TokenID: "12"}}
	s, err := New(Deps{}, p)
	if err != nil {
		t.Fatal(err)
	}
	lvl := func(price, size string) clob.PriceLevel {
		a, _ := new(big.Rat).SetString(price)
		b, _ := new(big.Rat).SetString(size)
		return clob.PriceLevel{Price: a, Size: b}
	}
	mine := clob.OpenOrder{ID: "0x1", Side: "SELL", Price: "0.9", OriginalSize: "5", SizeMatched: "0"}
	st := &state{books: map[string]clob.Depth{
		"yes": {Bids: []clob.PriceLevel{lvl("0.333", "10")}, Asks: []clob.PriceLevel{lvl("0.9", "5")}, Tick: "0.001"},
		"no":  {Asks: []clob.PriceLevel{lvl("0.9", "5")}, Tick: "0.001"},
	}, resting: map[string][]clob.OpenOrder{"yes": {mine}, "no": {mine}}}
	marks := s.marks(st)
	if m := marks[yesPos]; m == nil || m.Cmp(base(333_000)) != 0 {
		t.Fatalf("only others' bids: mark %v, want 333000", m)
	}
	if m, ok := marks[noPos]; ok {
		t.Fatalf("only the agent's own ask: mark %v, want none", m)
	}
	st.resting["no"] = nil
	if m := s.marks(st)[noPos]; m == nil || m.Cmp(base(900_000)) != 0 {
		t.Fatalf("only others' asks: mark %v, want 900000", m)
	}
}
