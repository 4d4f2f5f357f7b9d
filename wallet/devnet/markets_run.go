package devnet

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// oraclePoll is how often the oracle looks at the head for markets due.
const oraclePoll = 50 * time.Millisecond

// startMarkets runs the oracle and the market schedule (always) and, with
// noise traders, the noise bettors.
func startMarkets(ctx context.Context, d *Devnet, opts Options) error {
	if len(d.markets()) == 0 {
		return nil
	}
	key, err := extraKey(oracleIndex)
	if err != nil {
		return err
	}
	o := &oracle{d: d, s: newSender(d.chain.client, key, 0), sent: map[string]common.Hash{}, done: map[string]bool{},
		dir: opts.ManifestDir}
	if err := o.s.resync(ctx); err != nil {
		return fmt.Errorf("oracle: %w", err)
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		t := time.NewTicker(oraclePoll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				o.step(ctx)
			}
		}
	}()
	if opts.NoiseTraders > 0 {
		return d.startBettors(ctx, opts)
	}
	return nil
}

// oracle reports each market's answer once the chain reaches its block,
// and opens new markets on schedule (markets_schedule.go).
type oracle struct {
	d    *Devnet
	s    *sender
	sent map[string]common.Hash // market -> report tx waiting for its receipt
	done map[string]bool        // markets reported
	dir  string                 // where to rewrite the manifest; "" nowhere

	opening *opening // a new market in flight
	kinds   int      // markets the schedule has opened or tried
}

func (o *oracle) step(ctx context.Context) {
	head, err := o.d.chain.client.BlockNumber(ctx)
	if err != nil {
		return
	}
	o.report(ctx, head)
	o.schedule(ctx, head)
}

// report sends the answer of each market whose block has come.
func (o *oracle) report(ctx context.Context, head uint64) {
	for _, m := range o.d.markets() {
		if o.done[m.Name] || head < m.ResolveBlock {
			continue
		}
		if h, ok := o.sent[m.Name]; ok {
			rc, err := o.d.chain.client.TransactionReceipt(ctx, h)
			if err != nil {
				continue // still pending
			}
			delete(o.sent, m.Name)
			if rc.Status == types.ReceiptStatusSuccessful {
				o.done[m.Name] = true
				o.d.log.Info("market resolved", "market", m.Name, "block", rc.BlockNumber)
				continue
			}
			o.d.log.Warn("market report reverted; retrying", "market", m.Name, "tx", h.Hex())
		}
		if resolved, err := o.d.resolved(ctx, m); err != nil || resolved {
			o.done[m.Name] = resolved
			continue
		}
		// The answer is the chain's state at the scheduled block; a block
		// too old to read (it should not be, the oracle polls often) falls
		// back to the head.
		answer, ok := o.d.answer(m.Name)
		if !ok {
			continue // not one of this devnet's own questions
		}
		block := new(big.Int).SetUint64(m.ResolveBlock)
		yes, err := answer(ctx, o.d, block)
		if err != nil {
			if yes, err = answer(ctx, o.d, nil); err != nil {
				o.d.log.Warn("market answer unreadable", "market", m.Name, "err", err)
				continue
			}
		}
		payouts := []*big.Int{big.NewInt(0), big.NewInt(1)}
		if yes {
			payouts = []*big.Int{big.NewInt(1), big.NewInt(0)}
		}
		ctf := o.d.manifest.Contracts[ContractConditionalTokens]
		tx, err := o.d.call(ctx, o.s, ctf, ctfABI.PackReportPayouts(m.QuestionID, payouts), nil, gasMarketCall)
		if err != nil {
			o.d.log.Warn("market report not sent", "market", m.Name, "err", err)
			o.s.resync(ctx)
			continue
		}
		o.sent[m.Name] = tx.Hash()
	}
}

// resolved reports whether the market's condition has its payouts.
func (d *Devnet) resolved(ctx context.Context, m Market) (bool, error) {
	ctf := d.manifest.Contracts[ContractConditionalTokens]
	out, err := d.chain.client.CallContract(ctx, callMsg(ctf, ctfABI.PackPayoutDenominator(m.ConditionID)), nil)
	if err != nil {
		return false, err
	}
	den, err := ctfABI.UnpackPayoutDenominator(out)
	if err != nil {
		return false, err
	}
	return den.Sign() > 0, nil
}

// bettor buys and sells small random amounts on open markets.
type bettor struct {
	s   *sender
	rng *rand.Rand
	// approved are the markets it has approved (collateral and outcome
	// tokens); a market the schedule opened later is approved first.
	approved map[string]bool
}

