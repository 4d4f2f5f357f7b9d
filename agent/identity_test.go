package agent

import (
	"context"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

func (b *anchorBench) registry() *Registry {
	return NewRegistry(b.client.Backend(), b.net.Manifest().Contracts[devnet.ContractIdentity], devnet.ChainID)
}

func (b *anchorBench) spec() IdentitySpec {
	return IdentitySpec{Name: "momentum", Description: "Trades WETH/USDC.", Wallet: b.signer.Address(),
		Anchor: b.net.Manifest().Contracts[devnet.ContractAnchor], ChainID: devnet.ChainID}
}

// autoCommit mines blocks until the test ends, for code that waits for receipts.
func (b *anchorBench) autoCommit(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			b.net.Commit()
			select {
			case <-ctx.Done():
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
}

func TestEnsureIdentityIsIdempotent(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	b.autoCommit(t)
	ctx := context.Background()
	reg := b.registry()
	cache := OpenIdentityCache(t.TempDir())
	first, err := EnsureIdentity(ctx, reg, b.target.tx, b.spec(), cache)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Created || first.AgentID == nil || first.Registry != "eip155:1337:"+reg.Address.Hex() {
		t.Fatalf("first registration %+v", first)
	}
	uri, err := reg.TokenURI(ctx, first.AgentID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseDataURI(uri)
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != RegistrationType || got.Name != "momentum" || len(got.Registrations) != 1 ||
		got.Registrations[0].AgentID.Cmp(first.AgentID) != 0 || got.Registrations[0].AgentRegistry != first.Registry {
		t.Fatalf("on-chain registration %+v", got)
	}
	if got.DecisionLog == nil || got.DecisionLog.AnchoringKey != "eip155:1337:"+b.signer.Address().Hex() ||
		got.DecisionLog.AnchorContract != "eip155:1337:"+b.spec().Anchor.Hex() || got.Services[0].Endpoint != got.DecisionLog.AnchoringKey {
		t.Fatalf("the registration does not lead to the anchors: %+v %+v", got.DecisionLog, got.Services)
	}
	nonce, _ := b.net.Client().NonceAt(ctx, b.signer.Address(), nil)

	// Again, with the cache and without it (found through the Registered events).
	for _, c := range []*IdentityCache{cache, nil} {
		again, err := EnsureIdentity(ctx, reg, b.target.tx, b.spec(), c)
		if err != nil {
			t.Fatal(err)
		}
		if again.AgentID.Cmp(first.AgentID) != 0 || again.Created || again.Updated {
			t.Fatalf("second call %+v, want the same agentId %s and no change", again, first.AgentID)
		}
	}
	if n, _ := b.net.Client().NonceAt(ctx, b.signer.Address(), nil); n != nonce {
		t.Fatalf("an idempotent registration sent %d transactions", n-nonce)
	}

	// A changed description updates the URI and keeps the id.
	spec := b.spec()
	spec.Description = "Now trades WBTC too."
	upd, err := EnsureIdentity(ctx, reg, b.target.tx, spec, cache)
	if err != nil {
		t.Fatal(err)
	}
	if upd.AgentID.Cmp(first.AgentID) != 0 || !upd.Updated || upd.Created {
		t.Fatalf("update %+v", upd)
	}
	// An operator-hosted URL is stored as given.
	spec.URI = "https://agents.example.org/momentum.json"
	hosted, err := EnsureIdentity(ctx, reg, b.target.tx, spec, cache)
	if err != nil || hosted.URI != spec.URI {
		t.Fatalf("hosted URI: %+v %v", hosted, err)
	}
	if uri, _ := reg.TokenURI(ctx, first.AgentID); uri != spec.URI {
		t.Fatalf("tokenURI %q", uri)
	}
}

// The client checks what is at the registry address before writing.
func TestRegistryRefusesWhatIsNotARegistry(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		addr common.Address
		want string
	}{
		{"no code", common.HexToAddress("0x000000000000000000000000000000000000dEaD"), "no contract at this address on chain 1337"},
		{"anchor contract", b.net.Manifest().Contracts[devnet.ContractAnchor], "does not answer ERC-165"},
		{"ERC-20", b.net.Manifest().WETH, "does not answer ERC-165"},
	} {
		reg := NewRegistry(b.client.Backend(), tc.addr, devnet.ChainID)
		_, err := EnsureIdentity(ctx, reg, b.target.tx, b.spec(), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "identity.registry") {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if n, _ := b.net.Client().PendingNonceAt(ctx, b.signer.Address()); n != 0 {
		t.Fatalf("%d transactions sent to non-registries", n)
	}
}

// Feedback is shown from trusted reviewers only.
func TestReputationFromTrustedReviewersOnly(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	b.autoCommit(t)
	ctx := context.Background()
	reg := b.registry()
	id, err := EnsureIdentity(ctx, reg, b.target.tx, b.spec(), nil)
	if err != nil {
		t.Fatal(err)
	}
	repAddr := b.net.Manifest().Contracts[devnet.ContractReputation]
	repABI := contracts.NewReputationRegistry()
	give := func(value int64, decimals uint8, tag string) common.Address {
		key, _ := crypto.GenerateKey()
		s := wallet.NewSigner(key)
		if err := b.net.Fund(ctx, s.Address(), big.NewInt(1e18), nil); err != nil {
			t.Fatal(err)
		}
		tx := b.client.Transactor(s.Address(), s.SignerFn(big.NewInt(devnet.ChainID)))
		if _, err := tx.Send(ctx, wallet.Intent{To: &repAddr, Data: repABI.PackGiveFeedback(id.AgentID, big.NewInt(value), decimals, tag, "", "", "", common.Hash{})}); err != nil {
			t.Fatal(err)
		}
		return s.Address()
	}
	alice := give(90, 0, "starred")
	bob := give(755, 1, "starred")
	spammer := give(-100, 0, "starred")
	carol := give(9977, 2, "uptime")
	rep, err := ReadReputation(ctx, b.client.Backend(), repAddr, reg.Address, id.AgentID, []common.Address{alice, bob, carol})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Feedback) != 3 || rep.Feedback[0].Value != "90" || rep.Feedback[1].Value != "75.5" || rep.Feedback[2].Value != "99.77" {
		t.Fatalf("trusted feedback %+v, want 90, 75.5 and 99.77", rep.Feedback)
	}
	for i, want := range []uint64{0, 0, 0} {
		if r := rep.Feedback[i].Responses; r == nil || *r != want {
			t.Fatalf("feedback %d responses %v, want %d", i, r, want)
		}
	}
	// The agent answers alice's review; readers see that it did.
	if _, err := b.target.tx.Send(ctx, wallet.Intent{To: &repAddr, Data: repABI.PackAppendResponse(id.AgentID, alice, 1, "ipfs://refund", common.Hash{})}); err != nil {
		t.Fatal(err)
	}
	if rep, err = ReadReputation(ctx, b.client.Backend(), repAddr, reg.Address, id.AgentID, []common.Address{alice, bob, carol}); err != nil {
		t.Fatal(err)
	}
	if r := rep.Feedback[0].Responses; r == nil || *r != 1 || *rep.Feedback[1].Responses != 0 {
		t.Fatalf("responses after the agent answered alice: %v %v", r, rep.Feedback[1].Responses)
	}
	// A star rating and an uptime percentage are never averaged together.
	want := []TagSummary{{Tag1: "starred", Count: 2, Mean: "82.75"}, {Tag1: "uptime", Count: 1, Mean: "99.77"}}
	if !slices.Equal(rep.Summaries, want) {
		t.Fatalf("summaries %+v, want %+v", rep.Summaries, want)
	}
	for _, f := range rep.Feedback {
		if f.Reviewer == spammer {
			t.Fatal("feedback from an untrusted reviewer shown")
		}
	}
	if _, err := ReadReputation(ctx, b.client.Backend(), repAddr, reg.Address, id.AgentID, nil); !errors.Is(err, ErrNoTrustedReviewers) {
		t.Fatalf("no trusted reviewers: %v", err)
	}
	other := common.HexToAddress("0x1234567890123456789012345678901234567890")
	if _, err := ReadReputation(ctx, b.client.Backend(), repAddr, other, id.AgentID, []common.Address{alice}); err == nil ||
		!strings.Contains(err.Error(), "keeps feedback for identity registry") {
		t.Fatalf("reputation registry of another identity registry: %v", err)
	}
}

func TestIdentityCacheSurvivesReopen(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	w := common.HexToAddress("0xabc")
	c := OpenIdentityCache(home)
	if err := c.Put("eip155:1:0x1", "momentum", w, big.NewInt(0), ""); err != nil {
		t.Fatal(err)
	}
	if err := c.Put("eip155:1:0x1", "arbitrage", w, big.NewInt(7), ""); err != nil {
		t.Fatal(err)
	}
	again := OpenIdentityCache(home)
	if got := again.Get("eip155:1:0x1", "momentum", w); got == nil || got.Sign() != 0 {
		t.Fatalf("agentId 0 lost: %v", got)
	}
	if got := again.Get("eip155:1:0x1", "arbitrage", common.HexToAddress("0xdef")); got != nil {
		t.Fatalf("an id for another wallet: %v", got)
	}
	if fi, err := os.Stat(filepath.Join(home, IdentityFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("cache file mode: %v %v", fi, err)
	}
}
