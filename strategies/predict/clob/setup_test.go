package clob_test

import (
	"context"
	"math/big"
	"testing"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// TestSetupCallsApproveOnChain runs the approval and wrap-approval calls on
// a simulated EVM against a real ERC-20 and the Gnosis Conditional Tokens
// contract, and reads the allowances and operator rights back.
func TestSetupCallsApproveOnChain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	k, _ := testKey(t, "setup")
	me := crypto.PubkeyToAddress(k.PublicKey)
	backend := simulated.NewBackend(types.GenesisAlloc{me: {Balance: new(big.Int).Lsh(big.NewInt(1), 80)}}, func(_ *node.Config, eth *ethconfig.Config) {
		cfg := *params.AllDevChainProtocolChanges
		cfg.BogotaTime = nil
		eth.Genesis.Config = &cfg
	})
	t.Cleanup(func() { _ = backend.Close() })
	client := backend.Client()
	opts := bind.NewKeyedTransactor(k, big.NewInt(1337))
	deploy := func(bin string, ctor []byte) common.Address {
		addr, _, err := bind.DeployContract(opts, common.FromHex(bin), client, ctor)
		if err != nil {
			t.Fatal(err)
		}
		backend.Commit()
		return addr
	}
	tok := contracts.NewTestToken()
	pusd := deploy(contracts.TestTokenMetaData.Bin, tok.PackConstructor("Polymarket USD", "pUSD", 6, me))
	usdce := deploy(contracts.TestTokenMetaData.Bin, tok.PackConstructor("USD Coin (PoS)", "USDC.e", 6, me))
	ctf := deploy(contracts.ConditionalTokensMetaData.Bin, nil)
	real, _ := clob.ContractsFor(clob.Polygon)
	c := real
	c.Collateral, c.CTF = pusd, ctf

	allowance := big.NewInt(250_000_000)
	calls, err := clob.ApprovalCalls(c, allowance)
	if err != nil || len(calls) != 8 {
		t.Fatalf("approval calls: %d %v", len(calls), err)
	}
	wraps, err := clob.WrapCalls(usdce, clob.CollateralOnramp, me, big.NewInt(40_000_000))
	if err != nil {
		t.Fatal(err)
	}
	for _, call := range append(calls, wraps[0]) {
		nonce, _ := client.PendingNonceAt(ctx, me)
		tx := types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(1337), Nonce: nonce, To: &call.To, Gas: 200_000,
			GasFeeCap: big.NewInt(1e11), GasTipCap: big.NewInt(1e9), Data: call.Data})
		signed, err := types.SignTx(tx, types.LatestSignerForChainID(big.NewInt(1337)), k)
		if err != nil {
			t.Fatal(err)
		}
		if err := client.SendTransaction(ctx, signed); err != nil {
			t.Fatalf("%s: %v", call.What, err)
		}
		backend.Commit()
		if r, err := client.TransactionReceipt(ctx, signed.Hash()); err != nil || r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("%s: receipt %+v %v", call.What, r, err)
		}
	}
	read := func(to common.Address, data []byte) []byte {
		out, err := client.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	ct := contracts.NewConditionalTokens()
	for _, spender := range []common.Address{real.Exchange, real.NegRiskExchange, real.ExchangeV3, real.NegRiskAdapter} {
		got, _ := tok.UnpackAllowance(read(pusd, tok.PackAllowance(me, spender)))
		if got.Cmp(allowance) != 0 {
			t.Errorf("pUSD allowance of %s: %s, want %s", spender.Hex(), got, allowance)
		}
		ok, _ := ct.UnpackIsApprovedForAll(read(ctf, ct.PackIsApprovedForAll(me, spender)))
		if !ok {
			t.Errorf("%s is not an outcome-token operator", spender.Hex())
		}
	}
	if got, _ := tok.UnpackAllowance(read(usdce, tok.PackAllowance(me, clob.CollateralOnramp))); got.Int64() != 40_000_000 {
		t.Errorf("on-ramp allowance %s, want exactly the wrap amount", got)
	}
	// The wrap itself goes to Polymarket's on-ramp (not deployed here):
	// wrap(address _asset, address _to, uint256 _amount).
	want := crypto.Keccak256([]byte("wrap(address,address,uint256)"))[:4]
	if w := wraps[1]; w.To != clob.CollateralOnramp || string(w.Data[:4]) != string(want) ||
		common.BytesToAddress(w.Data[4:36]) != usdce || common.BytesToAddress(w.Data[36:68]) != me || new(big.Int).SetBytes(w.Data[68:100]).Int64() != 40_000_000 {
		t.Errorf("wrap call %x", w.Data)
	}
	if _, err := clob.ApprovalCalls(c, nil); err == nil {
		t.Error("approvals without an allowance were built")
	}
}
