package contracts

import (
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
)

var wethABI = NewWETH()

func (c *chain) deployWETH() (common.Address, *bind.BoundContract) {
	c.t.Helper()
	addr := c.deploy(WETHMetaData.Bin, nil)
	return addr, wethABI.Instance(c.client, addr)
}

func TestWETHDepositWithdraw(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	addr, weth := c.deployWETH()
	wethBalance := func(who common.Address) *big.Int {
		return call(t, weth, wethABI.PackBalanceOf(who), wethABI.UnpackBalanceOf)
	}

	if got := call(t, weth, wethABI.PackDecimals(), wethABI.UnpackDecimals); got != 18 {
		t.Fatalf("decimals = %d, want 18", got)
	}
	if got := call(t, weth, wethABI.PackSymbol(), wethABI.UnpackSymbol); got != "WETH" {
		t.Fatalf("symbol = %q, want WETH", got)
	}

	// deposit() and a plain ETH transfer both wrap, logging Deposit.
	rcpt := c.send(withValue(c.alice, ether(3)), weth, wethABI.PackDeposit())
	ev, err := wethABI.UnpackDepositEvent(rcpt.Logs[0])
	if err != nil || ev.Dst != c.alice.From || ev.Wad.Cmp(ether(3)) != 0 {
		t.Fatalf("Deposit event = %+v, %v", ev, err)
	}
	tx, err := weth.Transfer(withValue(c.alice, ether(2)))
	if err != nil {
		t.Fatal(err)
	}
	c.mined(tx)
	eq(t, "WETH balance", wethBalance(c.alice.From), ether(5))
	eq(t, "totalSupply", call(t, weth, wethABI.PackTotalSupply(), wethABI.UnpackTotalSupply), ether(5))
	eq(t, "ETH held", c.balance(addr), ether(5))

	// withdraw returns exactly the ETH, minus nothing but gas.
	before := c.balance(c.alice.From)
	rcpt = c.send(c.alice, weth, wethABI.PackWithdraw(ether(4)))
	want := new(big.Int).Sub(new(big.Int).Add(before, ether(4)), gasCost(rcpt))
	eq(t, "ETH after withdraw", c.balance(c.alice.From), want)
	wev, err := wethABI.UnpackWithdrawalEvent(rcpt.Logs[0])
	if err != nil || wev.Src != c.alice.From || wev.Wad.Cmp(ether(4)) != 0 {
		t.Fatalf("Withdrawal event = %+v, %v", wev, err)
	}
	eq(t, "WETH after withdraw", wethBalance(c.alice.From), ether(1))

	c.reverts(c.alice, weth, wethABI.PackWithdraw(new(big.Int).Add(ether(1), big.NewInt(1))), "WETH: insufficient balance")
}

func TestWETHTransfers(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	_, weth := c.deployWETH()
	c.send(withValue(c.owner, big.NewInt(1000)), weth, wethABI.PackDeposit())

	// The holder may use transferFrom on its own balance without an allowance.
	c.send(c.owner, weth, wethABI.PackTransferFrom(c.owner.From, c.alice.From, big.NewInt(100)))
	c.reverts(c.alice, weth, wethABI.PackTransferFrom(c.owner.From, c.alice.From, big.NewInt(1)), "WETH: insufficient allowance")
	c.send(c.owner, weth, wethABI.PackApprove(c.alice.From, big.NewInt(50)))
	c.send(c.alice, weth, wethABI.PackTransferFrom(c.owner.From, c.alice.From, big.NewInt(50)))
	eq(t, "alice", call(t, weth, wethABI.PackBalanceOf(c.alice.From), wethABI.UnpackBalanceOf), big.NewInt(150))
	eq(t, "allowance", call(t, weth, wethABI.PackAllowance(c.owner.From, c.alice.From), wethABI.UnpackAllowance), big.NewInt(0))
	c.reverts(c.owner, weth, wethABI.PackTransfer(c.alice.From, big.NewInt(851)), "WETH: insufficient balance")
}

func TestWETHUnknownSelectorReverts(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	_, weth := c.deployWETH()
	// WETH9 would take this as a deposit; ours refuses, so a missing function
	// (e.g. permit) cannot look like a success.
	permit := []byte{0xd5, 0x05, 0xac, 0xcf} // permit(address,address,uint256,uint256,uint8,bytes32,bytes32)
	if _, err := c.transact(withValue(c.alice, big.NewInt(1)), weth, permit); err == nil || !strings.Contains(err.Error(), "execution reverted") {
		t.Fatalf("call to an unknown selector: %v, want a revert", err)
	}
	eq(t, "WETH minted by the failed call", call(t, weth, wethABI.PackTotalSupply(), wethABI.UnpackTotalSupply), big.NewInt(0))
}
