package wallet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/contracts"
)

// erc20ABI is the project's IERC20 binding ABI: the standard interface with
// the optional name/symbol/decimals, enough for any compliant token.
var erc20ABI = func() *abi.ABI {
	a := contracts.NewIERC20().GetABI()
	return &a
}()

// erc20ErrorsJSON holds the standard ERC-20 custom errors (EIP-6093), so the
// reverts of tokens that use them are decoded by name.
const erc20ErrorsJSON = `[
{"type":"error","name":"ERC20InsufficientBalance","inputs":[{"name":"sender","type":"address"},{"name":"balance","type":"uint256"},{"name":"needed","type":"uint256"}]},
{"type":"error","name":"ERC20InvalidSender","inputs":[{"name":"sender","type":"address"}]},
{"type":"error","name":"ERC20InvalidReceiver","inputs":[{"name":"receiver","type":"address"}]},
{"type":"error","name":"ERC20InsufficientAllowance","inputs":[{"name":"spender","type":"address"},{"name":"allowance","type":"uint256"},{"name":"needed","type":"uint256"}]},
{"type":"error","name":"ERC20InvalidApprover","inputs":[{"name":"approver","type":"address"}]},
{"type":"error","name":"ERC20InvalidSpender","inputs":[{"name":"spender","type":"address"}]}
]`

var erc20ErrorsABI = func() *abi.ABI {
	a, err := abi.JSON(strings.NewReader(erc20ErrorsJSON))
	if err != nil {
		panic("wallet: bad ERC-20 errors ABI: " + err.Error())
	}
	return &a
}()

// ERC20ABI returns the standard ERC-20 ABI the wallet uses.
func ERC20ABI() *abi.ABI { return erc20ABI }

// maxSymbolLen bounds token text shown to users: it comes from the contract.
const maxSymbolLen = 64

// Token is an ERC-20 contract read and written through a Client.
type Token struct {
	c       *Client
	Address common.Address
}

// TokenInfo is what a balance display needs.
type TokenInfo struct {
	Address  common.Address
	Name     string
	Symbol   string
	Decimals uint8
}

// Token returns a handle on the ERC-20 at addr. Nothing is read yet.
func (c *Client) Token(addr common.Address) *Token { return &Token{c: c, Address: addr} }

func (t *Token) call(ctx context.Context, method string, args ...any) ([]byte, error) {
	data, err := erc20ABI.Pack(method, args...)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", method, err)
	}
	out, err := t.c.backend.CallContract(ctx, ethereum.CallMsg{To: &t.Address, Data: data}, nil)
	if err != nil {
		if re, ok := RevertFromError(err); ok {
			return nil, fmt.Errorf("token %s: %s() %w", t.Address.Hex(), method, re)
		}
		return nil, t.c.nodeErr(fmt.Sprintf("token %s: %s()", t.Address.Hex(), method), err)
	}
	if len(out) == 0 {
		code, cerr := t.c.backend.CodeAt(ctx, t.Address, nil)
		if cerr == nil && len(code) == 0 {
			return nil, fmt.Errorf("no contract at %s: check the token address and that the RPC is the right network", t.Address.Hex())
		}
		return nil, fmt.Errorf("token %s: %s() returned nothing: it does not look like an ERC-20", t.Address.Hex(), method)
	}
	return out, nil
}

func (t *Token) callUint(ctx context.Context, method string, args ...any) (*big.Int, error) {
	out, err := t.call(ctx, method, args...)
	if err != nil {
		return nil, err
	}
	vals, err := erc20ABI.Unpack(method, out)
	if err != nil {
		return nil, fmt.Errorf("token %s: decode %s(): %w", t.Address.Hex(), method, err)
	}
	return vals[0].(*big.Int), nil
}

// BalanceOf returns owner's balance in base units.
func (t *Token) BalanceOf(ctx context.Context, owner common.Address) (*big.Int, error) {
	return t.callUint(ctx, "balanceOf", owner)
}

// BalanceAt returns owner's balance at a block (nil = latest).
func (t *Token) BalanceAt(ctx context.Context, owner common.Address, block *big.Int) (*big.Int, error) {
	data, err := erc20ABI.Pack("balanceOf", owner)
	if err != nil {
		return nil, err
	}
	out, err := t.c.backend.CallContract(ctx, ethereum.CallMsg{To: &t.Address, Data: data}, block)
	if err != nil {
		return nil, t.c.nodeErr(fmt.Sprintf("token %s: balanceOf() at block %v", t.Address.Hex(), block), err)
	}
	vals, err := erc20ABI.Unpack("balanceOf", out)
	if err != nil {
		return nil, fmt.Errorf("token %s: decode balanceOf(): %w", t.Address.Hex(), err)
	}
	return vals[0].(*big.Int), nil
}

// Allowance returns how much spender may move from owner.
func (t *Token) Allowance(ctx context.Context, owner, spender common.Address) (*big.Int, error) {
	return t.callUint(ctx, "allowance", owner, spender)
}

// TotalSupply returns the token's total supply in base units.
func (t *Token) TotalSupply(ctx context.Context) (*big.Int, error) {
	return t.callUint(ctx, "totalSupply")
}

