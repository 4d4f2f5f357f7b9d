package wallet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
)

// How a plan was simulated, as recorded in its decision.
const (
	SimulatedV1   = "eth_simulateV1"
	SimulatedCall = "eth_call+overrides"
)

// Simulation is the outcome of a whole plan and the method that gave it.
type Simulation struct {
	Calls []CallResult
	Via   string // SimulatedV1 or SimulatedCall
}

// UnfaithfulError refuses a plan that eth_call with state overrides cannot
// simulate as the chain would run it: a later call may depend on an earlier
// call's effects that no override expresses (a swap whose output is spent).
type UnfaithfulError struct {
	Call   int
	Reason string
}

func (e *UnfaithfulError) Error() string {
	return fmt.Sprintf("the node has no eth_simulateV1 and this plan cannot be simulated faithfully call by call: call %d %s", e.Call, e.Reason)
}

// simCache remembers, per node, whether it has eth_simulateV1 and where
// each token keeps its allowances.
type simCache struct {
	mu        sync.Mutex
	known, v1 bool
	slots     map[common.Address]slotLayout
	// noEstimateOverrides: eth_estimateGas refused state overrides
	// (hardhat's node does), so gas is found with eth_call instead.
	noEstimateOverrides bool
}

// slotLayout locates a token's allowance mapping in storage.
type slotLayout struct {
	base  common.Hash
	vyper bool // keccak(slot . key) instead of Solidity's keccak(key . slot)
}

func (l slotLayout) allowanceSlot(owner, spender common.Address) common.Hash {
	inner := mappingSlot(l.base, owner, l.vyper)
	return mappingSlot(inner, spender, l.vyper)
}

func mappingSlot(slot common.Hash, key common.Address, vyper bool) common.Hash {
	k := common.BytesToHash(key.Bytes())
	if vyper {
		return crypto.Keccak256Hash(slot[:], k[:])
	}
	return crypto.Keccak256Hash(k[:], slot[:])
}

// maxProbeSlot bounds the storage indexes tried for an allowance mapping.
const maxProbeSlot = 32

// candidateLayouts are the allowance mappings tried, most common first:
// Solidity and Vyper layouts at indexes 0..maxProbeSlot, and OpenZeppelin
// 5's namespaced ERC20Storage (ERC-7201), whose allowances are at base+1.
func candidateLayouts() []slotLayout {
	var out []slotLayout
	for i := range maxProbeSlot + 1 {
		out = append(out, slotLayout{base: common.BigToHash(big.NewInt(int64(i)))})
	}
	oz := new(big.Int).Add(common.HexToHash("0x52c63247e1f47db19d5ce0460030c497f067ca4cebf71ba98eeadabe20bace00").Big(), big.NewInt(1))
	out = append(out, slotLayout{base: common.BigToHash(oz)})
	for i := range maxProbeSlot + 1 {
		out = append(out, slotLayout{base: common.BigToHash(big.NewInt(int64(i))), vyper: true})
	}
	return out
}

var (
	approveSelector   = []byte{0x09, 0x5e, 0xa7, 0xb3} // approve(address,uint256)
	allowanceSelector = []byte{0xdd, 0x62, 0xed, 0x3e} // allowance(address,address)
	// probeValue is what a probe writes to a candidate slot: no real
	// allowance is likely to equal it.
	probeValue = crypto.Keccak256Hash([]byte("agentctl allowance probe"))
)

// SimulatePlan runs intents in order from one account and says how: with
// eth_simulateV1 when the node has it (asked once per node), else call by
// call with eth_call, carrying each ERC-20 approval forward into later
// calls as a state override of the token's allowance slot. A plan whose
// later calls depend on anything else is refused with an *UnfaithfulError.
func (c *Client) SimulatePlan(ctx context.Context, from common.Address, intents []Intent) (*Simulation, error) {
	c.sim.mu.Lock()
	known, v1 := c.sim.known, c.sim.v1
	c.sim.mu.Unlock()
	sim, hasV1 := c.backend.(simulator)
	if hasV1 && (!known || v1) {
		res, err := c.simulateV1(ctx, sim, from, intents)
		switch {
		case err == nil:
			c.noteV1(true)
			return &Simulation{Calls: res, Via: SimulatedV1}, nil
		case !lacksMethod(err):
			return nil, err // a transport failure or a bad reply is no verdict
		}
	}
	raw, ok := c.backend.(interface{ Client() *rpc.Client })
	if !ok {
		return nil, ErrNoBundleSimulation
	}
	c.noteV1(false)
	res, err := c.simulateByCalls(ctx, raw.Client(), from, intents)
	if err != nil {
		return nil, err
	}
	return &Simulation{Calls: res, Via: SimulatedCall}, nil
}

