package devnet

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"net/http"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
)

// An ordinary JSON-RPC client sees a standard node on the loopback endpoint.
func TestRPCServesStandardMethods(t *testing.T) {
	t.Parallel()
	d, err := Start(context.Background(), Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	m := d.Manifest()
	if m.RPC == "" {
		t.Fatal("manifest has no RPC URL")
	}

	// Raw JSON-RPC, as curl or cast would send it.
	for method, want := range map[string]string{"eth_chainId": "0x539", "net_version": "1337"} {
		var res struct {
			Result string `json:"result"`
		}
		body := `{"jsonrpc":"2.0","id":1,"method":"` + method + `","params":[]}`
		resp, err := http.Post(m.RPC, "application/json", bytes.NewBufferString(body))
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if res.Result != want {
			t.Errorf("%s = %q, want %q", method, res.Result, want)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ec, err := ethclient.DialContext(ctx, m.RPC)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	start, err := ec.BlockNumber(ctx)
	if err != nil {
		t.Fatalf("eth_blockNumber: %v", err)
	}
	// eth_call: the router's quote.
	weth, _ := m.Token("WETH")
	usdc, _ := m.Token("USDC")
	out, err := ec.CallContract(ctx, callMsg(m.DEXes[0].Router, routerABI.PackGetAmountsOut(units(1, 18), []common.Address{weth.Address, usdc.Address})), nil)
	if err != nil {
		t.Fatalf("eth_call: %v", err)
	}
	amounts, err := routerABI.UnpackGetAmountsOut(out)
	if err != nil || amounts[1].Sign() <= 0 {
		t.Fatalf("getAmountsOut = %v (%v)", amounts, err)
	}
	// eth_sendRawTransaction: mined at once with block time 0.
	key := d.keys[2]
	from := accountAddress(key)
	nonce, _ := ec.PendingNonceAt(ctx, from)
	to := common.HexToAddress("0x000000000000000000000000000000000000b0b0")
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(big.NewInt(ChainID)), &types.DynamicFeeTx{
		ChainID: big.NewInt(ChainID), Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(50e9),
		Gas: 21_000, To: &to, Value: big.NewInt(12345),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := ec.SendTransaction(ctx, tx); err != nil {
		t.Fatalf("eth_sendRawTransaction: %v", err)
	}
	for {
		r, err := ec.TransactionReceipt(ctx, tx.Hash())
		if err == nil {
			if r.Status != types.ReceiptStatusSuccessful || r.BlockNumber.Uint64() <= start {
				t.Fatalf("receipt status %d in block %v (start %d)", r.Status, r.BlockNumber, start)
			}
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("transaction was not mined")
		case <-time.After(10 * time.Millisecond):
		}
	}
	if bal, _ := ec.BalanceAt(ctx, to, nil); bal.Int64() != 12345 {
		t.Fatalf("recipient balance %v, want 12345", bal)
	}
}

func TestRPCPortInUseIsAClearError(t *testing.T) {
	t.Parallel()
	d, err := Start(context.Background(), Options{RPCAddr: "127.0.0.1:0", Manual: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	addr := d.Manifest().RPC[len("http://"):]
	if d2, err := Start(context.Background(), Options{RPCAddr: addr, Manual: true}); err == nil {
		d2.Close()
		t.Fatalf("a second devnet started on %s", addr)
	}
}
