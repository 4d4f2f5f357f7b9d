package agent

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/wallet"
)

// ERC-165 interface ids an ERC-8004 Identity Registry answers: it is an
// ERC-721 with the metadata extension (tokenURI is the agentURI).
var (
	ifaceERC165      = [4]byte{0x01, 0xff, 0xc9, 0xa7}
	ifaceInvalid     = [4]byte{0xff, 0xff, 0xff, 0xff}
	ifaceERC721      = [4]byte{0x80, 0xac, 0x58, 0xcd}
	ifaceERC721Meta  = [4]byte{0x5b, 0x5e, 0x13, 0x9f}
	identityRegistry = contracts.NewIdentityRegistry()
)

// Registry is a client of an ERC-8004 Identity Registry at Address.
type Registry struct {
	Address common.Address
	ChainID uint64
	// StartBlock is where searches of its events begin (identity.start_block).
	StartBlock uint64
	backend    wallet.Backend
}

// NewRegistry returns a client of the registry at addr on the client's chain.
func NewRegistry(backend wallet.Backend, addr common.Address, chainID uint64) *Registry {
	return &Registry{Address: addr, ChainID: chainID, backend: backend}
}

// ID is the registry in CAIP-10 form, eip155:<chainId>:<address>, as the
// registration file's agentRegistry names it.
func (r *Registry) ID() string { return fmt.Sprintf("eip155:%d:%s", r.ChainID, r.Address.Hex()) }

func (r *Registry) call(ctx context.Context, data []byte) ([]byte, error) {
	return r.backend.CallContract(ctx, ethereum.CallMsg{To: &r.Address, Data: data}, nil)
}

// CheckInterface makes sure a contract at the address answers ERC-165 as
// an ERC-721 with metadata, as every ERC-8004 Identity Registry does, so
// nothing is ever written to something else.
func (r *Registry) CheckInterface(ctx context.Context) error {
	code, err := r.backend.CodeAt(ctx, r.Address, nil)
	if err != nil {
		return fmt.Errorf("identity registry %s: read code: %w", r.Address.Hex(), err)
	}
	if len(code) == 0 {
		return fmt.Errorf("identity registry %s: no contract at this address on chain %d (check identity.registry)", r.Address.Hex(), r.ChainID)
	}
	for _, c := range []struct {
		id   [4]byte
		want bool
		what string
	}{
		{ifaceERC165, true, "does not answer ERC-165 supportsInterface"},
		{ifaceInvalid, false, "answers ERC-165 wrongly (it claims interface 0xffffffff)"},
		{ifaceERC721, true, "is not an ERC-721 token contract, as ERC-8004 registries are"},
		{ifaceERC721Meta, true, "lacks the ERC-721 metadata extension (tokenURI is the agentURI)"},
	} {
		out, err := r.call(ctx, identityRegistry.PackSupportsInterface(c.id))
		got := false
		if err == nil {
			got, err = identityRegistry.UnpackSupportsInterface(out)
		}
		if err != nil && c.want {
			return fmt.Errorf("identity registry %s %s (%v): check identity.registry", r.Address.Hex(), c.what, err)
		}
		if err == nil && got != c.want {
			return fmt.Errorf("identity registry %s %s: check identity.registry", r.Address.Hex(), c.what)
		}
	}
	return nil
}

// ErrNoSuchAgent is returned for an agentId the registry has not minted.
var ErrNoSuchAgent = errors.New("no such agent in the registry")

// OwnerOf returns the owner of agentID, or ErrNoSuchAgent.
func (r *Registry) OwnerOf(ctx context.Context, agentID *big.Int) (common.Address, error) {
	out, err := r.call(ctx, identityRegistry.PackOwnerOf(agentID))
	if err != nil {
		if _, ok := wallet.RevertFromError(err); ok {
			return common.Address{}, fmt.Errorf("agent %s: %w", agentID, ErrNoSuchAgent)
		}
		return common.Address{}, fmt.Errorf("ownerOf(%s): %w", agentID, err)
	}
	return identityRegistry.UnpackOwnerOf(out)
}

// TokenURI returns agentID's agentURI.
func (r *Registry) TokenURI(ctx context.Context, agentID *big.Int) (string, error) {
	out, err := r.call(ctx, identityRegistry.PackTokenURI(agentID))
	if err != nil {
		return "", fmt.Errorf("tokenURI(%s): %w", agentID, err)
	}
	return identityRegistry.UnpackTokenURI(out)
}

// AgentWallet returns agentID's agent wallet; registries without the
// getter answer an error.
func (r *Registry) AgentWallet(ctx context.Context, agentID *big.Int) (common.Address, error) {
	out, err := r.call(ctx, identityRegistry.PackGetAgentWallet(agentID))
	if err != nil {
		return common.Address{}, err
	}
	return identityRegistry.UnpackGetAgentWallet(out)
}

