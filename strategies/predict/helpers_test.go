package predict

import (
	"context"
	"fmt"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// env is a devnet with one funded agent account.
type env struct {
	d    *devnet.Devnet
	m    *devnet.Manifest
	c    *wallet.Client
	tr   *wallet.Transactor
	usdc strategies.Token
	ctf  common.Address
	fac  common.Address
}

// newEnv starts a devnet (each transaction mined at once) and funds a
// fresh agent key with 10 ETH and usdc whole USDC.
func newEnv(t *testing.T, usdc int64) *env {
	t.Helper()
	d, err := devnet.Start(context.Background(), devnet.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	e := &env{d: d, m: d.Manifest()}
	e.c = wallet.New(d.Client(), wallet.Options{ChainID: devnet.ChainID, PollInterval: time.Millisecond})
	u, _ := e.m.Token("USDC")
	e.usdc = strategies.Token{Address: u.Address, Symbol: u.Symbol, Decimals: u.Decimals}
	e.ctf = e.m.Contracts[devnet.ContractConditionalTokens]
	e.fac = e.m.Contracts[devnet.ContractFPMMFactory]
	e.tr = e.account(t, usdc)
	return e
}

// account creates a key with 10 ETH and usdc whole USDC.
func (e *env) account(t *testing.T, usdc int64) *wallet.Transactor {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	s := wallet.NewSigner(key)
	eth := new(big.Int).Mul(big.NewInt(10), big.NewInt(params.Ether))
	if err := e.d.Fund(context.Background(), s.Address(), eth, map[string]*big.Int{"USDC": e.whole(usdc)}); err != nil {
		t.Fatal(err)
	}
	return e.c.Transactor(s.Address(), s.SignerFn(big.NewInt(devnet.ChainID)))
}

func (e *env) whole(n int64) *big.Int {
	return new(big.Int).Mul(big.NewInt(n), pow10(int(e.usdc.Decimals)))
}

// send runs one call from tr and fails the test on a revert.
func send(t *testing.T, tr *wallet.Transactor, to common.Address, data []byte) *types.Receipt {
	t.Helper()
	rc, err := tr.Send(context.Background(), wallet.Intent{To: &to, Data: data})
	if err != nil {
		t.Fatalf("call to %s: %v", to.Hex(), err)
	}
	return rc
}

// refs adapts the devnet's markets, the way the runtime's catalog does.
func (e *env) refs() map[string]MarketRef {
	out := map[string]MarketRef{}
	for _, mk := range e.m.Markets {
		out[mk.Name] = MarketRef{Name: mk.Name, Address: mk.Address, ConditionalTokens: e.ctf, Collateral: mk.Collateral,
			ConditionID: mk.ConditionID, QuestionID: mk.QuestionID, Oracle: mk.Oracle, Question: mk.Question,
			Outcomes: mk.Outcomes, ResolveBlock: mk.ResolveBlock}
	}
	return out
}

func (e *env) deps(account common.Address) Deps {
	return Deps{Backend: e.d.Client(), Account: account, Markets: e.refs(),
		Tokens: func(sym string) (strategies.Token, bool) {
			t, ok := e.m.Token(sym)
			return strategies.Token{Address: t.Address, Symbol: t.Symbol, Decimals: t.Decimals}, ok
		}}
}

var questionSeq atomic.Int64

// testMarket is a market the test creates: the oracle is oracle's account.
type testMarket struct {
	*Market
	oracle *wallet.Transactor
	qid    common.Hash
}

// newMarket prepares a condition with n outcomes (oracle: a fresh
// account), creates its market with fee through the devnet's factory, and
// funds it with funding base units of USDC and the distribution hint.
func (e *env) newMarket(t *testing.T, n int, fee, funding *big.Int, hint []int64) *testMarket {
	t.Helper()
	ctx := context.Background()
	oracle := e.account(t, 0)
	qid := crypto.Keccak256Hash([]byte(fmt.Sprintf("%s #%d", t.Name(), questionSeq.Add(1))))
	send(t, oracle, e.ctf, ctfABI.PackPrepareCondition(oracle.From(), qid, big.NewInt(int64(n))))
	cond := ConditionID(oracle.From(), qid, uint64(n))
	rc := send(t, oracle, e.fac, contracts.NewFixedProductMarketMakerFactory().PackCreateFixedProductMarketMaker(e.ctf, e.usdc.Address, [][32]byte{cond}, fee))
	var addr common.Address
	for _, l := range rc.Logs {
		if ev, err := contracts.NewFixedProductMarketMakerFactory().UnpackFixedProductMarketMakerCreationEvent(l); err == nil {
			addr = ev.FixedProductMarketMaker
		}
	}
	outcomes := make([]string, n)
	for i := range outcomes {
		outcomes[i] = fmt.Sprintf("outcome %d", i)
	}
	ref := MarketRef{Name: fmt.Sprintf("test-%d", questionSeq.Load()), Address: addr, ConditionalTokens: e.ctf, Collateral: "USDC",
		ConditionID: cond, QuestionID: qid, Oracle: oracle.From(), Question: "test question", Outcomes: outcomes}
	if funding != nil && funding.Sign() > 0 {
		funder := e.account(t, 0)
		if err := e.d.Fund(ctx, funder.From(), nil, map[string]*big.Int{"USDC": funding}); err != nil {
			t.Fatal(err)
		}
		send(t, funder, e.usdc.Address, erc20ABI.PackApprove(addr, funding))
		h := make([]*big.Int, len(hint))
		for i, v := range hint {
			h[i] = big.NewInt(v)
		}
		send(t, funder, addr, fpmmABI.PackAddFunding(funding, h))
	}
	m, err := OpenMarket(ctx, e.d.Client(), ref, e.usdc)
	if err != nil {
		t.Fatal(err)
	}
	return &testMarket{Market: m, oracle: oracle, qid: qid}
}

// resolve has the market's oracle report payouts.
func (m *testMarket) resolve(t *testing.T, payouts ...int64) {
	t.Helper()
	p := make([]*big.Int, len(payouts))
	for i, v := range payouts {
		p[i] = big.NewInt(v)
	}
	send(t, m.oracle, m.Ref.ConditionalTokens, ctfABI.PackReportPayouts(m.qid, p))
}

// execute sends a plan's calls in order from tr.
func execute(t *testing.T, tr *wallet.Transactor, p *strategies.Plan) []*types.Receipt {
	t.Helper()
	var out []*types.Receipt
	for i, c := range p.Calls {
		to := c.To
		rc, err := tr.Send(context.Background(), wallet.Intent{To: &to, Data: c.Data})
		if err != nil {
			t.Fatalf("call %d (%s): %v", i, c.Method, err)
		}
		out = append(out, rc)
	}
	return out
}

func feeOf(num, den int64) *big.Int {
	f := new(big.Int).Mul(big.NewInt(num), One)
	return f.Quo(f, big.NewInt(den))
}
