package wallet_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/agentctl/agentctl/wallet"
)

// cappedLogNode speaks eth_blockNumber and eth_getLogs over JSON-RPC the way
// a hosted provider does: a range wider than maxRange is refused with the
// provider's own error body. It holds one log every `every` blocks.
type cappedLogNode struct {
	head, every, maxRange uint64
	failAt                uint64 // a block whose query fails with a non-range error (0: none)
	mu                    sync.Mutex
	refused, served       int
}

func (n *cappedLogNode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ID     json.RawMessage   `json:"id"`
		Method string            `json:"method"`
		Params []json.RawMessage `json:"params"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	reply := func(result any, code int, msg string) {
		out := map[string]any{"jsonrpc": "2.0", "id": req.ID}
		if msg != "" {
			out["error"] = map[string]any{"code": code, "message": msg}
		} else {
			out["result"] = result
		}
		_ = json.NewEncoder(w).Encode(out)
	}
	switch req.Method {
	case "eth_blockNumber":
		reply(hexutil.Uint64(n.head), 0, "")
	case "eth_getLogs":
		var f struct{ FromBlock, ToBlock string }
		_ = json.Unmarshal(req.Params[0], &f)
		from, _ := strconv.ParseUint(strings.TrimPrefix(f.FromBlock, "0x"), 16, 64)
		to, _ := strconv.ParseUint(strings.TrimPrefix(f.ToBlock, "0x"), 16, 64)
		n.mu.Lock()
		defer n.mu.Unlock()
		if to-from+1 > n.maxRange {
			n.refused++
			reply(nil, -32600, fmt.Sprintf("query exceeds max block range %d", n.maxRange))
			return
		}
		if n.failAt != 0 && from <= n.failAt && n.failAt <= to {
			reply(nil, -32000, "header not found")
			return
		}
		n.served++
		logs := []map[string]any{}
		for b := from; b <= to; b++ {
			if b%n.every == 0 {
				logs = append(logs, map[string]any{
					"address": common.HexToAddress("0xa11").Hex(), "topics": []string{common.BigToHash(hexutilBig(b)).Hex()},
					"data": "0x", "blockNumber": hexutil.Uint64(b), "transactionHash": common.BigToHash(hexutilBig(b + 1)).Hex(),
					"transactionIndex": "0x0", "blockHash": common.BigToHash(hexutilBig(b + 2)).Hex(), "logIndex": "0x0", "removed": false,
				})
			}
		}
		reply(logs, 0, "")
	default:
		reply(nil, -32601, "the method "+req.Method+" does not exist/is not available")
	}
}

// Behind a provider that caps eth_getLogs at 1,000 blocks, a scan from
// block 0 over 25,000 blocks still returns every log exactly once, in block
// order, and a real node error stops the scan naming the blocks it asked for.
func TestScanLogsAdaptsToAProvidersRangeLimit(t *testing.T) {
	node := &cappedLogNode{head: 25_000, every: 250, maxRange: 1_000}
	srv := httptest.NewServer(node)
	defer srv.Close()
	c, err := ethclient.Dial(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	q := ethereum.FilterQuery{Addresses: []common.Address{common.HexToAddress("0xa11")}}
	logs, err := wallet.ScanLogs(ctx, c, q, 0, 0)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	if len(logs) != 101 {
		t.Fatalf("got %d logs, want 101 (one every 250 blocks, 0..25000)", len(logs))
	}
	for i, l := range logs {
		if l.BlockNumber != uint64(i)*250 {
			t.Fatalf("log %d is from block %d, want %d: out of order or duplicated", i, l.BlockNumber, i*250)
		}
	}
	if node.refused == 0 {
		t.Fatal("the provider never refused a range: the test did not exercise the limit")
	}
	// Once the range fits, it stays: at most twice the 25 queries the cap allows, not thousands.
	if node.served > 50 {
		t.Fatalf("%d queries served for 25,000 blocks under a 1,000-block cap: the scan does not keep a range that works", node.served)
	}

	node.failAt = 12_345
	_, err = wallet.ScanLogs(ctx, c, q, 10_000, 0)
	if err == nil || !strings.Contains(err.Error(), "header not found") || !strings.Contains(err.Error(), "blocks ") {
		t.Fatalf("a node error should end the scan naming the blocks, got %v", err)
	}
}

func hexutilBig(v uint64) *big.Int { return new(big.Int).SetUint64(v) }
