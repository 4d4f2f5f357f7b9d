package devnet

import (
	"context"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/agentctl/agentctl/contracts"
)

// The devnet deploys the ERC-8004 Validation Registry bound to its identity
// registry and names it in the manifest.
func TestDevnetDeploysValidationRegistry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := Start(ctx, Options{Manual: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	m := d.Manifest()
	addr, ok := m.Contracts[ContractValidation]
	if !ok {
		t.Fatalf("manifest has no %q contract: %v", ContractValidation, m.Contracts)
	}
	v := contracts.NewValidationRegistry()
	got, err := bind.Call(v.Instance(d.Client(), addr), &bind.CallOpts{Context: ctx}, v.PackGetIdentityRegistry(), v.UnpackGetIdentityRegistry)
	if err != nil || got != m.Contracts[ContractIdentity] {
		t.Fatalf("validation registry names %s (%v), want the identity registry %s", got, err, m.Contracts[ContractIdentity])
	}
}
