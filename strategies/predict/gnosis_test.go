package predict

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/tools"
	"github.com/agentctl/agentctl/wallet"
)

// gnosis is Gnosis's own ConditionalTokens and FixedProductMarketMakerFactory,
// deployed on the devnet from their npm packages' build artifacts by a
// deployer that is not agentctl: nothing of it is in the devnet's manifest.
type gnosis struct {
	ctf, factory common.Address
	ctfABI       abi.ABI
	facABI       abi.ABI
	deployer     *wallet.Transactor
}

func deployGnosis(t *testing.T, e *env) *gnosis {
	t.Helper()
	ctfArt := tools.LoadArtifact(t, "@gnosis.pm/conditional-tokens-contracts", "build/contracts/ConditionalTokens.json")
	facArt := tools.LoadArtifact(t, "@gnosis.pm/conditional-tokens-market-makers", "build/contracts/FixedProductMarketMakerFactory.json")
	g := &gnosis{ctfABI: ctfArt.ABI, facABI: facArt.ABI, deployer: e.account(t, 0)}
	deploy := func(code []byte) common.Address {
		rc, err := g.deployer.Send(context.Background(), wallet.Intent{Data: code})
		if err != nil || rc.ContractAddress == (common.Address{}) {
			t.Fatalf("deploy: %v", err)
		}
		return rc.ContractAddress
	}
	g.ctf, g.factory = deploy(ctfArt.Bytecode), deploy(facArt.Bytecode)
	return g
}

func (g *gnosis) pack(t *testing.T, a abi.ABI, method string, args ...any) []byte {
	t.Helper()
	data, err := a.Pack(method, args...)
	if err != nil {
		t.Fatalf("pack %s: %v", method, err)
	}
	return data
}

// gnosisMarket is a market on Gnosis's contracts: its oracle reports with
// its own key.
type gnosisMarket struct {
	addr   common.Address
	cond   common.Hash
	qid    common.Hash
	oracle *wallet.Transactor
}

// market prepares a condition of n outcomes for a fresh oracle, creates its
// market in collateral with fee through Gnosis's factory, and funds it with
// funding base units (a funder's own collateral) split by hint.
func (g *gnosis) market(t *testing.T, e *env, collateral strategies.Token, n int, fee, funding *big.Int, hint []int64) *gnosisMarket {
	t.Helper()
	mk := &gnosisMarket{oracle: e.account(t, 0), qid: crypto.Keccak256Hash([]byte(t.Name()), big.NewInt(questionSeq.Add(1)).Bytes())}
	send(t, mk.oracle, g.ctf, g.pack(t, g.ctfABI, "prepareCondition", mk.oracle.From(), mk.qid, big.NewInt(int64(n))))
	mk.cond = ConditionID(mk.oracle.From(), mk.qid, uint64(n))
	mk.addr = g.create(t, collateral, fee, mk.cond)
	funder := e.account(t, 0)
	if err := e.d.Fund(context.Background(), funder.From(), nil, map[string]*big.Int{collateral.Symbol: funding}); err != nil {
		t.Fatal(err)
	}
	h := make([]*big.Int, len(hint))
	for i, v := range hint {
		h[i] = big.NewInt(v)
	}
	send(t, funder, collateral.Address, erc20ABI.PackApprove(mk.addr, funding))
	send(t, funder, mk.addr, fpmmABI.PackAddFunding(funding, h))
	return mk
}

// create makes a market maker on conds through Gnosis's factory.
func (g *gnosis) create(t *testing.T, collateral strategies.Token, fee *big.Int, conds ...common.Hash) common.Address {
	t.Helper()
	ids := make([][32]byte, len(conds))
	for i, c := range conds {
		ids[i] = c
	}
	rc := send(t, g.deployer, g.factory, g.pack(t, g.facABI, "createFixedProductMarketMaker", g.ctf, collateral.Address, ids, fee))
	ev := g.facABI.Events["FixedProductMarketMakerCreation"]
	for _, l := range rc.Logs {
		if l.Address == g.factory && len(l.Topics) > 0 && l.Topics[0] == ev.ID {
			vals, err := ev.Inputs.NonIndexed().Unpack(l.Data)
			if err != nil {
				t.Fatal(err)
			}
			return vals[0].(common.Address)
		}
	}
	t.Fatal("Gnosis's factory logged no FixedProductMarketMakerCreation")
	return common.Address{}
}

func (e *env) token(t *testing.T, sym string) strategies.Token {
	t.Helper()
	x, ok := e.m.Token(sym)
	if !ok {
		t.Fatalf("no %s on the devnet", sym)
	}
	return strategies.Token{Address: x.Address, Symbol: x.Symbol, Decimals: x.Decimals}
}

