package devnet

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
)

func startManual(t testing.TB) *Devnet {
	t.Helper()
	d, err := Start(context.Background(), Options{Manual: true})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestStartSeedsTokensDexesAndAccounts(t *testing.T) {
	t.Parallel()
	d := startManual(t)
	m := d.Manifest()
	ctx := context.Background()

	if m.ChainID != ChainID {
		t.Fatalf("chain ID %d, want %d", m.ChainID, ChainID)
	}
	id, err := d.Client().ChainID(ctx)
	if err != nil || id.Uint64() != ChainID {
		t.Fatalf("node chain ID %v (%v), want %d", id, err, ChainID)
	}
	if got := m.Accounts[0].Address.Hex(); got != "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" {
		t.Fatalf("dev0 = %s, want the test mnemonic's first account", got)
	}
	usdc, ok := m.Token("usdc")
	if !ok || usdc.Decimals != 6 {
		t.Fatalf("USDC missing or wrong decimals: %+v", usdc)
	}
	// Token metadata on-chain matches the manifest.
	for _, tok := range m.Tokens {
		out, err := d.Client().CallContract(ctx, callMsg(tok.Address, tokenABI.PackDecimals()), nil)
		if err != nil {
			t.Fatalf("%s decimals: %v", tok.Symbol, err)
		}
		dec, _ := tokenABI.UnpackDecimals(out)
		if dec != tok.Decimals {
			t.Errorf("%s decimals on-chain %d, manifest %d", tok.Symbol, dec, tok.Decimals)
		}
	}
	if len(m.DEXes) != 2 || m.DEXes[0].Name != "dex-a" || m.DEXes[1].Name != "dex-b" {
		t.Fatalf("DEXes = %+v", m.DEXes)
	}
	for _, x := range m.DEXes {
		if len(x.Pairs) != len(poolSpecs) {
			t.Fatalf("%s has %d pairs, want %d", x.Name, len(x.Pairs), len(poolSpecs))
		}
	}
	// Dev accounts hold their grants.
	bal, err := d.balanceOf(ctx, usdc.Address, m.Accounts[1].Address)
	if err != nil || bal.Cmp(units(1_000_000, 6)) != 0 {
		t.Fatalf("dev1 USDC = %v (%v), want 1,000,000", bal, err)
	}
}

// The router's quote is exactly Uniswap V2's formula on the pool's reserves.
func TestGetAmountsOutMatchesFormula(t *testing.T) {
	t.Parallel()
	d := startManual(t)
	ctx := context.Background()
	m := d.Manifest()
	weth, _ := m.Token("WETH")
	usdc, _ := m.Token("USDC")
	for _, x := range m.DEXes {
		rIn, rOut := reserves(t, d, x.Pairs[0].Address, weth.Address, usdc.Address)
		router := routerABI.Instance(d.Client(), x.Router)
		for _, in := range []*big.Int{big.NewInt(1), big.NewInt(997), units(1, 18), units(37, 17), units(5000, 18)} {
			amounts, err := bind.Call(router, &bind.CallOpts{Context: ctx},
				routerABI.PackGetAmountsOut(in, []common.Address{weth.Address, usdc.Address}), routerABI.UnpackGetAmountsOut)
			if err != nil {
				t.Fatalf("%s getAmountsOut(%v): %v", x.Name, in, err)
			}
			want := amountOut(in, rIn, rOut)
			if amounts[1].Cmp(want) != 0 {
				t.Errorf("%s getAmountsOut(%v) = %v, formula %v", x.Name, in, amounts[1], want)
			}
		}
	}
}

// amountOut is Uniswap V2's formula with floor division.
func amountOut(in, rIn, rOut *big.Int) *big.Int {
	inFee := new(big.Int).Mul(in, big.NewInt(997))
	num := new(big.Int).Mul(inFee, rOut)
	den := new(big.Int).Add(new(big.Int).Mul(rIn, big.NewInt(1000)), inFee)
	return num.Div(num, den)
}

func reserves(t testing.TB, d *Devnet, pair, tokenIn, tokenOut common.Address) (*big.Int, *big.Int) {
	t.Helper()
	p := pairABI.Instance(d.Client(), pair)
	r, err := bind.Call(p, nil, pairABI.PackGetReserves(), pairABI.UnpackGetReserves)
	if err != nil {
		t.Fatalf("getReserves: %v", err)
	}
	if tokenIn.Cmp(tokenOut) < 0 {
		return r.Reserve0, r.Reserve1
	}
	return r.Reserve1, r.Reserve0
}

func TestDexBStartsMispriced(t *testing.T) {
	t.Parallel()
	d := startManual(t)
	m := d.Manifest()
	weth, _ := m.Token("WETH")
	usdc, _ := m.Token("USDC")
	pa := price(t, d, m.DEXes[0].Pairs[0].Address, weth.Address, usdc.Address)
	pb := price(t, d, m.DEXes[1].Pairs[0].Address, weth.Address, usdc.Address)
	if pb.Cmp(pa) <= 0 {
		t.Fatalf("dex-b WETH price %v not above dex-a %v: no arbitrage gap", pb.FloatString(2), pa.FloatString(2))
	}
}

func price(t testing.TB, d *Devnet, pair, base, quote common.Address) *big.Rat {
	rb, rq := reserves(t, d, pair, base, quote)
	return new(big.Rat).SetFrac(new(big.Int).Mul(rq, big.NewInt(1e12)), rb) // USDC 6 vs WETH 18 decimals
}

func TestFundSendsETHAndTokens(t *testing.T) {
	t.Parallel()
	d := startManual(t)
	ctx := context.Background()
	to := common.HexToAddress("0x00000000000000000000000000000000000a9e27")
	err := d.Fund(ctx, to, units(2, 18), map[string]*big.Int{"USDC": units(500, 6), "WETH": units(3, 18)})
	if err != nil {
		t.Fatalf("Fund: %v", err)
	}
	eth, _ := d.Client().BalanceAt(ctx, to, nil)
	if eth.Cmp(units(2, 18)) != 0 {
		t.Errorf("ETH = %v, want 2e18", eth)
	}
	m := d.Manifest()
	for sym, want := range map[string]*big.Int{"USDC": units(500, 6), "WETH": units(3, 18)} {
		tok, _ := m.Token(sym)
		got, err := d.balanceOf(ctx, tok.Address, to)
		if err != nil || got.Cmp(want) != 0 {
			t.Errorf("%s = %v (%v), want %v", sym, got, err, want)
		}
	}
	if err := d.Fund(ctx, to, nil, map[string]*big.Int{"NOPE": big.NewInt(1)}); err == nil {
		t.Error("funding an unknown token succeeded")
	}
}

func TestNoiseTradersMovePrices(t *testing.T) {
	t.Parallel()
	d, err := Start(context.Background(), Options{BlockTime: 20 * time.Millisecond, NoiseTraders: 4, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	m := d.Manifest()
	weth, _ := m.Token("WETH")
	usdc, _ := m.Token("USDC")
	pairs := []common.Address{m.DEXes[0].Pairs[0].Address, m.DEXes[1].Pairs[0].Address}
	before := []*big.Rat{price(t, d, pairs[0], weth.Address, usdc.Address), price(t, d, pairs[1], weth.Address, usdc.Address)}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if price(t, d, pairs[0], weth.Address, usdc.Address).Cmp(before[0]) != 0 &&
			price(t, d, pairs[1], weth.Address, usdc.Address).Cmp(before[1]) != 0 {
			return
		}
	}
	t.Fatal("WETH/USDC prices on both DEXes did not move while noise traders ran")
}

func TestOptionsValidated(t *testing.T) {
	t.Parallel()
	for _, o := range []Options{{NoiseTraders: 9}, {BlockTime: -time.Second}, {RPCAddr: "10.1.2.3:8545"}, {RPCAddr: "nonsense"}} {
		if d, err := Start(context.Background(), o); err == nil {
			d.Close()
			t.Errorf("Start(%+v) succeeded", o)
		}
	}
}
