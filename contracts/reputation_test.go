package contracts

import (
	"context"
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

var repABI = NewReputationRegistry()

// reviewers is a chain with an identity registry, one agent owned by owner,
// a reputation registry, and two more funded reviewers besides alice.
type reviewers struct {
	c        *chain
	rep      *bind.BoundContract
	agent    *big.Int
	bob, eve *bind.TransactOpts
}

func newReviewers(t *testing.T) *reviewers {
	c := newChain(t)
	reg := c.deployIdentity()
	agent := c.register(c.owner, reg, "ipfs://agent")
	rep := repABI.Instance(c.client, c.deploy(ReputationRegistryMetaData.Bin, repABI.PackConstructor(reg.Address())))
	if got := call(t, rep, repABI.PackGetIdentityRegistry(), repABI.UnpackGetIdentityRegistry); got != reg.Address() {
		t.Fatalf("getIdentityRegistry = %s", got)
	}
	r := &reviewers{c: c, rep: rep, agent: agent}
	id := big.NewInt(1337)
	for _, p := range []**bind.TransactOpts{&r.bob, &r.eve} {
		k := newKey(t)
		*p = bind.NewKeyedTransactor(k, id)
		c.keys[crypto.PubkeyToAddress(k.PublicKey)] = k
		c.mined(c.sendETH(c.owner.From, (*p).From, ether(10)))
	}
	return r
}

// sendETH transfers wei from one of the chain's keyed accounts.
func (c *chain) sendETH(from, to common.Address, wei *big.Int) *types.Transaction {
	c.t.Helper()
	ctx := context.Background()
	nonce, err := c.client.PendingNonceAt(ctx, from)
	if err != nil {
		c.t.Fatal(err)
	}
	head, err := c.client.HeaderByNumber(ctx, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	fee := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), big.NewInt(1e9))
	tx, err := types.SignNewTx(c.keys[from], types.LatestSignerForChainID(big.NewInt(1337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(1337), Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: fee, Gas: 21_000, To: &to, Value: wei,
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.client.SendTransaction(ctx, tx); err != nil {
		c.t.Fatal(err)
	}
	return tx
}

func (r *reviewers) give(from *bind.TransactOpts, value int64, decimals uint8, tag1, tag2 string) {
	r.c.t.Helper()
	rcpt := r.c.send(from, r.rep, repABI.PackGiveFeedback(r.agent, big.NewInt(value), decimals, tag1, tag2, "https://agent/mcp", "ipfs://fb", common.Hash{7}))
	evs := events(r.c.t, rcpt, r.rep.Address(), repABI.UnpackNewFeedbackEvent)
	if len(evs) != 1 || evs[0].ClientAddress != from.From || evs[0].Value.Int64() != value || evs[0].Tag1 != tag1 ||
		evs[0].Endpoint != "https://agent/mcp" || evs[0].FeedbackURI != "ipfs://fb" || evs[0].IndexedTag1 != crypto.Keccak256Hash([]byte(tag1)) {
		r.c.t.Fatalf("NewFeedback %+v", evs)
	}
}

func TestReputationFeedbackIsFilteredByReviewer(t *testing.T) {
	t.Parallel()
	r := newReviewers(t)
	c := r.c
	c.reverts(c.owner, r.rep, repABI.PackGiveFeedback(r.agent, big.NewInt(100), 0, "", "", "", "", common.Hash{}),
		"ReputationRegistry: an agent's owner or operator cannot review it")
	c.reverts(c.alice, r.rep, repABI.PackGiveFeedback(big.NewInt(9), big.NewInt(100), 0, "", "", "", "", common.Hash{}),
		"ERC721: invalid token ID") // isAuthorizedOrOwner refuses an agent never minted
	c.reverts(c.alice, r.rep, repABI.PackGiveFeedback(r.agent, big.NewInt(1), 19, "", "", "", "", common.Hash{}),
		"ReputationRegistry: valueDecimals above 18")

	r.give(c.alice, 87, 0, "starred", "")
	r.give(c.alice, 9977, 2, "uptime", "")
	r.give(r.bob, -32, 1, "tradingYield", "week")
	r.give(r.eve, 0, 0, "starred", "spam")
	if got := call(t, r.rep, repABI.PackGetLastIndex(r.agent, c.alice.From), repABI.UnpackGetLastIndex); got != 2 {
		t.Fatalf("alice's last index %d, want 2", got)
	}
	clients := call(t, r.rep, repABI.PackGetClients(r.agent), repABI.UnpackGetClients)
	if !slices.Equal(clients, []common.Address{c.alice.From, r.bob.From, r.eve.From}) {
		t.Fatalf("clients %v", clients)
	}

	all := func(who []common.Address, tag1, tag2 string, revoked bool) ReadAllFeedbackOutput {
		t.Helper()
		return call(t, r.rep, repABI.PackReadAllFeedback(r.agent, who, tag1, tag2, revoked), repABI.UnpackReadAllFeedback)
	}
	trusted := all([]common.Address{c.alice.From, r.bob.From}, "", "", false)
	if !slices.Equal(trusted.Clients, []common.Address{c.alice.From, c.alice.From, r.bob.From}) ||
		!slices.Equal(trusted.FeedbackIndexes, []uint64{1, 2, 1}) || !slices.Equal(trusted.Tag1s, []string{"starred", "uptime", "tradingYield"}) ||
		!slices.Equal(trusted.ValueDecimals, []uint8{0, 2, 1}) || trusted.Values[2].Int64() != -32 || trusted.Tag2s[2] != "week" {
		t.Fatalf("trusted feedback %+v", trusted)
	}
	if got := all(nil, "starred", "", false); !slices.Equal(got.Clients, []common.Address{c.alice.From, r.eve.From}) {
		t.Fatalf("all starred: %v", got.Clients)
	}
	if got := all(nil, "starred", "spam", false); !slices.Equal(got.Clients, []common.Address{r.eve.From}) {
		t.Fatalf("starred/spam: %v", got.Clients)
	}

	c.reverts(c.alice, r.rep, repABI.PackRevokeFeedback(r.agent, 3), "ReputationRegistry: no such feedback")
	c.send(c.alice, r.rep, repABI.PackRevokeFeedback(r.agent, 1))
	c.reverts(c.alice, r.rep, repABI.PackRevokeFeedback(r.agent, 1), "ReputationRegistry: already revoked")
	if got := all([]common.Address{c.alice.From}, "", "", false); !slices.Equal(got.FeedbackIndexes, []uint64{2}) {
		t.Fatalf("after revoke: %v", got.FeedbackIndexes)
	}
	if got := all([]common.Address{c.alice.From}, "", "", true); !slices.Equal(got.RevokedStatuses, []bool{true, false}) {
		t.Fatalf("with revoked: %v", got.RevokedStatuses)
	}
	one := call(t, r.rep, repABI.PackReadFeedback(r.agent, c.alice.From, 1), repABI.UnpackReadFeedback)
	if one.Value.Int64() != 87 || one.Tag1 != "starred" || !one.IsRevoked {
		t.Fatalf("readFeedback %+v", one)
	}
}

func TestReputationSummaryFollowsTheSpecsDecimalsRule(t *testing.T) {
	t.Parallel()
	r := newReviewers(t)
	c := r.c
	r.give(c.alice, 80, 0, "starred", "")  // 80
	r.give(r.bob, 905, 1, "starred", "")   // 90.5
	r.give(r.eve, -1000, 0, "starred", "") // spam, not trusted
	sum := func(who []common.Address) GetSummaryOutput {
		return call(t, r.rep, repABI.PackGetSummary(r.agent, who, "starred", ""), repABI.UnpackGetSummary)
	}
	trusted := []common.Address{c.alice.From, r.bob.From}
	// One feedback at 0 decimals, one at 1: a tie goes to the fewer decimals.
	if got := sum(trusted); got.Count != 2 || got.SummaryValue.Int64() != 85 || got.SummaryValueDecimals != 0 { // 85.25 -> 85
		t.Fatalf("trusted summary %+v, want 2 feedbacks, 85 at 0 decimals", got)
	}
	r.give(r.bob, 871, 1, "starred", "")                                                                         // 87.1: now 1 decimal is the most frequent
	if got := sum(trusted); got.Count != 3 || got.SummaryValue.Int64() != 858 || got.SummaryValueDecimals != 1 { // 85.866.. -> 85.8
		t.Fatalf("trusted summary %+v, want 3 feedbacks, 85.8 at 1 decimal", got)
	}
	if _, err := bindCall(r.rep, repABI.PackGetSummary(r.agent, nil, "", ""), repABI.UnpackGetSummary); revertReason(err) != "ReputationRegistry: clientAddresses required" {
		t.Fatalf("summary over everyone: %v, want a revert (open feedback is spammed)", err)
	}
	if none := sum([]common.Address{freshAddress(t)}); none.Count != 0 || none.SummaryValue.Sign() != 0 {
		t.Fatalf("summary of nobody %+v", none)
	}
	// Negative means round toward zero, as Solidity divides.
	r.give(c.alice, -3, 0, "yield", "")
	r.give(c.alice, -4, 0, "yield", "")
	if got := call(t, r.rep, repABI.PackGetSummary(r.agent, trusted, "yield", ""), repABI.UnpackGetSummary); got.SummaryValue.Int64() != -3 {
		t.Fatalf("yield summary %+v, want -3 (-3.5 toward zero)", got)
	}
}

func TestReputationBoundsFeedbackValues(t *testing.T) {
	t.Parallel()
	r := newReviewers(t)
	c := r.c
	bound, _ := new(big.Int).SetString("100000000000000000000000000000000000000", 10) // 1e38
	over := new(big.Int).Add(bound, big.NewInt(1))
	for _, v := range []*big.Int{over, new(big.Int).Neg(over)} {
		c.reverts(c.alice, r.rep, repABI.PackGiveFeedback(r.agent, v, 0, "", "", "", "", common.Hash{}), "ReputationRegistry: value beyond 1e38")
	}
	c.send(c.alice, r.rep, repABI.PackGiveFeedback(r.agent, bound, 18, "", "", "", "", common.Hash{}))
	c.send(r.bob, r.rep, repABI.PackGiveFeedback(r.agent, new(big.Int).Neg(bound), 18, "", "", "", "", common.Hash{}))
	got := call(t, r.rep, repABI.PackGetSummary(r.agent, []common.Address{c.alice.From, r.bob.From}, "", ""), repABI.UnpackGetSummary)
	if got.Count != 2 || got.SummaryValue.Sign() != 0 || got.SummaryValueDecimals != 18 {
		t.Fatalf("summary of the bounds %+v", got)
	}
	if v := call(t, r.rep, repABI.PackGetVersion(), repABI.UnpackGetVersion); v != "2.0.0" {
		t.Fatalf("getVersion %q", v)
	}
}

func TestReputationResponsesAreCounted(t *testing.T) {
	t.Parallel()
	r := newReviewers(t)
	c := r.c
	r.give(c.alice, 80, 0, "starred", "")
	r.give(c.alice, 20, 0, "starred", "")
	r.give(r.bob, 50, 0, "starred", "")
	c.reverts(r.eve, r.rep, repABI.PackAppendResponse(r.agent, c.alice.From, 3, "ipfs://r", common.Hash{}), "ReputationRegistry: no such feedback")
	c.reverts(r.eve, r.rep, repABI.PackAppendResponse(r.agent, c.alice.From, 0, "ipfs://r", common.Hash{}), "ReputationRegistry: no such feedback")
	c.reverts(r.eve, r.rep, repABI.PackAppendResponse(r.agent, c.alice.From, 1, "", common.Hash{}), "ReputationRegistry: empty responseURI")
	// The agent's owner answers alice's first feedback (a refund), eve flags it twice.
	rcpt := c.send(c.owner, r.rep, repABI.PackAppendResponse(r.agent, c.alice.From, 1, "ipfs://refund", common.Hash{9}))
	evs := events(t, rcpt, r.rep.Address(), repABI.UnpackResponseAppendedEvent)
	if len(evs) != 1 || evs[0].Responder != c.owner.From || evs[0].ClientAddress != c.alice.From || evs[0].FeedbackIndex != 1 ||
		evs[0].ResponseURI != "ipfs://refund" || evs[0].ResponseHash != (common.Hash{9}) || evs[0].AgentId.Cmp(r.agent) != 0 {
		t.Fatalf("ResponseAppended %+v", evs)
	}
	c.send(r.eve, r.rep, repABI.PackAppendResponse(r.agent, c.alice.From, 1, "ipfs://spam", common.Hash{}))
	c.send(r.eve, r.rep, repABI.PackAppendResponse(r.agent, c.alice.From, 2, "ipfs://spam", common.Hash{}))
	c.send(r.eve, r.rep, repABI.PackAppendResponse(r.agent, r.bob.From, 1, "ipfs://spam", common.Hash{}))
	count := func(client common.Address, index uint64, responders ...common.Address) uint64 {
		return call(t, r.rep, repABI.PackGetResponseCount(r.agent, client, index, responders), repABI.UnpackGetResponseCount)
	}
	for _, tc := range []struct {
		name string
		got  uint64
		want uint64
	}{
		{"alice #1, anyone", count(c.alice.From, 1), 2},
		{"alice #1, the owner", count(c.alice.From, 1, c.owner.From), 1},
		{"alice, every feedback", count(c.alice.From, 0), 3},
		{"every client", count(common.Address{}, 0), 4},
		{"every client, eve", count(common.Address{}, 0, r.eve.From), 3},
		{"bob #1, the owner", count(r.bob.From, 1, c.owner.From), 0},
	} {
		if tc.got != tc.want {
			t.Errorf("getResponseCount %s = %d, want %d", tc.name, tc.got, tc.want)
		}
	}
}