// SimulatedVia says how SimulatePlan simulates on this node, once it has
// found out: SimulatedV1, SimulatedCall, or "" before the first plan.
func (c *Client) SimulatedVia() string {
	c.sim.mu.Lock()
	defer c.sim.mu.Unlock()
	switch {
	case !c.sim.known:
		return ""
	case c.sim.v1:
		return SimulatedV1
	default:
		return SimulatedCall
	}
}

func (c *Client) noteV1(v1 bool) {
	c.sim.mu.Lock()
	c.sim.known, c.sim.v1 = true, v1
	c.sim.mu.Unlock()
}

// lacksMethod says whether err is the node's answer that it has no such
// method: -32601, or the words hardhat ("Method eth_simulateV1 is not
// supported"), ganache and hosted RPCs use. Other node errors (a pruned
// state, a bad parameter) are no verdict on the method.
func lacksMethod(err error) bool {
	var rpcErr rpc.Error
	if !errors.As(err, &rpcErr) {
		return false
	}
	if rpcErr.ErrorCode() == -32601 {
		return true
	}
	msg := strings.ToLower(rpcErr.Error())
	if strings.Contains(msg, "unsupported method") || strings.Contains(msg, "method not found") {
		return true
	}
	return strings.Contains(msg, "method") && (strings.Contains(msg, "not supported") || strings.Contains(msg, "does not exist"))
}

type callArgs struct {
	From  common.Address  `json:"from"`
	To    *common.Address `json:"to,omitempty"`
	Data  hexutil.Bytes   `json:"data,omitempty"`
	Value *hexutil.Big    `json:"value,omitempty"`
	Gas   hexutil.Uint64  `json:"gas,omitempty"`
}

type accountOverride struct {
	StateDiff map[common.Hash]common.Hash `json:"stateDiff,omitempty"`
}

type overrides map[common.Address]*accountOverride

// simulateByCalls is the fallback: each call on the pending state, with the
// approvals before it applied. Pending, not latest: like eth_simulateV1's
// block, and like the block the plan will be mined in, it comes after the
// latest, so time-dependent code (a V2 pair's price accumulators) runs and
// is paid for as it will be.
func (c *Client) simulateByCalls(ctx context.Context, rc *rpc.Client, from common.Address, intents []Intent) ([]CallResult, error) {
	ov := overrides{}
	out := make([]CallResult, len(intents))
	for i, in := range intents {
		args := callArgs{From: from, To: in.To, Data: in.Data, Gas: hexutil.Uint64(in.Gas)}
		if in.Value != nil && in.Value.Sign() != 0 {
			args.Value = (*hexutil.Big)(in.Value)
		}
		spender, amount, isApprove := decodeApprove(in)
		if i < len(intents)-1 && !isApprove {
			return nil, &UnfaithfulError{Call: i, Reason: "is not an ERC-20 approve, and the calls after it may depend on its effects, which a state override cannot express"}
		}
		var ret hexutil.Bytes
		err := rc.CallContext(ctx, &ret, "eth_call", args, "pending", ov)
		if err != nil {
			re, ok := RevertFromError(err, in.ABI)
			if !ok {
				return nil, c.nodeErr(fmt.Sprintf("simulate call %d with eth_call", i), err)
			}
			out[i] = CallResult{Error: re.Error(), Return: re.Data}
			continue // a reverted call leaves the state as it was
		}
		gas, err := c.estimateWith(ctx, rc, args, ov)
		if err != nil {
			if re, ok := RevertFromError(err, in.ABI); ok {
				out[i] = CallResult{Error: re.Error(), Return: re.Data}
				continue
			}
			return nil, c.nodeErr(fmt.Sprintf("estimate gas of call %d with state overrides", i), err)
		}
		out[i] = CallResult{OK: true, Return: ret, GasUsed: gas}
		if !isApprove || i == len(intents)-1 {
			continue
		}
		layout, err := c.allowanceLayout(ctx, rc, *in.To, from, spender)
		if err != nil {
			return nil, err
		}
		if layout == nil {
			return nil, &UnfaithfulError{Call: i, Reason: fmt.Sprintf("approves token %s, whose allowance storage slot was not found, so the calls after it cannot see the approval", in.To.Hex())}
		}
		acct := ov[*in.To]
		if acct == nil {
			acct = &accountOverride{StateDiff: map[common.Hash]common.Hash{}}
			ov[*in.To] = acct
		}
		acct.StateDiff[layout.allowanceSlot(from, spender)] = common.BigToHash(amount)
	}
	return out, nil
}

