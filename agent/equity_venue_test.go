package agent

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// venueOnly holds only what a venue reports (a CLOB's outcome tokens) and
// its observations price no WETH: gas is priced, if at all, by NativeMark.
type venueOnly struct{ *resting }

func (s venueOnly) Observe(ctx context.Context) (*strategies.Observation, error) {
	obs, err := s.resting.Observe(ctx)
	if err != nil {
		return nil, err
	}
	delete(obs.Marks, s.h.weth.Address)
	return obs, nil
}

// newVenueOnly is an agent whose every holding is a venue's (no asset the
// chain can read), holding 10 YES at 0.70, its gas coin priced by mark.
func newVenueOnly(t *testing.T, h *harness, name string, mark func(context.Context) (*big.Int, error)) (*Runtime, *state, *resting) {
	t.Helper()
	yes := strategies.Token{Address: common.HexToAddress("0x00000000000000000000000000000000000000e5"), Symbol: "YES", Decimals: 6}
	s := &resting{scripted: scripted{h: h, decision: strategies.Decision{Action: "hold"}}, outcome: yes,
		mark: big.NewInt(700_000), held: big.NewInt(10_000_000)}
	rt := h.runtime(Spec{Name: name, Strategy: venueOnly{s}})
	st, _ := rt.agent(name)
	st.mu.Lock()
	st.spec.Assets = nil
	st.spec.Native, st.spec.NativeMark = h.weth, mark
	st.mu.Unlock()
	return rt, st, s
}

// A venue-only agent (predict.polymarket on the devnet: its pUSD and
// outcome tokens are the CLOB's figures, no contract the chain can read)
// is valued: PnL follows its holdings' marks. When nothing prices its gas
// coin at its first valuation, the coin stays out of equity and PnL (the
// snapshot says so) even once a price appears, so PnL never jumps by it.
func TestVenueOnlyAgentIsValuedWithoutAPriceForGas(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	priced := false
	rt, st, s := newVenueOnly(t, h, "clob", func(context.Context) (*big.Int, error) {
		if !priced {
			return nil, errors.New("no WETH/PUSD pool to price WETH")
		}
		return big.NewInt(3_000_000_000), nil
	})
	tickOnce(t, rt, "clob") // the baseline: 10 YES at 0.70, no ETH
	s.mu.Lock()
	s.mark = big.NewInt(800_000)
	s.mu.Unlock()
	priced = true
	tickOnce(t, rt, "clob")
	st.mu.Lock()
	pnl, equity, note := st.pnl, st.snapshot.Equity, st.snapshot.ValueErr
	st.mu.Unlock()
	if pnl == nil || pnl.Cmp(big.NewRat(1_000_000, 1)) != 0 {
		t.Fatalf("PnL %v (equity %q, %q), want exactly 1 USDC: 10 YES marked up by 0.10", pnl, equity, note)
	}
	if equity != "8" || !strings.Contains(note, "ETH (gas) is not in equity or PnL") {
		t.Fatalf("equity %q, note %q: want 8 (the YES alone) and a note that gas is left out", equity, note)
	}
}

// An agent whose baseline valued its gas coin needs its price: without
// one the valuation fails closed, as for any holding.
func TestVenueOnlyAgentWithPricedGasFailsClosedWithoutThePrice(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	priced := true
	rt, st, _ := newVenueOnly(t, h, "clob", func(context.Context) (*big.Int, error) {
		if !priced {
			return nil, errors.New("no WETH/PUSD pool to price WETH")
		}
		return big.NewInt(3_000_000_000), nil
	})
	tickOnce(t, rt, "clob")
	priced = false
	if err := rt.tick(context.Background(), st); err == nil || !strings.Contains(err.Error(), "no WETH/PUSD pool") {
		t.Fatalf("tick without a price for the gas the baseline valued: %v, want it to fail closed", err)
	}
}