// Metadata returns agentID's on-chain metadata under key.
func (r *Registry) Metadata(ctx context.Context, agentID *big.Int, key string) ([]byte, error) {
	out, err := r.call(ctx, identityRegistry.PackGetMetadata(agentID, key))
	if err != nil {
		return nil, fmt.Errorf("getMetadata(%s, %q): %w", agentID, key, err)
	}
	return identityRegistry.UnpackGetMetadata(out)
}

// Find returns the agentId of the agent whose identity owner holds and
// whose agent wallet is agentWallet, or nil when there is none. hint, a
// previously known id, is checked first; otherwise the registry's
// Registered events with owner are searched from StartBlock, in chunks a
// provider's eth_getLogs range cap allows. When owner is wallet, the
// first agent it registered and still holds is its identity.
func (r *Registry) Find(ctx context.Context, owner, agentWallet common.Address, hint *big.Int) (*big.Int, error) {
	if hint != nil {
		got, err := r.OwnerOf(ctx, hint)
		if err == nil && got == owner {
			return hint, nil
		}
		if err != nil && !errors.Is(err, ErrNoSuchAgent) {
			return nil, err
		}
	}
	out, err := r.call(ctx, identityRegistry.PackBalanceOf(owner))
	if err != nil {
		return nil, fmt.Errorf("balanceOf(%s): %w", owner.Hex(), err)
	}
	n, err := identityRegistry.UnpackBalanceOf(out)
	if err != nil || n.Sign() == 0 {
		return nil, err
	}
	sig := identityRegistry.GetABI().Events["Registered"].ID
	q := ethereum.FilterQuery{Addresses: []common.Address{r.Address}, Topics: [][]common.Hash{{sig}, nil, {common.BytesToHash(owner[:])}}}
	logs, err := wallet.ScanLogs(ctx, r.backend, q, r.StartBlock, 0)
	if err != nil {
		return nil, fmt.Errorf("%s holds %s agent(s) in %s but its Registered events from block %d could not be searched (identity.start_block): %w",
			owner.Hex(), n, r.Address.Hex(), r.StartBlock, err)
	}
	var ids []*big.Int
	for i := range logs {
		ev, err := identityRegistry.UnpackRegisteredEvent(&logs[i])
		if err != nil {
			continue
		}
		if got, err := r.OwnerOf(ctx, ev.AgentId); err != nil || got != owner {
			continue
		}
		if owner != agentWallet {
			// An owner of many agents: this one is the agent wallet's.
			if w, err := r.AgentWallet(ctx, ev.AgentId); err != nil || w != agentWallet {
				continue
			}
		}
		ids = append(ids, ev.AgentId)
	}
	if len(ids) == 0 {
		return nil, nil // transferred to owner rather than registered by it: not its own identity
	}
	return slices.MinFunc(ids, func(a, b *big.Int) int { return a.Cmp(b) }), nil
}

// IsAuthorized reports whether spender may manage agentID: its owner, an
// operator of the owner or the agent's approved address (the ERC-721
// rules every ERC-8004 registry keeps).
func (r *Registry) IsAuthorized(ctx context.Context, spender common.Address, agentID *big.Int) (bool, error) {
	owner, err := r.OwnerOf(ctx, agentID)
	if err != nil || owner == spender {
		return err == nil, err
	}
	out, err := r.call(ctx, identityRegistry.PackGetApproved(agentID))
	if err != nil {
		return false, fmt.Errorf("getApproved(%s): %w", agentID, err)
	}
	if approved, err := identityRegistry.UnpackGetApproved(out); err != nil || approved == spender {
		return err == nil, err
	}
	out, err = r.call(ctx, identityRegistry.PackIsApprovedForAll(owner, spender))
	if err != nil {
		return false, fmt.Errorf("isApprovedForAll: %w", err)
	}
	return identityRegistry.UnpackIsApprovedForAll(out)
}

// Approve lets operator manage agentID (ERC-721 approve, from its owner).
func (r *Registry) Approve(ctx context.Context, tx *wallet.Transactor, operator common.Address, agentID *big.Int) (*types.Receipt, error) {
	parsed := identityRegistry.GetABI()
	rcpt, err := tx.Send(ctx, wallet.Intent{To: &r.Address, Data: identityRegistry.PackApprove(operator, agentID), ABI: &parsed})
	if err != nil {
		return rcpt, fmt.Errorf("approve %s for agent %s in %s: %w", operator.Hex(), agentID, r.Address.Hex(), err)
	}
	return rcpt, nil
}

