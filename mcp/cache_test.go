package mcp

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"golang.org/x/time/rate"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/wallet"
)

var quoteArgs = map[string]any{"venue": "dex-a", "token_in": "USDC", "token_out": "WETH", "amount_in": "100"}

// The read tools answer at the head block they claim and never from before
// it: a repeated read at one block gives the same answer, a tx by someone
// else (a new block) shows at once, and so does the agent's own swap in
// balances and in the next quote.
func TestMcpReadsFollowTheHeadAndTheAgentsSends(t *testing.T) {
	t.Parallel()
	h := boot(t)
	s := newServer(t, h, Options{Rate: rate.Inf})
	cs := stdioClient(t, s, Client{Name: "desk", Agent: "wallet"})
	ctx := context.Background()
	read := func() (agent.Holdings, agent.Quoted) {
		t.Helper()
		var b agent.Holdings
		var q agent.Quoted
		if err := call(ctx, cs, "balances", map[string]any{}, &b); err != nil {
			t.Fatal(err)
		}
		if err := call(ctx, cs, "quote", quoteArgs, &q); err != nil {
			t.Fatal(err)
		}
		if head := headOf(t, h); b.Block != head || q.Block != head {
			t.Fatalf("balances at block %d, quote at %d, head %d: a read claims the head it was made at", b.Block, q.Block, head)
		}
		return b, q
	}

	b1, q1 := read()
	if balanceOf(b1, "USDC") != "20000" || b1.Block == 0 {
		t.Fatalf("first read %+v", b1)
	}
	b2, q2 := read()
	if toJSON(b2) != toJSON(b1) || q2 != q1 {
		t.Fatalf("same block, different answers:\n%s\n%s\n%+v\n%+v", toJSON(b1), toJSON(b2), q1, q2)
	}

	// Someone else pays the agent 5 USDC: a new block.
	if err := h.Chain.Fund(ctx, common.HexToAddress(b1.Wallet), nil, map[string]*big.Int{"USDC": big.NewInt(5_000_000)}); err != nil {
		t.Fatal(err)
	}
	b3, q3 := read()
	if b3.Block <= b1.Block || balanceOf(b3, "USDC") != "20005" {
		t.Fatalf("after a payment in a new block: block %d (was %d), USDC %s, want 20005", b3.Block, b1.Block, balanceOf(b3, "USDC"))
	}
	if q3.Block <= q1.Block || q3.QuotedOut != q1.QuotedOut {
		t.Fatalf("the pool did not move: quote %+v, was %+v", q3, q1)
	}

	// The agent's own swap: balances and the quote show it.
	var out proposalOutput
	if err := call(ctx, cs, "propose_swap", quoteArgs, &out); err != nil || out.Outcome != "confirmed" {
		t.Fatalf("swap: %+v %v", out, err)
	}
	b4, q4 := read()
	if b4.Block <= b3.Block || balanceOf(b4, "USDC") != "19905" || balanceOf(b4, "WETH") == balanceOf(b3, "WETH") {
		t.Fatalf("after the agent's swap: block %d (was %d), %+v", b4.Block, b3.Block, b4.Balances)
	}
	if len(b4.Positions) == 0 || toJSON(b4.Positions) == toJSON(b3.Positions) {
		t.Fatalf("the swap booked no positions: %+v, before %+v", b4.Positions, b3.Positions)
	}
	if q4.Block <= q3.Block || cmpAmount(t, q4.QuotedOut, q3.QuotedOut) >= 0 {
		t.Fatalf("after buying WETH the same USDC quotes less WETH: %+v, was %+v", q4, q3)
	}
}

