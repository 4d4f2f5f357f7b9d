package devnet

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/contracts"
)

// Gas limits for seeding. Explicit limits skip eth_estimateGas, which would
// run against state that the same block is still building.
const (
	gasDeploySmall = 2_500_000
	gasDeployLarge = 6_000_000
	gasCall        = 120_000
	gasAddLiq      = 4_500_000 // creates the pair on first liquidity
	gasSwap        = 300_000
)

// farDeadline is a router deadline that never expires on the devnet.
var farDeadline = new(big.Int).SetUint64(1 << 62)

var (
	tokenABI  = contracts.NewTestToken()
	wethABI   = contracts.NewWETH()
	factABI   = contracts.NewUniswapV2Factory()
	routerABI = contracts.NewUniswapV2Router()
	pairABI   = contracts.NewUniswapV2Pair()
)

// deploy puts every contract on the chain and seeds balances and pools, in
// two blocks: contracts and grants first, then liquidity and approvals.
func (d *Devnet) deploy(ctx context.Context) error {
	s := d.deployer
	var txs []*types.Transaction
	send := func(tx *types.Transaction, err error) error {
		if err != nil {
			return err
		}
		txs = append(txs, tx)
		return nil
	}
	create := func(bin string, input []byte, gas uint64) (common.Address, error) {
		addr, tx, err := bind.DeployContract(s.opts(ctx, gas, nil), common.FromHex(bin), d.chain.client, input)
		return addr, send(tx, err)
	}

	// Contracts.
	weth, err := create(contracts.WETHMetaData.Bin, nil, gasDeploySmall)
	if err != nil {
		return fmt.Errorf("WETH: %w", err)
	}
	tokens := map[string]tokenSpec{wethSpec.Symbol: wethSpec}
	addrs := map[string]common.Address{wethSpec.Symbol: weth}
	d.manifest.WETH = weth
	d.manifest.Tokens = append(d.manifest.Tokens, Token{Symbol: wethSpec.Symbol, Name: wethSpec.Name, Decimals: wethSpec.Decimals, Address: weth})
	for _, t := range tokenSpecs {
		addr, err := create(contracts.TestTokenMetaData.Bin, tokenABI.PackConstructor(t.Name, t.Symbol, t.Decimals, s.addr), gasDeploySmall)
		if err != nil {
			return fmt.Errorf("token %s: %w", t.Symbol, err)
		}
		tokens[t.Symbol], addrs[t.Symbol] = t, addr
		d.manifest.Tokens = append(d.manifest.Tokens, Token{Symbol: t.Symbol, Name: t.Name, Decimals: t.Decimals, Address: addr})
	}
	for _, spec := range dexSpecs {
		factory, err := create(contracts.UniswapV2FactoryMetaData.Bin, factABI.PackConstructor(s.addr), gasDeployLarge)
		if err != nil {
			return fmt.Errorf("%s factory: %w", spec.Name, err)
		}
		router, err := create(contracts.UniswapV2RouterMetaData.Bin, routerABI.PackConstructor(factory, weth), gasDeployLarge)
		if err != nil {
			return fmt.Errorf("%s router: %w", spec.Name, err)
		}
		d.manifest.DEXes = append(d.manifest.DEXes, DEX{Name: spec.Name, Factory: factory, Router: router})
	}

	// Liquidity the deployer needs, per token, summed over pools and DEXes.
	need := map[string]*big.Int{}
	for sym := range tokens {
		need[sym] = new(big.Int)
	}
	for _, spec := range dexSpecs {
		for _, p := range poolSpecs {
			a, b := poolAmounts(spec, tokens[p[0]], tokens[p[1]])
			need[p[0]].Add(need[p[0]], a)
			need[p[1]].Add(need[p[1]], b)
		}
	}
	// Grants: the deployer's liquidity, and every other dev account's balances.
	for _, t := range tokenSpecs {
		if err := send(d.call(ctx, s, addrs[t.Symbol], tokenABI.PackMint(s.addr, need[t.Symbol]), nil, gasCall)); err != nil {
			return err
		}
		for i, acc := range d.manifest.Accounts {
			if i == deployerIndex {
				continue
			}
			amt := units(devTokenGrant[t.Symbol], t.Decimals)
			if err := send(d.call(ctx, s, addrs[t.Symbol], tokenABI.PackMint(acc.Address, amt), nil, gasCall)); err != nil {
				return err
			}
		}
	}
	if err := send(d.call(ctx, s, weth, wethABI.PackDeposit(), need[wethSpec.Symbol], gasCall)); err != nil {
		return err
	}
	if err := waitAll(ctx, d.chain.client, d.chain.commit, txs); err != nil {
		return err
	}

	// Second block: exact approvals, liquidity, and the noise traders' setup.
	txs = txs[:0]
	for i, spec := range dexSpecs {
		router := d.manifest.DEXes[i].Router
		for _, p := range poolSpecs {
			a, b := poolAmounts(spec, tokens[p[0]], tokens[p[1]])
			if err := send(d.call(ctx, s, addrs[p[0]], tokenABI.PackApprove(router, a), nil, gasCall)); err != nil {
				return err
			}
			if err := send(d.call(ctx, s, addrs[p[1]], tokenABI.PackApprove(router, b), nil, gasCall)); err != nil {
				return err
			}
			input := routerABI.PackAddLiquidity(addrs[p[0]], addrs[p[1]], a, b, a, b, s.addr, farDeadline)
			if err := send(d.call(ctx, s, router, input, nil, gasAddLiq)); err != nil {
				return err
			}
		}
	}
	if err := waitAll(ctx, d.chain.client, d.chain.commit, txs); err != nil {
		return err
	}
	if err := d.readPairs(ctx, addrs); err != nil {
		return err
	}
	d.tokens = addrs
	for _, ex := range extraDeploys {
		if err := ex.deploy(ctx, d); err != nil {
			return fmt.Errorf("%s: %w", ex.name, err)
		}
	}
	return nil
}