// TestResolveMarketOnGnosis: a market on Gnosis's own published contracts,
// configured by its address alone or with every optional field, resolves
// to what the chain holds; its reads and quotes then work as on the
// devnet's markets, and its resolution shows once the oracle reports.
func TestResolveMarketOnGnosis(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1_000)
	ctx := context.Background()
	g := deployGnosis(t, e)
	weth := e.token(t, "WETH")
	tokens := []strategies.Token{e.usdc, weth}
	mk := g.market(t, e, e.usdc, 3, feeOf(1, 100), e.whole(3_000), []int64{1, 2, 3})

	bare, err := ResolveMarket(ctx, e.d.Client(), MarketConfig{Name: "bare", Address: mk.addr, Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	want := MarketRef{Name: "bare", Address: mk.addr, ConditionalTokens: g.ctf, Collateral: "USDC", ConditionID: mk.cond,
		Outcomes: []string{"outcome 0", "outcome 1", "outcome 2"}}
	if !sameRef(bare, want) {
		t.Fatalf("address only: %+v\nwant %+v", bare, want)
	}
	full, err := ResolveMarket(ctx, e.d.Client(), MarketConfig{Name: "full", Address: mk.addr, Collateral: e.usdc, Tokens: tokens,
		Question: "Which?", Outcomes: []string{"A", "B", "C"}, Oracle: mk.oracle.From(), QuestionID: mk.qid})
	if err != nil {
		t.Fatal(err)
	}
	want = MarketRef{Name: "full", Address: mk.addr, ConditionalTokens: g.ctf, Collateral: "USDC", ConditionID: mk.cond,
		QuestionID: mk.qid, Oracle: mk.oracle.From(), Question: "Which?", Outcomes: []string{"A", "B", "C"}}
	if !sameRef(full, want) {
		t.Fatalf("every field: %+v\nwant %+v", full, want)
	}

	m, err := OpenMarket(ctx, e.d.Client(), full, e.usdc)
	if err != nil {
		t.Fatal(err)
	}
	st, err := m.Read(ctx, e.tr.From(), nil)
	if err != nil || st.Resolved() || st.Prices == nil {
		t.Fatalf("state %+v (%v)", st, err)
	}
	if _, err := m.QuoteBuy(ctx, st, e.whole(10), 0); err != nil {
		t.Fatalf("the local math differs from Gnosis's FPMM: %v", err)
	}
	send(t, mk.oracle, g.ctf, g.pack(t, g.ctfABI, "reportPayouts", mk.qid, []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(1)}))
	if _, err := ResolveMarket(ctx, e.d.Client(), MarketConfig{Name: "full", Address: mk.addr, Tokens: tokens}); err != nil {
		t.Fatalf("a resolved market no longer resolves: %v", err)
	}
	if st, err = m.Read(ctx, e.tr.From(), nil); err != nil || !st.Resolved() || st.Denominator.Int64() != 2 || st.Payouts[2].Int64() != 1 {
		t.Fatalf("after the report: %+v (%v)", st, err)
	}
}

func sameRef(a, b MarketRef) bool {
	return a.Name == b.Name && a.Address == b.Address && a.ConditionalTokens == b.ConditionalTokens && a.Collateral == b.Collateral &&
		a.ConditionID == b.ConditionID && a.QuestionID == b.QuestionID && a.Oracle == b.Oracle && a.Question == b.Question &&
		strings.Join(a.Outcomes, "|") == strings.Join(b.Outcomes, "|") && a.ResolveBlock == 0
}

// TestResolveMarketRefusesBadConfig: each way a configured market can be
// wrong is refused with the address and what differs.
func TestResolveMarketRefusesBadConfig(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	ctx := context.Background()
	g := deployGnosis(t, e)
	weth := e.token(t, "WETH")
	tokens := []strategies.Token{e.usdc, weth}
	mk := g.market(t, e, e.usdc, 2, feeOf(2, 100), e.whole(1_000), nil)
	other := g.market(t, e, e.usdc, 2, feeOf(2, 100), e.whole(1_000), nil)
	base := MarketConfig{Name: "m", Address: mk.addr, Collateral: e.usdc, Tokens: tokens, Oracle: mk.oracle.From(), QuestionID: mk.qid}
	for _, tc := range []struct {
		name string
		edit func(c *MarketConfig)
		is   error
		msg  string
	}{
		{"an account", func(c *MarketConfig) { c.Address = mk.oracle.From() }, ErrNotFPMM,
			mk.oracle.From().Hex() + " is not an FPMM: no contract there on this chain"},
		{"a token", func(c *MarketConfig) { c.Address = e.usdc.Address }, ErrNotFPMM,
			e.usdc.Address.Hex() + " is not an FPMM: collateralToken():"},
		{"the conditional tokens", func(c *MarketConfig) { c.Address = g.ctf }, ErrNotFPMM,
			g.ctf.Hex() + " is not an FPMM: collateralToken():"},
		{"wrong collateral", func(c *MarketConfig) { c.Collateral = weth }, ErrMarket,
			"its collateral is " + e.usdc.Address.Hex() + " (USDC), not the configured WETH (" + weth.Address.Hex() + ")"},
		{"collateral not configured", func(c *MarketConfig) { c.Collateral, c.Tokens = strategies.Token{}, []strategies.Token{weth} }, ErrMarket,
			"its collateral " + e.usdc.Address.Hex() + " is not a configured token"},
		{"another question", func(c *MarketConfig) { c.QuestionID = other.qid }, ErrMarket,
			"not oracle " + mk.oracle.From().Hex() + "'s question " + other.qid.Hex() + " with 2 outcomes"},
		{"another oracle", func(c *MarketConfig) { c.Oracle = other.oracle.From() }, ErrMarket, "its condition is "},
		{"three outcomes", func(c *MarketConfig) { c.Outcomes = []string{"a", "b", "c"} }, ErrMarket,
			"its condition has 2 outcome slots but 3 outcomes are configured"},
		{"two conditions", func(c *MarketConfig) {
			c.Address, c.Oracle, c.QuestionID = g.create(t, e.usdc, feeOf(2, 100), mk.cond, other.cond), common.Address{}, common.Hash{}
		}, ErrMarket, "it trades more than one condition; only single-condition markets are supported"},
	} {
		c := base
		tc.edit(&c)
		_, err := ResolveMarket(ctx, e.d.Client(), c)
		if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v\nwant %v containing %q", tc.name, err, tc.is, tc.msg)
		}
	}
	if _, err := ResolveMarket(ctx, e.d.Client(), base); err != nil {
		t.Fatalf("the good config: %v", err)
	}
}
