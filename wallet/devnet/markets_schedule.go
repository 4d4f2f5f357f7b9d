package devnet

import (
	"context"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// The market schedule: the seeded markets resolve within minutes, so the
// oracle account keeps opening new ones, whenever fewer than minOpenMarkets
// have their resolution block ahead, so that a session of any length has
// markets to forecast, bet on, redeem and score.
const (
	minOpenMarkets  = 4
	scheduleDepth   = 10_000    // whole collateral tokens of each new market
	scheduleReserve = 5_000_000 // collateral the oracle gets for them: 500 markets
	// keepResolved is how many resolved markets of the schedule stay in
	// the manifest; older ones leave it so a long-running devnet's catalog
	// stays small.
	keepResolved = 8
	// openTimeout is how many blocks an opening may wait for its
	// transactions before it is given up and tried afresh.
	openTimeout = 20
)

// scheduleAfter are the new markets' horizons in blocks, used in turn.
var scheduleAfter = []uint64{300, 600, 450, 900}

// freshMarket is a question made from the chain's state now.
type freshMarket struct {
	Slug     string // the name's stem, e.g. "weth3010"
	Question string // %d is the resolution block
	YesPct   int64  // the starting price of Yes, in percent
	yes      answerFunc
}

// marketKinds make the schedule's questions, used in turn. Thresholds sit
// at today's price, so each new market starts as a fair coin that trading
// moves either way.
var marketKinds = []func(ctx context.Context, d *Devnet) (freshMarket, error){
	func(ctx context.Context, d *Devnet) (freshMarket, error) {
		p, err := d.midPrice(ctx, "dex-a", "WETH", "USDC", nil)
		if err != nil {
			return freshMarket{}, err
		}
		t := roundTo(p, big.NewRat(10, 1)) // whole tens of USDC
		return freshMarket{Slug: "weth" + t.FloatString(0), YesPct: 50,
			Question: "Will WETH trade at or above " + grouped(t.FloatString(0)) + " USDC on dex-a at block %d?",
			yes:      atLeastOnDexA("WETH", "USDC", t)}, nil
	},
	func(ctx context.Context, d *Devnet) (freshMarket, error) {
		i := slices.IndexFunc(marketSpecs, func(s marketSpec) bool { return s.Name == "dexb-premium" })
		return freshMarket{Slug: "premium", YesPct: 35, Question: marketSpecs[i].Question, yes: marketSpecs[i].yes}, nil
	},
	func(ctx context.Context, d *Devnet) (freshMarket, error) {
		p, err := d.midPrice(ctx, "dex-a", "WBTC", "WETH", nil)
		if err != nil {
			return freshMarket{}, err
		}
		t := roundTo(p, big.NewRat(1, 10)) // tenths of a WETH
		return freshMarket{Slug: "wbtc" + t.FloatString(1), YesPct: 50,
			Question: "Will WBTC trade at or above " + t.FloatString(1) + " WETH on dex-a at block %d?",
			yes:      atLeastOnDexA("WBTC", "WETH", t)}, nil
	},
}

// roundTo rounds p to the nearest multiple of step.
func roundTo(p, step *big.Rat) *big.Rat {
	q := new(big.Rat).Quo(p, step)
	n := new(big.Int).Quo(new(big.Int).Add(new(big.Int).Mul(q.Num(), big.NewInt(2)), q.Denom()), new(big.Int).Mul(q.Denom(), big.NewInt(2)))
	return new(big.Rat).Mul(new(big.Rat).SetInt(n), step)
}

// grouped writes an integer with thousands commas: 3010 is "3,010".
func grouped(s string) string {
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// opening is a market whose transactions are in flight.
type opening struct {
	m      Market
	yes    answerFunc
	txs    []common.Hash
	sentAt uint64
}

// schedule opens a market when fewer than minOpenMarkets are open, one at
// a time: it sends the transactions, and on a later call, once they are
// mined, checks the market on-chain and adds it to the manifest. It runs
// in the oracle's loop and sends from the oracle's account.
func (o *oracle) schedule(ctx context.Context, head uint64) {
	if o.opening != nil {
		o.finishOpening(ctx, head)
		return
	}
	open := 0
	for _, m := range o.d.markets() {
		if head < m.ResolveBlock {
			open++
		}
	}
	if open >= minOpenMarkets {
		return
	}
	if err := o.open(ctx, head); err != nil {
		o.d.log.Warn("new market not opened", "err", err)
		o.s.resync(ctx)
	}
}

// open sends a new market's transactions: prepare its condition, create
// its market maker, approve and add its liquidity.
func (o *oracle) open(ctx context.Context, head uint64) error {
	d := o.d
	kind := marketKinds[o.kinds%len(marketKinds)]
	resolve := head + scheduleAfter[o.kinds%len(scheduleAfter)]
	o.kinds++
	fm, err := kind(ctx, d)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s-b%d", fm.Slug, resolve)
	if _, dup := d.Manifest().Market(name); dup {
		return nil // the next kind asks a different question
	}
	dec := d.decimals(marketCollateral)
	amt := units(scheduleDepth, dec)
	usdc := d.tokens[marketCollateral]
	bal, err := d.balanceOf(ctx, usdc, o.s.addr)
	if err != nil {
		return err
	}
	if bal.Cmp(amt) < 0 {
		return fmt.Errorf("the oracle has %s base units of %s left, a market needs %s", bal, marketCollateral, amt)
	}
	ctf := d.manifest.Contracts[ContractConditionalTokens]
	factory := d.manifest.Contracts[ContractFPMMFactory]
	// The factory creates with CREATE: the new market's address follows
	// from the factory's nonce now.
	nonce, err := d.chain.client.NonceAt(ctx, factory, nil)
	if err != nil {
		return err
	}
	q := fmt.Sprintf(fm.Question, resolve)
	qid := crypto.Keccak256Hash([]byte(q))
	slots := big.NewInt(int64(len(marketOutcomes)))
	m := Market{Name: name, QuestionID: qid, Question: q, Outcomes: slices.Clone(marketOutcomes),
		ConditionID: crypto.Keccak256Hash(o.s.addr.Bytes(), qid.Bytes(), common.BigToHash(slots).Bytes()),
		Oracle:      o.s.addr, Address: crypto.CreateAddress(factory, nonce),
		Collateral: marketCollateral, ResolveBlock: resolve}
	hint := []*big.Int{big.NewInt(100 - fm.YesPct), big.NewInt(fm.YesPct)}
	op := &opening{m: m, yes: fm.yes, sentAt: head}
	for _, c := range []struct {
		to    common.Address
		input []byte
		gas   uint64
	}{
		{ctf, ctfABI.PackPrepareCondition(o.s.addr, qid, slots), gasCall},
		{factory, facABI.PackCreateFixedProductMarketMaker(ctf, usdc, [][32]byte{m.ConditionID}, marketFee), gasMarket},
		{usdc, tokenABI.PackApprove(m.Address, amt), gasCall},
		{m.Address, fpmmABI.PackAddFunding(amt, hint), gasFunding},
	} {
		tx, err := d.call(ctx, o.s, c.to, c.input, nil, c.gas)
		if err != nil {
			return err
		}
		op.txs = append(op.txs, tx.Hash())
	}
	o.opening = op
	return nil
}

// finishOpening adds the market in flight once its transactions are mined
// and it checks out on-chain; a revert or a timeout gives it up.
func (o *oracle) finishOpening(ctx context.Context, head uint64) {
	d, op := o.d, o.opening
	for _, h := range op.txs {
		rc, err := d.chain.client.TransactionReceipt(ctx, h)
		if err != nil {
			if head > op.sentAt+openTimeout {
				d.log.Warn("new market's transactions not mined; giving it up", "market", op.m.Name, "tx", h.Hex())
				o.opening = nil
				o.s.resync(ctx)
			}
			return
		}
		if rc.Status != types.ReceiptStatusSuccessful {
			d.log.Warn("new market's transaction reverted; giving it up", "market", op.m.Name, "tx", h.Hex())
			o.opening = nil
			o.s.resync(ctx)
			return
		}
	}
	o.opening = nil
	ctf := d.manifest.Contracts[ContractConditionalTokens]
	if got, err := d.readAddress(ctx, op.m.Address, fpmmABI.PackConditionalTokens()); err != nil || got != ctf {
		d.log.Warn("new market not found where expected", "market", op.m.Name, "address", op.m.Address.Hex(), "err", err)
		return
	}
	d.addMarket(op.m, op.yes, o.done)
	d.log.Info("market opened", "market", op.m.Name, "question", op.m.Question, "resolve_block", op.m.ResolveBlock)
	if o.dir != "" {
		if err := d.Manifest().Save(o.dir); err != nil {
			d.log.Warn("manifest not rewritten", "dir", o.dir, "err", err)
		}
	}
}

// addMarket puts m in the manifest with its answer, and drops the oldest
// resolved markets of the schedule beyond keepResolved (only those the
// oracle reported). The seeded markets stay: configurations name them.
func (d *Devnet) addMarket(m Market, yes answerFunc, done map[string]bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.manifest.Markets = append(d.manifest.Markets, m)
	d.answers[m.Name] = yes
	var resolved []Market
	for _, x := range d.manifest.Markets {
		if done[x.Name] && !seeded(x.Name) {
			resolved = append(resolved, x)
		}
	}
	if len(resolved) <= keepResolved {
		return
	}
	slices.SortFunc(resolved, func(x, y Market) int { return cmpBlock(x.ResolveBlock, y.ResolveBlock) })
	drop := map[string]bool{}
	for _, x := range resolved[:len(resolved)-keepResolved] {
		drop[x.Name] = true
		delete(d.answers, x.Name)
	}
	d.manifest.Markets = slices.DeleteFunc(d.manifest.Markets, func(x Market) bool { return drop[x.Name] })
}

// seeded reports whether name is one of the markets seeded at start.
func seeded(name string) bool {
	return slices.ContainsFunc(marketSpecs, func(s marketSpec) bool { return s.Name == name })
}

func cmpBlock(x, y uint64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// markets are the manifest's markets now.
func (d *Devnet) markets() []Market {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return slices.Clone(d.manifest.Markets)
}

// answer is how the oracle answers the market named name.
func (d *Devnet) answer(name string) (answerFunc, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	f, ok := d.answers[name]
	return f, ok
}
