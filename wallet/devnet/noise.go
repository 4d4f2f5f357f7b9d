package devnet

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// maxUint256 is the noise traders' router allowance. Agents use exact-amount
// approvals; noise traders are scenery and only ever trade with the routers.
var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// noiseTrader swaps random amounts on random pools of both DEXes.
type noiseTrader struct {
	s   *sender
	rng *rand.Rand
}

// startNoise wraps ETH and approves the routers for each noise trader, then
// trades once per block (once a second when each transaction is mined at once).
func (d *Devnet) startNoise(ctx context.Context, opts Options) error {
	var txs []*types.Transaction
	traders := make([]*noiseTrader, opts.NoiseTraders)
	for i := range traders {
		idx := noiseAccounts[i]
		s := newSender(d.chain.client, d.keys[idx], 0)
		if err := s.resync(ctx); err != nil {
			return fmt.Errorf("devnet: noise trader %d: %w", idx, err)
		}
		traders[i] = &noiseTrader{s: s, rng: rand.New(rand.NewPCG(uint64(opts.Seed), uint64(idx)))}
		// On a resumed chain a trader set up before keeps its WETH and
		// approvals: wrapping again at every start would spend its ETH.
		if weth, err := d.balanceOf(ctx, d.manifest.WETH, s.addr); err != nil {
			return err
		} else if weth.Cmp(units(noiseWETH/10, 18)) < 0 {
			tx, err := d.call(ctx, s, d.manifest.WETH, wethABI.PackDeposit(), units(noiseWETH, 18), gasCall)
			if err != nil {
				return err
			}
			txs = append(txs, tx)
		}
		for _, x := range d.manifest.DEXes {
			for _, t := range d.manifest.Tokens {
				if allowed, err := d.allowance(ctx, t.Address, s.addr, x.Router); err != nil {
					return err
				} else if allowed.Sign() > 0 {
					continue
				}
				tx, err := d.call(ctx, s, t.Address, tokenABI.PackApprove(x.Router, maxUint256), nil, gasCall)
				if err != nil {
					return err
				}
				txs = append(txs, tx)
			}
		}
	}
	actors := make([]*sender, len(traders))
	for i, nt := range traders {
		actors[i] = nt.s
	}
	return d.runScenery(ctx, opts, "noise trade", txs, actors, func(ctx context.Context, i int) error {
		return d.noiseSwap(ctx, traders[i])
	})
}

// noiseSwap trades $1,000 to $10,000 worth (at the seeded reference prices)
// of a random pool's token, in a random direction, on a random DEX, with 70%
// probability. Sizing by value keeps the flow unbiased: sized by balance, the
// traders' larger WETH holdings sold more than their USDC bought, and WETH
// fell by several percent a minute. At reference prices a price that has
// drifted meets slightly larger trades against it, so prices wander around
// the reference instead of trending.
func (d *Devnet) noiseSwap(ctx context.Context, nt *noiseTrader) error {
	if nt.rng.IntN(10) >= 7 {
		return nil
	}
	x := d.manifest.DEXes[nt.rng.IntN(len(d.manifest.DEXes))]
	p := x.Pairs[nt.rng.IntN(len(x.Pairs))]
	in, out := p.Base, p.Quote
	if nt.rng.IntN(2) == 0 {
		in, out = out, in
	}
	tokenIn, tokenOut := d.tokens[in], d.tokens[out]
	bal, err := d.balanceOf(ctx, tokenIn, nt.s.addr)
	if err != nil {
		return err
	}
	spec, ok := specOf(in)
	if !ok {
		return nil
	}
	amt := usdToUnits(int64(1_000+nt.rng.IntN(9_001)), spec, 0)
	if amt.Cmp(bal) > 0 {
		amt = bal
	}
	if amt.Sign() == 0 {
		return nil
	}
	input := routerABI.PackSwapExactTokensForTokens(amt, big.NewInt(0), []common.Address{tokenIn, tokenOut}, nt.s.addr, farDeadline)
	_, err = d.call(ctx, nt.s, x.Router, input, nil, gasSwap)
	return err
}

func (d *Devnet) balanceOf(ctx context.Context, token, owner common.Address) (*big.Int, error) {
	out, err := d.chain.client.CallContract(ctx, callMsg(token, tokenABI.PackBalanceOf(owner)), nil)
	if err != nil {
		return nil, err
	}
	return tokenABI.UnpackBalanceOf(out)
}

func (d *Devnet) allowance(ctx context.Context, token, owner, spender common.Address) (*big.Int, error) {
	out, err := d.chain.client.CallContract(ctx, callMsg(token, tokenABI.PackAllowance(owner, spender)), nil)
	if err != nil {
		return nil, err
	}
	return tokenABI.UnpackAllowance(out)
}

// specOf finds a seeded token's spec by symbol.
func specOf(symbol string) (tokenSpec, bool) {
	if symbol == wethSpec.Symbol {
		return wethSpec, true
	}
	for _, t := range tokenSpecs {
		if t.Symbol == symbol {
			return t, true
		}
	}
	return tokenSpec{}, false
}
