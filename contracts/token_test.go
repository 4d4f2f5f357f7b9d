package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// token is a deployed TestToken owned by chain.owner.
type token struct {
	addr common.Address
	inst *bind.BoundContract
}

var tokenABI = NewTestToken()

func (c *chain) deployToken(name, symbol string, decimals uint8) token {
	c.t.Helper()
	addr := c.deploy(TestTokenMetaData.Bin, tokenABI.PackConstructor(name, symbol, decimals, c.owner.From))
	return token{addr: addr, inst: tokenABI.Instance(c.client, addr)}
}

func (c *chain) mint(tk token, to common.Address, amount *big.Int) *types.Receipt {
	c.t.Helper()
	return c.send(c.owner, tk.inst, tokenABI.PackMint(to, amount))
}

func (c *chain) tokenBalance(tk token, who common.Address) *big.Int {
	c.t.Helper()
	return call(c.t, tk.inst, tokenABI.PackBalanceOf(who), tokenABI.UnpackBalanceOf)
}

func TestTestTokenMetadata(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	for _, tc := range []struct {
		name, symbol string
		decimals     uint8
	}{
		{"USD Coin", "USDC", 6},
		{"Dai Stablecoin", "DAI", 18},
		{"Indivisible", "ONE", 0},
	} {
		tk := c.deployToken(tc.name, tc.symbol, tc.decimals)
		if got := call(t, tk.inst, tokenABI.PackName(), tokenABI.UnpackName); got != tc.name {
			t.Errorf("name = %q, want %q", got, tc.name)
		}
		if got := call(t, tk.inst, tokenABI.PackSymbol(), tokenABI.UnpackSymbol); got != tc.symbol {
			t.Errorf("symbol = %q, want %q", got, tc.symbol)
		}
		if got := call(t, tk.inst, tokenABI.PackDecimals(), tokenABI.UnpackDecimals); got != tc.decimals {
			t.Errorf("decimals = %d, want %d", got, tc.decimals)
		}
		if got := call(t, tk.inst, tokenABI.PackOwner(), tokenABI.UnpackOwner); got != c.owner.From {
			t.Errorf("owner = %s, want %s", got, c.owner.From)
		}
	}
	// The IERC20 binding reads any token the same way.
	tk := c.deployToken("Any", "ANY", 9)
	erc20 := NewIERC20()
	if got := call(t, erc20.Instance(c.client, tk.addr), erc20.PackDecimals(), erc20.UnpackDecimals); got != 9 {
		t.Errorf("IERC20.decimals = %d, want 9", got)
	}
}

func TestTestTokenZeroOwnerRejected(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	_, _, err := bind.DeployContract(c.owner, common.FromHex(TestTokenMetaData.Bin), c.client,
		tokenABI.PackConstructor("X", "X", 18, common.Address{}))
	if got, want := revertReason(err), "TestToken: owner is the zero address"; got != want {
		t.Fatalf("deploy with zero owner: %q, want %q", got, want)
	}
}

func TestTestTokenMint(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	tk := c.deployToken("Test", "TST", 18)

	rcpt := c.mint(tk, c.alice.From, ether(5))
	eq(t, "alice balance", c.tokenBalance(tk, c.alice.From), ether(5))
	eq(t, "totalSupply", call(t, tk.inst, tokenABI.PackTotalSupply(), tokenABI.UnpackTotalSupply), ether(5))
	if len(rcpt.Logs) != 1 {
		t.Fatalf("mint logged %d events, want 1 Transfer", len(rcpt.Logs))
	}
	ev, err := tokenABI.UnpackTransferEvent(rcpt.Logs[0])
	if err != nil {
		t.Fatal(err)
	}
	if ev.From != (common.Address{}) || ev.To != c.alice.From || ev.Value.Cmp(ether(5)) != 0 {
		t.Fatalf("Transfer event = %+v, want 0x0 -> alice 5e18", ev)
	}

	c.reverts(c.alice, tk.inst, tokenABI.PackMint(c.alice.From, big.NewInt(1)), "TestToken: caller is not the owner")
	eq(t, "totalSupply after refused mint", call(t, tk.inst, tokenABI.PackTotalSupply(), tokenABI.UnpackTotalSupply), ether(5))
}

func TestTestTokenTransfers(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	tk := c.deployToken("Test", "TST", 18)
	c.mint(tk, c.owner.From, big.NewInt(1000))
	spender := c.alice

	c.reverts(spender, tk.inst, tokenABI.PackTransferFrom(c.owner.From, spender.From, big.NewInt(1)), "ERC20: insufficient allowance")
	c.reverts(c.owner, tk.inst, tokenABI.PackTransfer(spender.From, big.NewInt(1001)), "ERC20: transfer amount exceeds balance")

	// A finite allowance shrinks by what is spent.
	c.send(c.owner, tk.inst, tokenABI.PackApprove(spender.From, big.NewInt(300)))
	c.send(spender, tk.inst, tokenABI.PackTransferFrom(c.owner.From, spender.From, big.NewInt(100)))
	eq(t, "allowance", call(t, tk.inst, tokenABI.PackAllowance(c.owner.From, spender.From), tokenABI.UnpackAllowance), big.NewInt(200))
	c.reverts(spender, tk.inst, tokenABI.PackTransferFrom(c.owner.From, spender.From, big.NewInt(201)), "ERC20: insufficient allowance")

	// The maximal allowance is infinite and never decreases.
	c.send(c.owner, tk.inst, tokenABI.PackApprove(spender.From, maxUint256))
	c.send(spender, tk.inst, tokenABI.PackTransferFrom(c.owner.From, spender.From, big.NewInt(400)))
	eq(t, "infinite allowance", call(t, tk.inst, tokenABI.PackAllowance(c.owner.From, spender.From), tokenABI.UnpackAllowance), maxUint256)
	eq(t, "owner balance", c.tokenBalance(tk, c.owner.From), big.NewInt(500))
	eq(t, "spender balance", c.tokenBalance(tk, spender.From), big.NewInt(500))
}

var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