// decodeApprove reads approve(spender, amount) sent without value.
func decodeApprove(in Intent) (common.Address, *big.Int, bool) {
	if in.To == nil || len(in.Data) != 4+64 || !bytes.Equal(in.Data[:4], approveSelector) ||
		(in.Value != nil && in.Value.Sign() != 0) {
		return common.Address{}, nil, false
	}
	if !bytes.Equal(in.Data[4:16], make([]byte, 12)) {
		return common.Address{}, nil, false
	}
	return common.BytesToAddress(in.Data[16:36]), new(big.Int).SetBytes(in.Data[36:68]), true
}

// allowanceLayout finds (once per token and node) which storage mapping
// holds token's allowances: it writes probeValue to each candidate slot of
// (owner, spender) in an eth_call of allowance(owner, spender) and keeps
// the layout that reads it back. Nil means none did.
func (c *Client) allowanceLayout(ctx context.Context, rc *rpc.Client, token, owner, spender common.Address) (*slotLayout, error) {
	c.sim.mu.Lock()
	l, ok := c.sim.slots[token]
	c.sim.mu.Unlock()
	if ok {
		return &l, nil
	}
	data := append(bytes.Clone(allowanceSelector), common.LeftPadBytes(owner.Bytes(), 32)...)
	data = append(data, common.LeftPadBytes(spender.Bytes(), 32)...)
	args := callArgs{From: owner, To: &token, Data: data}
	for _, cand := range candidateLayouts() {
		ov := overrides{token: {StateDiff: map[common.Hash]common.Hash{cand.allowanceSlot(owner, spender): probeValue}}}
		var ret hexutil.Bytes
		if err := rc.CallContext(ctx, &ret, "eth_call", args, "pending", ov); err != nil {
			if _, reverted := RevertFromError(err); reverted {
				return nil, nil // allowance() itself reverts: not a token we can read
			}
			return nil, c.nodeErr("probe the allowance slot of "+token.Hex(), err)
		}
		if bytes.Equal(ret, probeValue[:]) {
			c.sim.mu.Lock()
			if c.sim.slots == nil {
				c.sim.slots = map[common.Address]slotLayout{}
			}
			c.sim.slots[token] = cand
			c.sim.mu.Unlock()
			return &cand, nil
		}
	}
	return nil, nil
}

// estimateWith is eth_estimateGas of args on the pending state with ov
// applied. A node whose eth_estimateGas takes no overrides (hardhat's
// answers -32602), or refuses it outright, gets the same search done with
// eth_call: the least gas limit, within 1%, at which the call succeeds.
func (c *Client) estimateWith(ctx context.Context, rc *rpc.Client, args callArgs, ov overrides) (uint64, error) {
	c.sim.mu.Lock()
	search := c.sim.noEstimateOverrides && len(ov) > 0
	c.sim.mu.Unlock()
	if !search {
		params := []any{args, "pending"}
		if len(ov) > 0 {
			params = append(params, ov)
		}
		var gas hexutil.Uint64
		err := rc.CallContext(ctx, &gas, "eth_estimateGas", params...)
		if !rejectsParams(err) {
			return uint64(gas), err
		}
		if len(ov) > 0 {
			c.sim.mu.Lock()
			c.sim.noEstimateOverrides = true
			c.sim.mu.Unlock()
		}
	}
	head, err := c.backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, err
	}
	try := func(limit uint64) (bool, error) {
		a := args
		a.Gas = hexutil.Uint64(limit)
		var ret hexutil.Bytes
		err := rc.CallContext(ctx, &ret, "eth_call", a, "pending", ov)
		var rpcErr rpc.Error
		if err != nil && !errors.As(err, &rpcErr) {
			return false, err // no answer: not a verdict on this limit
		}
		return err == nil, nil
	}
	// EIP-7825 caps a transaction at 2^24 gas (hardhat's node enforces it).
	lo, hi := uint64(21_000-1), min(head.GasLimit, 1<<24)
	if args.Gas != 0 {
		hi = uint64(args.Gas)
	}
	// The call succeeded without a limit just before; at the block's limit
	// it must too, or the node's default cap was higher than a block.
	a := args
	a.Gas = hexutil.Uint64(hi)
	var ret hexutil.Bytes
	if err := rc.CallContext(ctx, &ret, "eth_call", a, "pending", ov); err != nil {
		return 0, err
	}
	for hi-lo > 1 && hi-lo > hi/100 {
		mid := lo + (hi-lo)/2
		ok, err := try(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, nil
}

// rejectsParams says whether err is the node refusing the request's shape
// (-32602 invalid params, or no such method), not the call failing.
func rejectsParams(err error) bool {
	var rpcErr rpc.Error
	return err != nil && errors.As(err, &rpcErr) && (rpcErr.ErrorCode() == -32602 || lacksMethod(err))
}