// extraDeploy puts more of the project's contracts on the devnet after the
// tokens and DEXes (anchoring, identity, prediction markets). Each lives in
// its own file and registers itself from init, recording its addresses in
// d.manifest.Contracts.
type extraDeploy struct {
	name   string
	deploy func(ctx context.Context, d *Devnet) error
}

var extraDeploys []extraDeploy

func registerDeploy(name string, fn func(ctx context.Context, d *Devnet) error) {
	extraDeploys = append(extraDeploys, extraDeploy{name: name, deploy: fn})
}

// extraStart starts a background part of a deployment (an oracle, bettors)
// once blocks are produced. It stops when ctx ends and counts its
// goroutines in d.wg, so Close waits for them.
type extraStart struct {
	name  string
	start func(ctx context.Context, d *Devnet, opts Options) error
}

var extraStarts []extraStart

func registerStart(name string, fn func(ctx context.Context, d *Devnet, opts Options) error) {
	extraStarts = append(extraStarts, extraStart{name: name, start: fn})
}

// poolAmounts returns the seed liquidity of pool (a, b) on a DEX: DepthUS of
// each side, with b scaled up by the DEX's skew so a costs more there.
func poolAmounts(spec dexSpec, a, b tokenSpec) (*big.Int, *big.Int) {
	return usdToUnits(spec.DepthUS, a, 0), usdToUnits(spec.DepthUS, b, spec.SkewBps)
}

// call sends a contract call from s.
func (d *Devnet) call(ctx context.Context, s *sender, to common.Address, input []byte, value *big.Int, gas uint64) (*types.Transaction, error) {
	c := bind.NewBoundContract(to, tokenABI.GetABI(), d.chain.client, d.chain.client, d.chain.client)
	return c.RawTransact(s.opts(ctx, gas, value), input)
}

// readPairs records each DEX's pair addresses, found through factory.getPair
// as any client must (pair addresses differ from Uniswap's).
func (d *Devnet) readPairs(ctx context.Context, addrs map[string]common.Address) error {
	for i := range d.manifest.DEXes {
		x := &d.manifest.DEXes[i]
		f := factABI.Instance(d.chain.client, x.Factory)
		for _, p := range poolSpecs {
			pair, err := bind.Call(f, &bind.CallOpts{Context: ctx}, factABI.PackGetPair(addrs[p[0]], addrs[p[1]]), factABI.UnpackGetPair)
			if err != nil {
				return fmt.Errorf("%s getPair %s/%s: %w", x.Name, p[0], p[1], err)
			}
			if pair == (common.Address{}) {
				return fmt.Errorf("%s: pair %s/%s was not created", x.Name, p[0], p[1])
			}
			x.Pairs = append(x.Pairs, Pair{Address: pair, Base: p[0], Quote: p[1]})
		}
	}
	return nil
}
