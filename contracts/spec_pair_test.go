package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
)

// specContract deploys one of the test doubles that behave as the ERC-8004
// reference registries (src/test/Spec*.sol, built by `make contracts`, no
// binding) and returns it with its ABI.
func (c *chain) specContract(name string, args ...any) (*bind.BoundContract, abi.ABI) {
	c.t.Helper()
	a, err := Load(name)
	if err != nil {
		c.t.Fatal(err)
	}
	ctor, err := a.ABI.Pack("", args...)
	if err != nil {
		c.t.Fatal(err)
	}
	addr := c.deploy(common.Bytes2Hex(a.Bytecode), ctor)
	return bind.NewBoundContract(addr, a.ABI, c.client, c.client, c.client), a.ABI
}

func pack(t *testing.T, a abi.ABI, method string, args ...any) []byte {
	t.Helper()
	data, err := a.Pack(method, args...)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// specSummary calls getSummary on a registry known only by its ABI.
func specSummary(t *testing.T, inst *bind.BoundContract, a abi.ABI, agent *big.Int, who []common.Address, tag1 string) GetSummaryOutput {
	t.Helper()
	out, err := bindCall(inst, pack(t, a, "getSummary", agent, who, tag1, ""), func(b []byte) ([]any, error) { return a.Unpack("getSummary", b) })
	if err != nil {
		t.Fatalf("getSummary: %s", revertReason(err))
	}
	return GetSummaryOutput{Count: out[0].(uint64), SummaryValue: out[1].(*big.Int), SummaryValueDecimals: out[2].(uint8)}
}

// The reference Reputation Registry asks its Identity Registry's
// isAuthorizedOrOwner before taking feedback: agentctl's IdentityRegistry
// must answer it for feedback to reach agentctl's agents.
func TestSpecReputationPairsWithOurIdentity(t *testing.T) {
	t.Parallel()
	r := newReviewers(t) // agentctl's identity, agent owned by c.owner
	c := r.c
	identity := call(t, r.rep, repABI.PackGetIdentityRegistry(), repABI.UnpackGetIdentityRegistry)
	spec, specABI := c.specContract("SpecReputationRegistry", identity)
	reg := idABI.Instance(c.client, identity)
	c.send(c.owner, reg, idABI.PackApprove(r.eve.From, r.agent)) // eve operates the agent

	give := func(from *bind.TransactOpts, agent *big.Int, value int64, decimals uint8) []byte {
		return pack(t, specABI, "giveFeedback", agent, big.NewInt(value), decimals, "starred", "", "", "", [32]byte{})
	}
	c.reverts(c.owner, spec, give(c.owner, r.agent, 90, 0), "Self-feedback not allowed")
	c.reverts(r.eve, spec, give(r.eve, r.agent, 90, 0), "Self-feedback not allowed")
	c.reverts(c.alice, spec, give(c.alice, big.NewInt(77), 90, 0), "ERC721: invalid token ID")
	c.send(c.alice, spec, give(c.alice, r.agent, 80, 0))
	c.send(r.bob, spec, give(r.bob, r.agent, 905, 1))
	c.send(r.bob, spec, give(r.bob, r.agent, 871, 1))
	// The same feedback in agentctl's registry sums up the same way.
	r.give(c.alice, 80, 0, "starred", "")
	r.give(r.bob, 905, 1, "starred", "")
	r.give(r.bob, 871, 1, "starred", "")
	who := []common.Address{c.alice.From, r.bob.From}
	got := specSummary(t, spec, specABI, r.agent, who, "starred")
	ours := call(t, r.rep, repABI.PackGetSummary(r.agent, who, "starred", ""), repABI.UnpackGetSummary)
	if got.Count != 3 || got.SummaryValue.Int64() != 858 || got.SummaryValueDecimals != 1 {
		t.Fatalf("reference registry's summary %+v, want 3 feedbacks, 85.8", got)
	}
	if ours.Count != got.Count || ours.SummaryValue.Cmp(got.SummaryValue) != 0 || ours.SummaryValueDecimals != got.SummaryValueDecimals {
		t.Fatalf("agentctl's summary %+v differs from the reference's %+v", ours, got)
	}
}

// agentctl's ReputationRegistry keeps feedback for an Identity Registry
// that behaves as the reference one, through isAuthorizedOrOwner alone.
func TestOurReputationPairsWithSpecIdentity(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	specID, idSpecABI := c.specContract("SpecIdentityRegistry")
	rcpt := c.send(c.owner, specID, pack(t, idSpecABI, "register", "ipfs://agent"))
	agent := new(big.Int).SetBytes(rcpt.Logs[0].Topics[3].Bytes()) // the mint's Transfer names the token
	rep := repABI.Instance(c.client, c.deploy(ReputationRegistryMetaData.Bin, repABI.PackConstructor(specID.Address())))
	r := &reviewers{c: c, rep: rep, agent: agent}

	c.reverts(c.owner, rep, repABI.PackGiveFeedback(agent, big.NewInt(100), 0, "", "", "", "", common.Hash{}),
		"ReputationRegistry: an agent's owner or operator cannot review it")
	c.reverts(c.alice, rep, repABI.PackGiveFeedback(big.NewInt(5), big.NewInt(100), 0, "", "", "", "", common.Hash{}),
		"ERC721: invalid token ID")
	r.give(c.alice, 9977, 2, "uptime", "")
	r.give(c.alice, 9901, 2, "uptime", "")
	r.give(c.alice, 4, 0, "starred", "")
	up := call(t, rep, repABI.PackGetSummary(agent, []common.Address{c.alice.From}, "uptime", ""), repABI.UnpackGetSummary)
	if up.Count != 2 || up.SummaryValue.Int64() != 9939 || up.SummaryValueDecimals != 2 {
		t.Fatalf("uptime summary %+v, want 99.39", up)
	}
	// A transfer clears the reference registry's agent wallet; the new
	// owner may no longer review, the old one now may.
	c.send(c.owner, specID, pack(t, idSpecABI, "transferFrom", c.owner.From, c.alice.From, agent))
	c.reverts(c.alice, rep, repABI.PackGiveFeedback(agent, big.NewInt(1), 0, "", "", "", "", common.Hash{}),
		"ReputationRegistry: an agent's owner or operator cannot review it")
	c.send(c.owner, rep, repABI.PackGiveFeedback(agent, big.NewInt(1), 0, "starred", "", "", "", common.Hash{}))
	if n := call(t, rep, repABI.PackGetLastIndex(agent, c.owner.From), repABI.UnpackGetLastIndex); n != 1 {
		t.Fatalf("old owner's feedback count %d", n)
	}
}
