package wallet_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
	"github.com/agentctl/agentctl/wallet/rpcfault"
)

var planABI, _ = abi.JSON(strings.NewReader(`[
{"type":"function","name":"approve","inputs":[{"type":"address"},{"type":"uint256"}],"outputs":[{"type":"bool"}]},
{"type":"function","name":"swapExactTokensForTokens","inputs":[{"type":"uint256"},{"type":"uint256"},{"type":"address[]"},{"type":"address"},{"type":"uint256"}],"outputs":[{"type":"uint256[]"}]}]`))

// simRig is the devnet over loopback with the fault proxy in front: via
// talks through the proxy, direct to the node itself.
type simRig struct {
	proxy              *rpcfault.Proxy
	via, direct        *wallet.Client
	owner              common.Address
	usdc, weth, router common.Address
}

func newSimRig(t *testing.T) *simRig {
	t.Helper()
	ctx := context.Background()
	d, err := devnet.Start(ctx, devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	p, err := rpcfault.Start(rpcfault.Options{Target: d.Manifest().RPC, Lifetime: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	r := &simRig{proxy: p}
	for _, u := range []struct {
		c   **wallet.Client
		url string
	}{{&r.via, p.URL()}, {&r.direct, d.Manifest().RPC}} {
		c, err := wallet.Dial(ctx, u.url, wallet.Options{ChainID: devnet.ChainID})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		*u.c = c
	}
	key, _ := crypto.GenerateKey()
	r.owner = crypto.PubkeyToAddress(key.PublicKey)
	if err := d.Fund(ctx, r.owner, big.NewInt(params.Ether), map[string]*big.Int{"USDC": big.NewInt(5_000e6)}); err != nil {
		t.Fatal(err)
	}
	u, _ := d.Manifest().Token("USDC")
	w, _ := d.Manifest().Token("WETH")
	r.usdc, r.weth, r.router = u.Address, w.Address, d.Manifest().DEXes[0].Router
	return r
}

func (r *simRig) approve(token common.Address, amt *big.Int) wallet.Intent {
	data, _ := planABI.Pack("approve", r.router, amt)
	return wallet.Intent{To: &token, Data: data}
}

func (r *simRig) swap(in, out common.Address, amt *big.Int) wallet.Intent {
	data, _ := planABI.Pack("swapExactTokensForTokens", amt, big.NewInt(1), []common.Address{in, out}, r.owner, big.NewInt(1<<40))
	return wallet.Intent{To: &r.router, Data: data}
}

// On a node that answers eth_simulateV1 with "method not found", an
// approve + swap plan is simulated call by call, the approval carried into
// the swap as an allowance override: the swap gives exactly what
// eth_simulateV1 gives on the node itself, the node is asked about
// eth_simulateV1 once, and the swap alone (no approval) still reverts.
func TestSimulateWithoutSimulateV1CarriesTheApproval(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := newSimRig(t)
	r.proxy.SetRules(rpcfault.Rule{Method: "eth_simulateV1", Fault: rpcfault.MethodNotFound})
	amt := big.NewInt(300e6)
	plan := []wallet.Intent{r.approve(r.usdc, amt), r.swap(r.usdc, r.weth, amt)}
	want, err := r.direct.SimulatePlan(ctx, r.owner, plan)
	if err != nil || want.Via != wallet.SimulatedV1 {
		t.Fatalf("reference simulation on the node: %+v %v", want, err)
	}
	for range 2 {
		got, err := r.via.SimulatePlan(ctx, r.owner, plan)
		if err != nil {
			t.Fatalf("simulate without eth_simulateV1: %v", err)
		}
		if got.Via != wallet.SimulatedCall {
			t.Fatalf("simulated via %q, want %q", got.Via, wallet.SimulatedCall)
		}
		for i, c := range got.Calls {
			if !c.OK || c.GasUsed == 0 || string(c.Return) != string(want.Calls[i].Return) {
				t.Fatalf("call %d: %+v, eth_simulateV1 gave %+v", i, c, want.Calls[i])
			}
			if c.GasUsed < want.Calls[i].GasUsed {
				t.Fatalf("call %d: gas %d below the %d eth_simulateV1 used", i, c.GasUsed, want.Calls[i].GasUsed)
			}
		}
	}
	if via := r.via.SimulatedVia(); via != wallet.SimulatedCall {
		t.Fatalf("the client says it simulates via %q", via)
	}
	if n := r.proxy.Stats()["eth_simulateV1"][rpcfault.MethodNotFound]; n != 1 {
		t.Fatalf("eth_simulateV1 asked %d times, want once per node", n)
	}
	alone, err := r.via.SimulatePlan(ctx, r.owner, plan[1:])
	if err != nil || alone.Calls[0].OK || alone.Calls[0].Error == "" {
		t.Fatalf("a swap without its approval must revert in simulation: %+v %v", alone, err)
	}
}

// A plan whose later call spends an earlier swap's output cannot be
// simulated faithfully with eth_call: it is refused, naming the call.
func TestSimulateWithoutSimulateV1RefusesDependentPlans(t *testing.T) {
	t.Parallel()
	r := newSimRig(t)
	r.proxy.SetRules(rpcfault.Rule{Method: "eth_simulateV1", Fault: rpcfault.MethodNotFound})
	amt := big.NewInt(300e6)
	back := big.NewInt(1e15)
	plan := []wallet.Intent{r.approve(r.usdc, amt), r.swap(r.usdc, r.weth, amt), r.approve(r.weth, back), r.swap(r.weth, r.usdc, back)}
	_, err := r.via.SimulatePlan(context.Background(), r.owner, plan)
	var unf *wallet.UnfaithfulError
	if !errors.As(err, &unf) || unf.Call != 1 || !strings.Contains(err.Error(), "cannot be simulated faithfully") {
		t.Fatalf("an arbitrage round trip without eth_simulateV1: %v, want an UnfaithfulError at call 1", err)
	}
}

// A transport failure of eth_simulateV1 is an error, not a verdict that the
// node lacks it: once the node answers, eth_simulateV1 is used.
func TestSimulateTransportFailureIsNoVerdict(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := newSimRig(t)
	amt := big.NewInt(300e6)
	plan := []wallet.Intent{r.approve(r.usdc, amt), r.swap(r.usdc, r.weth, amt)}
	for _, f := range []rpcfault.Fault{rpcfault.Status5xx, rpcfault.DropConn, rpcfault.Truncate} {
		r.proxy.SetRules(rpcfault.Rule{Method: "eth_simulateV1", Fault: f})
		if sim, err := r.via.SimulatePlan(ctx, r.owner, plan); err == nil {
			t.Fatalf("%s on eth_simulateV1: simulated via %s, want an error", f, sim.Via)
		}
	}
	r.proxy.SetRules()
	sim, err := r.via.SimulatePlan(ctx, r.owner, plan)
	if err != nil || sim.Via != wallet.SimulatedV1 {
		t.Fatalf("after the faults: %+v %v, want eth_simulateV1", sim, err)
	}
}

// A node whose eth_estimateGas takes no state overrides (hardhat's node)
// or refuses it: the gas of each call is found with eth_call instead, at
// least what the call uses and not wildly more.
func TestSimulateWithoutEstimateGasSearchesTheGas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := newSimRig(t)
	r.proxy.SetRules(rpcfault.Rule{Method: "eth_simulateV1", Fault: rpcfault.MethodNotFound},
		rpcfault.Rule{Method: "eth_estimateGas", Fault: rpcfault.MethodNotFound})
	amt := big.NewInt(300e6)
	plan := []wallet.Intent{r.approve(r.usdc, amt), r.swap(r.usdc, r.weth, amt)}
	want, err := r.direct.SimulatePlan(ctx, r.owner, plan)
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.via.SimulatePlan(ctx, r.owner, plan)
	if err != nil || got.Via != wallet.SimulatedCall {
		t.Fatalf("simulate without eth_simulateV1 and eth_estimateGas: %+v %v", got, err)
	}
	for i, c := range got.Calls {
		w := want.Calls[i]
		if !c.OK || string(c.Return) != string(w.Return) || c.GasUsed < w.GasUsed || c.GasUsed > 2*w.GasUsed {
			t.Fatalf("call %d: %+v (gas %d), eth_simulateV1 gave %+v (gas %d)", i, c, c.GasUsed, w, w.GasUsed)
		}
	}
}
