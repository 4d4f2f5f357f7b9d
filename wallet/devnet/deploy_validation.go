package devnet

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/contracts"
)

// Registered after the trust layer (file order): it binds to ContractIdentity.
func init() { registerDeploy("validation registry", deployValidation) }

// ContractValidation is the ERC-8004 Validation Registry in Manifest.Contracts.
const ContractValidation = "validation"

// deployValidation deploys the Validation Registry bound to the identity
// registry and checks it names that registry before the manifest does.
func deployValidation(ctx context.Context, d *Devnet) error {
	identity, ok := d.manifest.Contracts[ContractIdentity]
	if !ok {
		return fmt.Errorf("ValidationRegistry: no identity registry deployed before it")
	}
	abi := contracts.NewValidationRegistry()
	addr, tx, err := bind.DeployContract(d.deployer.opts(ctx, gasDeployLarge, nil), common.FromHex(contracts.ValidationRegistryMetaData.Bin),
		d.chain.client, abi.PackConstructor(identity))
	if err != nil {
		return fmt.Errorf("ValidationRegistry: %w", err)
	}
	if err := waitAll(ctx, d.chain.client, d.chain.commit, []*types.Transaction{tx}); err != nil {
		return err
	}
	got, err := bind.Call(abi.Instance(d.chain.client, addr), &bind.CallOpts{Context: ctx}, abi.PackGetIdentityRegistry(), abi.UnpackGetIdentityRegistry)
	if err != nil || got != identity {
		return fmt.Errorf("validation registry at %s does not name identity registry %s (%v)", addr.Hex(), identity.Hex(), err)
	}
	d.manifest.Contracts[ContractValidation] = addr
	return nil
}
