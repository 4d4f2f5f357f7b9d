package agent

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"

	"github.com/agentctl/agentctl/wallet"
)

// walletSetTTL is how far ahead a setAgentWallet signature's deadline is
// put: registries refuse deadlines more than five minutes ahead.
const walletSetTTL = 4 * time.Minute

// Domain returns the registry's EIP-712 signing domain as it publishes
// it through ERC-5267 (eip712Domain), or, for a registry that does not,
// the spec's ("ERC8004IdentityRegistry", version "1", this chain and
// address).
func (r *Registry) Domain(ctx context.Context) apitypes.TypedDataDomain {
	d := apitypes.TypedDataDomain{Name: "ERC8004IdentityRegistry", Version: "1",
		ChainId: math.NewHexOrDecimal256(int64(r.ChainID)), VerifyingContract: r.Address.Hex()}
	out, err := r.call(ctx, identityRegistry.PackEip712Domain())
	if err != nil {
		return d
	}
	got, err := identityRegistry.UnpackEip712Domain(out)
	// Fields 0x0f: name, version, chainId and verifyingContract, as ours.
	if err != nil || got.Fields[0] != 0x0f || got.ChainId == nil {
		return d
	}
	return apitypes.TypedDataDomain{Name: got.Name, Version: got.Version,
		ChainId: (*math.HexOrDecimal256)(got.ChainId), VerifyingContract: got.VerifyingContract.Hex()}
}

// AgentWalletDigest is the EIP-712 digest newWallet signs so that owner's
// agentID may take it as its agent wallet until deadline: the spec's
// AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 deadline).
func AgentWalletDigest(domain apitypes.TypedDataDomain, agentID *big.Int, newWallet, owner common.Address, deadline uint64) ([]byte, error) {
	td := apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": {{Name: "name", Type: "string"}, {Name: "version", Type: "string"},
				{Name: "chainId", Type: "uint256"}, {Name: "verifyingContract", Type: "address"}},
			"AgentWalletSet": {{Name: "agentId", Type: "uint256"}, {Name: "newWallet", Type: "address"},
				{Name: "owner", Type: "address"}, {Name: "deadline", Type: "uint256"}},
		},
		PrimaryType: "AgentWalletSet",
		Domain:      domain,
		Message: apitypes.TypedDataMessage{"agentId": agentID.String(), "newWallet": newWallet.Hex(),
			"owner": owner.Hex(), "deadline": new(big.Int).SetUint64(deadline).String()},
	}
	digest, _, err := apitypes.TypedDataAndHash(td)
	return digest, err
}

// SetAgentWallet makes newWallet agentID's agent wallet, the spec's way:
// newWallet signs the AgentWalletSet message (sign gets its EIP-712
// digest; a contract wallet answers through ERC-1271) and tx, the owner
// or an operator, sends setAgentWallet with it.
func (r *Registry) SetAgentWallet(ctx context.Context, tx *wallet.Transactor, agentID *big.Int, newWallet common.Address, sign func(digest []byte) ([]byte, error)) (*types.Receipt, error) {
	owner, err := r.OwnerOf(ctx, agentID)
	if err != nil {
		return nil, err
	}
	head, err := r.backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("setAgentWallet: read the head block's time: %w", err)
	}
	deadline := head.Time + uint64(walletSetTTL/time.Second)
	digest, err := AgentWalletDigest(r.Domain(ctx), agentID, newWallet, owner, deadline)
	if err != nil {
		return nil, fmt.Errorf("setAgentWallet: typed data: %w", err)
	}
	sig, err := sign(digest)
	if err != nil {
		return nil, fmt.Errorf("setAgentWallet: %s signs: %w", newWallet.Hex(), err)
	}
	if len(sig) == 65 && sig[64] < 27 {
		sig[64] += 27 // the form ecrecover and OpenZeppelin's ECDSA take
	}
	parsed := identityRegistry.GetABI()
	data := identityRegistry.PackSetAgentWallet(agentID, newWallet, new(big.Int).SetUint64(deadline), sig)
	rcpt, err := tx.Send(ctx, wallet.Intent{To: &r.Address, Data: data, ABI: &parsed})
	if err != nil {
		return rcpt, fmt.Errorf("setAgentWallet(%s, %s) in %s: %w", agentID, newWallet.Hex(), r.Address.Hex(), err)
	}
	return rcpt, nil
}
