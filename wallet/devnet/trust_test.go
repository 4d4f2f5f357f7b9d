package devnet

import (
	"context"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/contracts"
)

// The devnet deploys the trust layer and names it in the manifest; the
// registry answers ERC-165 for ERC-721 and the anchor's verify view works.
func TestDevnetDeploysTrustLayer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := Start(ctx, Options{Manual: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	m := d.Manifest()
	addrs := map[string]common.Address{}
	for _, name := range []string{ContractAnchor, ContractIdentity, ContractReputation} {
		addr, ok := m.Contracts[name]
		if !ok || addr == (common.Address{}) {
			t.Fatalf("manifest has no %q contract: %v", name, m.Contracts)
		}
		addrs[name] = addr
	}
	opts := &bind.CallOpts{Context: ctx}
	id := contracts.NewIdentityRegistry()
	erc721, err := bind.Call(id.Instance(d.Client(), addrs[ContractIdentity]), opts, id.PackSupportsInterface([4]byte{0x80, 0xac, 0x58, 0xcd}), id.UnpackSupportsInterface)
	if err != nil || !erc721 {
		t.Fatalf("identity registry supportsInterface(ERC-721) = %v, %v", erc721, err)
	}
	rep := contracts.NewReputationRegistry()
	got, err := bind.Call(rep.Instance(d.Client(), addrs[ContractReputation]), opts, rep.PackGetIdentityRegistry(), rep.UnpackGetIdentityRegistry)
	if err != nil || got != addrs[ContractIdentity] {
		t.Fatalf("reputation registry names %s (%v), want %s", got, err, addrs[ContractIdentity])
	}
	an := contracts.NewDecisionAnchor()
	leaf := common.HexToHash("0x01")
	ok, err := bind.Call(an.Instance(d.Client(), addrs[ContractAnchor]), opts, an.PackVerify(nil, leaf, leaf), an.UnpackVerify)
	if err != nil || !ok {
		t.Fatalf("a one-leaf tree's proof (empty) does not verify: %v %v", ok, err)
	}
}