// Register registers a new agent owned by tx's account with agentURI and
// returns its agentId, read from the Registered event of the receipt.
func (r *Registry) Register(ctx context.Context, tx *wallet.Transactor, agentURI string) (*big.Int, *types.Receipt, error) {
	if err := r.CheckInterface(ctx); err != nil {
		return nil, nil, err
	}
	parsed := identityRegistry.GetABI()
	intent := wallet.Intent{To: &r.Address, Data: identityRegistry.PackRegister1(agentURI), ABI: &parsed}
	rcpt, err := sendSettled(ctx, tx, intent)
	if err != nil {
		return nil, rcpt, fmt.Errorf("register in %s: %w", r.Address.Hex(), err)
	}
	for _, l := range rcpt.Logs {
		if l.Address != r.Address {
			continue
		}
		if ev, err := identityRegistry.UnpackRegisteredEvent(l); err == nil && ev.Owner == tx.From() {
			return ev.AgentId, rcpt, nil
		}
	}
	return nil, rcpt, fmt.Errorf("register in %s: transaction %s has no Registered event for %s: is this an ERC-8004 registry?",
		r.Address.Hex(), rcpt.TxHash.Hex(), tx.From().Hex())
}

// sendSettled sends intent once: a send whose reply was lost may have
// reached the chain, so it is sent again only once the chain shows it
// never will be mined (see settleLost). For writes that must not happen
// twice, such as a registration.
func sendSettled(ctx context.Context, tx *wallet.Transactor, intent wallet.Intent) (*types.Receipt, error) {
	rcpt, err := tx.Send(ctx, intent)
	for resends := 0; ; resends++ {
		var lost *wallet.SendUnknownError
		if !errors.As(err, &lost) {
			return rcpt, err
		}
		var again bool
		if rcpt, again, err = settleLost(ctx, tx, lost); !again {
			return rcpt, err
		}
		if resends == maxRegisterResends {
			return nil, fmt.Errorf("sent %d times without a reply; none was mined: try again later", resends+1)
		}
		rcpt, err = tx.Send(ctx, intent)
	}
}

// maxRegisterResends bounds how often a write lost on the way is sent
// again (each time only after the chain shows the last one is gone).
const maxRegisterResends = 2

// settleLost finds out what became of a transaction whose send had no
// reply: its receipt when it was mined (an error when it reverted), again
// when the chain shows it can never be mined (its nonce is then freed for
// the next send), and an error when it may still be mined, which must not
// be sent a second time.
func settleLost(ctx context.Context, tx *wallet.Transactor, lost *wallet.SendUnknownError) (*types.Receipt, bool, error) {
	c := tx.Client()
	rcpt, err := c.WaitReceipt(ctx, lost.Hash)
	var dropped *wallet.DroppedError
	if err != nil && !errors.As(err, &dropped) {
		return nil, false, fmt.Errorf("%w; %w: it may still be mined, so it is not sent again (a later start finds it on-chain)", lost, err)
	}
	if err != nil {
		// Gone from the node's pool: make sure it was not mined meanwhile.
		state, r, lerr := c.LookupTx(ctx, tx.From(), lost.Hash, lost.Nonce)
		switch {
		case lerr != nil:
			return nil, false, fmt.Errorf("%w; look it up: %w", lost, lerr)
		case state == wallet.TxPending:
			return nil, false, fmt.Errorf("%w; it is pending again, so it is not sent again", lost)
		case state != wallet.TxMined:
			// Dropped or never seen: its nonce is free and nothing of it
			// can land, so sending again registers once.
			if derr := c.Nonces().Dropped(ctx, tx.From(), lost.Nonce); derr != nil {
				return nil, false, fmt.Errorf("%w; free its nonce: %w", lost, derr)
			}
			return nil, true, nil
		}
		rcpt = r
	}
	if rcpt.Status != types.ReceiptStatusSuccessful {
		return rcpt, false, &wallet.TxRevertedError{Hash: lost.Hash, Block: rcpt.BlockNumber, GasUsed: rcpt.GasUsed}
	}
	return rcpt, false, nil
}

// SetAgentURI points agentID at agentURI.
func (r *Registry) SetAgentURI(ctx context.Context, tx *wallet.Transactor, agentID *big.Int, agentURI string) (*types.Receipt, error) {
	if err := r.CheckInterface(ctx); err != nil {
		return nil, err
	}
	parsed := identityRegistry.GetABI()
	rcpt, err := tx.Send(ctx, wallet.Intent{To: &r.Address, Data: identityRegistry.PackSetAgentURI(agentID, agentURI), ABI: &parsed})
	if err != nil {
		return rcpt, fmt.Errorf("setAgentURI(%s) in %s: %w", agentID, r.Address.Hex(), err)
	}
	return rcpt, nil
}
