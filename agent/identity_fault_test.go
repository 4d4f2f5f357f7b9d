package agent

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/wallet/devnet"
	"github.com/agentctl/agentctl/wallet/rpcfault"
)

// TestRegisterLostReplyRegistersOnce: the registration's send gets no
// reply, whether the node took it (DropReply) or never saw it (DropConn).
// EnsureIdentity looks the transaction up before anything is sent again,
// so the agent ends with one identity, one Registered event, and a second
// EnsureIdentity keeps it.
func TestRegisterLostReplyRegistersOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fault rpcfault.Fault
	}{
		{"node took it", rpcfault.DropReply},
		{"node never saw it", rpcfault.DropConn},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newFaultRig(t, 7)
			ctx := context.Background()
			addr := r.h.net.Manifest().Contracts[devnet.ContractIdentity]
			reg := NewRegistry(r.h.client.Backend(), addr, devnet.ChainID)
			owner := r.h.signer.Address()
			tx := r.h.client.Transactor(owner, r.h.signer.SignerFn(big.NewInt(devnet.ChainID)))
			spec := IdentitySpec{Name: "seer", Wallet: owner, ChainID: devnet.ChainID}
			r.proxy.SetRules(rpcfault.Rule{Method: sendRaw, Fault: tc.fault, Calls: []int{0}})

			id, err := EnsureIdentity(ctx, reg, tx, spec, nil)
			if err != nil {
				t.Fatalf("registration after a lost reply: %v", err)
			}
			if !id.Created || id.AgentID == nil {
				t.Fatalf("identity %+v", id)
			}
			if n := r.proxy.Stats()[sendRaw][tc.fault]; n != 1 {
				t.Fatalf("the fault hit %d sends, want the registration's", n)
			}
			registered := func() []*big.Int {
				t.Helper()
				sig := identityRegistry.GetABI().Events["Registered"].ID
				logs, err := r.h.net.Client().FilterLogs(ctx, ethereum.FilterQuery{Addresses: []common.Address{addr},
					Topics: [][]common.Hash{{sig}, nil, {common.BytesToHash(owner[:])}}})
				if err != nil {
					t.Fatal(err)
				}
				var ids []*big.Int
				for i := range logs {
					ev, err := identityRegistry.UnpackRegisteredEvent(&logs[i])
					if err != nil {
						t.Fatal(err)
					}
					ids = append(ids, ev.AgentId)
				}
				return ids
			}
			if ids := registered(); len(ids) != 1 || ids[0].Cmp(id.AgentID) != 0 {
				t.Fatalf("Registered events for %s: %v, want one for %s", owner.Hex(), ids, id.AgentID)
			}
			again, err := EnsureIdentity(ctx, reg, tx, spec, nil)
			if err != nil || again.Created || again.AgentID.Cmp(id.AgentID) != 0 {
				t.Fatalf("again: %+v (%v)", again, err)
			}
			if ids := registered(); len(ids) != 1 {
				t.Fatalf("Registered events after a second EnsureIdentity: %v", ids)
			}
		})
	}
}
