package devnet

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/contracts"
)

func init() { registerDeploy("trust layer", deployTrust) }

// Contract names of the trust layer in Manifest.Contracts.
const (
	ContractAnchor     = "anchor"     // DecisionAnchor: Merkle roots of decision logs
	ContractIdentity   = "identity"   // ERC-8004 Identity Registry
	ContractReputation = "reputation" // ERC-8004 Reputation Registry, bound to ContractIdentity
)

// deployTrust deploys the anchor contract and the ERC-8004 registries in one
// block, then checks each answers as expected before the manifest names it.
func deployTrust(ctx context.Context, d *Devnet) error {
	s := d.deployer
	var txs []*types.Transaction
	create := func(bin string, input []byte) (common.Address, error) {
		addr, tx, err := bind.DeployContract(s.opts(ctx, gasDeployLarge, nil), common.FromHex(bin), d.chain.client, input)
		if err != nil {
			return common.Address{}, err
		}
		txs = append(txs, tx)
		return addr, nil
	}
	anchor, err := create(contracts.DecisionAnchorMetaData.Bin, nil)
	if err != nil {
		return fmt.Errorf("DecisionAnchor: %w", err)
	}
	identity, err := create(contracts.IdentityRegistryMetaData.Bin, nil)
	if err != nil {
		return fmt.Errorf("IdentityRegistry: %w", err)
	}
	repABI := contracts.NewReputationRegistry()
	reputation, err := create(contracts.ReputationRegistryMetaData.Bin, repABI.PackConstructor(identity))
	if err != nil {
		return fmt.Errorf("ReputationRegistry: %w", err)
	}
	if err := waitAll(ctx, d.chain.client, d.chain.commit, txs); err != nil {
		return err
	}
	got, err := bind.Call(repABI.Instance(d.chain.client, reputation), &bind.CallOpts{Context: ctx},
		repABI.PackGetIdentityRegistry(), repABI.UnpackGetIdentityRegistry)
	if err != nil || got != identity {
		return fmt.Errorf("reputation registry at %s does not name identity registry %s (%v)", reputation.Hex(), identity.Hex(), err)
	}
	for name, addr := range map[string]common.Address{ContractAnchor: anchor, ContractIdentity: identity} {
		code, err := d.chain.client.CodeAt(ctx, addr, nil)
		if err != nil || len(code) == 0 {
			return fmt.Errorf("%s: no code at %s (%v)", name, addr.Hex(), err)
		}
	}
	if d.manifest.Contracts == nil {
		d.manifest.Contracts = map[string]common.Address{}
	}
	d.manifest.Contracts[ContractAnchor] = anchor
	d.manifest.Contracts[ContractIdentity] = identity
	d.manifest.Contracts[ContractReputation] = reputation
	return nil
}