// startBettors approves the markets for each bettor, then bets once per
// block (once a second when each transaction is mined at once).
func (d *Devnet) startBettors(ctx context.Context, opts Options) error {
	ctf := d.manifest.Contracts[ContractConditionalTokens]
	usdc := d.tokens[marketCollateral]
	var txs []*types.Transaction
	bettors := make([]*bettor, bettorCount)
	for i := range bettors {
		k, err := extraKey(bettorFirst + i)
		if err != nil {
			return err
		}
		s := newSender(d.chain.client, k, 0)
		if err := s.resync(ctx); err != nil {
			return fmt.Errorf("bettor %d: %w", i, err)
		}
		b := &bettor{s: s, rng: rand.New(rand.NewPCG(uint64(opts.Seed), uint64(bettorFirst+i))), approved: map[string]bool{}}
		bettors[i] = b
		for _, m := range d.markets() {
			approvals, err := d.approveMarket(ctx, b, m, usdc, ctf)
			if err != nil {
				return err
			}
			txs = append(txs, approvals...)
		}
	}
	actors := make([]*sender, len(bettors))
	for i, b := range bettors {
		actors[i] = b.s
	}
	return d.runScenery(ctx, opts, "noise bet", txs, actors, func(ctx context.Context, i int) error {
		return d.bet(ctx, bettors[i])
	})
}

// approveMarket sends a bettor's approvals of market m. Bettors are
// scenery, like the noise traders: unlimited approvals.
func (d *Devnet) approveMarket(ctx context.Context, b *bettor, m Market, usdc, ctf common.Address) ([]*types.Transaction, error) {
	var txs []*types.Transaction
	for _, c := range []struct {
		to    common.Address
		input []byte
	}{
		{usdc, tokenABI.PackApprove(m.Address, maxUint256)},
		{ctf, ctfABI.PackSetApprovalForAll(m.Address, true)},
	} {
		tx, err := d.call(ctx, b.s, c.to, c.input, nil, gasCall)
		if err != nil {
			return nil, err
		}
		txs = append(txs, tx)
	}
	b.approved[m.Name] = true
	return txs, nil
}

// bet buys 10 to 200 collateral of a random outcome of a random open market
// with probability 1/2, or sells a tenth of a holding with probability 1/5.
// A market it has not approved yet gets its approvals this round instead.
func (d *Devnet) bet(ctx context.Context, b *bettor) error {
	head, err := d.chain.client.BlockNumber(ctx)
	if err != nil {
		return err
	}
	var open []Market
	for _, m := range d.markets() {
		if head < m.ResolveBlock {
			open = append(open, m)
		}
	}
	if len(open) == 0 {
		return nil
	}
	m := open[b.rng.IntN(len(open))]
	if !b.approved[m.Name] {
		_, err := d.approveMarket(ctx, b, m, d.tokens[marketCollateral], d.manifest.Contracts[ContractConditionalTokens])
		return err
	}
	outcome := big.NewInt(int64(b.rng.IntN(len(m.Outcomes))))
	dec := d.decimals(m.Collateral)
	switch r := b.rng.IntN(10); {
	case r < 5:
		amt := units(int64(10+b.rng.IntN(191)), dec)
		_, err := d.call(ctx, b.s, m.Address, fpmmABI.PackBuy(amt, outcome, big.NewInt(0)), nil, gasMarketCall)
		return err
	case r < 7:
		held, err := d.holding(ctx, m, b.s.addr, int(outcome.Int64()))
		if err != nil || held.Sign() == 0 {
			return err
		}
		// Ask for a tenth of the tokens' face value; the market's price is
		// below 1, so that never needs more than the holding.
		ret := new(big.Int).Div(held, big.NewInt(10*int64(len(m.Outcomes))))
		if ret.Sign() == 0 {
			return nil
		}
		_, err = d.call(ctx, b.s, m.Address, fpmmABI.PackSell(ret, outcome, held), nil, gasMarketCall)
		return err
	}
	return nil
}

// holding is owner's balance of a market's outcome position, with the
// position ID asked from the conditional tokens.
func (d *Devnet) holding(ctx context.Context, m Market, owner common.Address, outcome int) (*big.Int, error) {
	ctf := d.manifest.Contracts[ContractConditionalTokens]
	out, err := d.chain.client.CallContract(ctx, callMsg(ctf, ctfABI.PackGetCollectionId([32]byte{}, m.ConditionID, big.NewInt(1<<outcome))), nil)
	if err != nil {
		return nil, err
	}
	coll, err := ctfABI.UnpackGetCollectionId(out)
	if err != nil {
		return nil, err
	}
	out, err = d.chain.client.CallContract(ctx, callMsg(ctf, ctfABI.PackGetPositionId(d.tokens[m.Collateral], coll)), nil)
	if err != nil {
		return nil, err
	}
	id, err := ctfABI.UnpackGetPositionId(out)
	if err != nil {
		return nil, err
	}
	out, err = d.chain.client.CallContract(ctx, callMsg(ctf, ctfABI.PackBalanceOf(owner, id)), nil)
	if err != nil {
		return nil, err
	}
	return ctfABI.UnpackBalanceOf(out)
}