// Decimals returns the token's decimals.
func (t *Token) Decimals(ctx context.Context) (uint8, error) {
	out, err := t.call(ctx, "decimals")
	if err != nil {
		return 0, err
	}
	// Read the word directly: some tokens declare uint256 decimals.
	if len(out) < 32 {
		return 0, fmt.Errorf("token %s: decimals() returned %d bytes, want 32", t.Address.Hex(), len(out))
	}
	d := new(big.Int).SetBytes(out[:32])
	if !d.IsUint64() || d.Uint64() > maxDecimals {
		return 0, fmt.Errorf("token %s: decimals() is %s, above %d: not usable", t.Address.Hex(), d, maxDecimals)
	}
	return uint8(d.Uint64()), nil
}

// Symbol returns the token's symbol, made safe to print.
func (t *Token) Symbol(ctx context.Context) (string, error) { return t.text(ctx, "symbol") }

// Name returns the token's name, made safe to print.
func (t *Token) Name(ctx context.Context) (string, error) { return t.text(ctx, "name") }

// text reads a string getter; old tokens (MKR-style) return bytes32 instead.
func (t *Token) text(ctx context.Context, method string) (string, error) {
	out, err := t.call(ctx, method)
	if err != nil {
		return "", err
	}
	var s string
	if vals, err := erc20ABI.Unpack(method, out); err == nil {
		s = vals[0].(string)
	} else if len(out) == 32 {
		s = string(bytes.TrimRight(out, "\x00"))
	} else {
		return "", fmt.Errorf("token %s: decode %s(): %w", t.Address.Hex(), method, err)
	}
	s = Printable(s)
	if r := []rune(s); len(r) > maxSymbolLen {
		s = string(r[:maxSymbolLen])
	}
	return s, nil
}

// Info reads symbol, name and decimals.
func (t *Token) Info(ctx context.Context) (TokenInfo, error) {
	info := TokenInfo{Address: t.Address}
	var err error
	if info.Decimals, err = t.Decimals(ctx); err != nil {
		return info, err
	}
	if info.Symbol, err = t.Symbol(ctx); err != nil {
		return info, err
	}
	if info.Name, err = t.Name(ctx); err != nil {
		return info, err
	}
	return info, nil
}

// TransferIntent is the intent of transfer(to, amount) on this token.
func (t *Token) TransferIntent(to common.Address, amount *big.Int) (Intent, error) {
	return t.intent("transfer", to, amount)
}

// ApproveIntent is the intent of approve(spender, amount) on this token.
func (t *Token) ApproveIntent(spender common.Address, amount *big.Int) (Intent, error) {
	return t.intent("approve", spender, amount)
}

func (t *Token) intent(method string, who common.Address, amount *big.Int) (Intent, error) {
	if amount == nil || amount.Sign() < 0 || amount.Cmp(maxUint256) > 0 {
		return Intent{}, fmt.Errorf("%s amount %v is not a valid uint256", method, amount)
	}
	data, err := erc20ABI.Pack(method, who, amount)
	if err != nil {
		return Intent{}, fmt.Errorf("encode %s: %w", method, err)
	}
	to := t.Address
	return Intent{To: &to, Data: data}, nil
}

// Transfer sends amount base units to to and waits for the receipt.
func (t *Token) Transfer(ctx context.Context, tr *Transactor, to common.Address, amount *big.Int) (*types.Receipt, error) {
	in, err := t.TransferIntent(to, amount)
	if err != nil {
		return nil, err
	}
	return t.send(ctx, tr, in)
}

// Approve lets spender move amount base units and waits for the receipt.
func (t *Token) Approve(ctx context.Context, tr *Transactor, spender common.Address, amount *big.Int) (*types.Receipt, error) {
	in, err := t.ApproveIntent(spender, amount)
	if err != nil {
		return nil, err
	}
	return t.send(ctx, tr, in)
}

func (t *Token) send(ctx context.Context, tr *Transactor, in Intent) (*types.Receipt, error) {
	p, err := tr.Prepare(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := CheckBoolReturn(p.Return); err != nil {
		return nil, fmt.Errorf("token %s: %w", t.Address.Hex(), err)
	}
	return tr.SendPrepared(ctx, p)
}

// ErrTokenReturnedFalse is a simulated transfer or approve that returned
// false instead of reverting (older tokens fail that way).
var ErrTokenReturnedFalse = errors.New("the token returned false in simulation: the transfer would fail; nothing was sent")

// CheckBoolReturn checks the simulated return of transfer/approve: empty
// (tokens that return nothing) or true is fine, false is a failure.
func CheckBoolReturn(ret []byte) error {
	if len(ret) == 0 {
		return nil
	}
	if len(ret) < 32 {
		return fmt.Errorf("the token returned %d bytes instead of a bool: nothing was sent", len(ret))
	}
	if new(big.Int).SetBytes(ret[:32]).Sign() == 0 {
		return ErrTokenReturnedFalse
	}
	return nil
}

// DecodeTransfer reads an ERC-20 transfer(to, amount) call, for showing
// what a transaction does.
func DecodeTransfer(data []byte) (to common.Address, amount *big.Int, ok bool) {
	m := erc20ABI.Methods["transfer"]
	if len(data) < 4 || !bytes.Equal(data[:4], m.ID) {
		return common.Address{}, nil, false
	}
	vals, err := m.Inputs.Unpack(data[4:])
	if err != nil || len(vals) != 2 {
		return common.Address{}, nil, false
	}
	to, ok1 := vals[0].(common.Address)
	amount, ok2 := vals[1].(*big.Int)
	return to, amount, ok1 && ok2
}