// Many HTTP clients read balances and quotes at once while payments to the
// agent move the head: every answer is the chain's at the block it claims,
// and answers claiming one block are identical. Run with -race.
func TestMcpConcurrentIdenticalReads(t *testing.T) {
	t.Parallel()
	const clients, rounds, payments = 20, 4, 3
	h := boot(t)
	s := newServer(t, h, Options{Rate: rate.Inf})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cs := make([]Client, clients)
	for i := range cs {
		cs[i] = Client{Name: fmt.Sprintf("c%02d", i), Agent: "wallet", Token: fmt.Sprintf("token-%02d-0123456789abcdef", i)}
	}
	addr, err := s.ListenHTTP(ctx, HTTPOptions{Addr: "127.0.0.1:0", Clients: cs})
	if err != nil {
		t.Fatal(err)
	}
	sessions := make([]*sdk.ClientSession, clients)
	for i, c := range cs {
		if sessions[i], err = httpClient(ctx, "http://"+addr.String()+"/mcp", c.Token); err != nil {
			t.Fatal(err)
		}
		defer sessions[i].Close()
	}
	var first agent.Holdings
	if err := call(ctx, sessions[0], "balances", map[string]any{}, &first); err != nil {
		t.Fatal(err)
	}
	owner := common.HexToAddress(first.Wallet)
	var (
		mu     sync.Mutex
		bals   = map[uint64]agent.Holdings{first.Block: first} // by the block each claims
		quotes = map[uint64]agent.Quoted{}
		wg     sync.WaitGroup
		paid   atomic.Bool
	)
	for i := range sessions {
		wg.Go(func() {
			// Each client reads on until a round that began after the
			// payments were all mined.
			for r := 1; ; r++ {
				after := paid.Load()
				var b agent.Holdings
				var q agent.Quoted
				if err := call(ctx, sessions[i], "balances", map[string]any{}, &b); err != nil {
					t.Error(err)
					return
				}
				if err := call(ctx, sessions[i], "quote", quoteArgs, &q); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if prev, ok := bals[b.Block]; ok && toJSON(prev) != toJSON(b) {
					t.Errorf("two answers at block %d:\n%s\n%s", b.Block, toJSON(prev), toJSON(b))
				}
				if prev, ok := quotes[q.Block]; ok && prev != q {
					t.Errorf("two quotes at block %d: %+v, %+v", q.Block, prev, q)
				}
				bals[b.Block], quotes[q.Block] = b, q
				mu.Unlock()
				if after && r >= rounds {
					return
				}
			}
		})
	}
	for range payments {
		if err := h.Chain.Fund(ctx, owner, nil, map[string]*big.Int{"USDC": big.NewInt(1_000_000)}); err != nil {
			t.Error(err) // the readers still stop: paid is set below
			break
		}
	}
	last := headOf(t, h)
	paid.Store(true)
	wg.Wait()
	if t.Failed() {
		return
	}
	// Each answer holds the chain's own balances at its block.
	if _, ok := bals[last]; !ok || last == first.Block {
		t.Fatalf("answers at blocks %v: want the first block and block %d after the payments", slices.Sorted(maps.Keys(bals)), last)
	}
	for block, b := range bals {
		for _, bal := range b.Balances {
			var got *big.Int
			if bal.Address == "" {
				got, err = h.Client.BalanceAt(ctx, owner, new(big.Int).SetUint64(block))
			} else {
				got, err = h.Client.Token(common.HexToAddress(bal.Address)).BalanceAt(ctx, owner, new(big.Int).SetUint64(block))
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != bal.Units {
				t.Errorf("block %d: %s answered %s, the chain holds %s", block, bal.Symbol, bal.Units, got)
			}
		}
	}
}

func headOf(t *testing.T, h *agent.Host) uint64 {
	t.Helper()
	n, err := h.Client.Backend().BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func cmpAmount(t *testing.T, a, b string) int {
	t.Helper()
	x, err1 := wallet.ParseAmount(a, 18)
	y, err2 := wallet.ParseAmount(b, 18)
	if err1 != nil || err2 != nil {
		t.Fatalf("amounts %q %q", a, b)
	}
	return x.Cmp(y)
}
