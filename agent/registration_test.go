package agent

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// specFile is a registration file in the current ERC-8004 format as
// another tool writes it, with fields agentctl does not know.
const specFile = `{
  "type": "https://eips.ethereum.org/EIPS/eip-8004#registration-v1",
  "name": "momentum",
  "description": "Set by another tool.",
  "image": "https://example.com/agent.png",
  "services": [
    {"name": "web", "endpoint": "https://web.agent.example/"},
    {"name": "MCP", "endpoint": "https://mcp.agent.example/", "version": "2025-06-18", "capabilities": {"tools": {}}},
    {"name": "OASF", "endpoint": "ipfs://cid", "version": "0.8", "skills": ["a/b"], "domains": ["finance"]}
  ],
  "x402Support": true,
  "active": true,
  "registrations": [{"agentId": 22, "agentRegistry": "eip155:1:0x8004A169FB4a3325136EB29fA0ceB6D2e539a432"}],
  "supportedTrust": ["reputation", "crypto-economic", "tee-attestation"],
  "updatedAt": 1760000000,
  "x-vendor": {"tier": "gold", "list": [1, 2, 3]}
}`

func dataURI(doc string) string {
	return "data:application/json;base64," + base64.StdEncoding.EncodeToString([]byte(doc))
}

func sameDoc(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

func TestRegistrationReadsAndWritesEveryField(t *testing.T) {
	t.Parallel()
	r, err := ParseDataURI(dataURI(specFile))
	if err != nil {
		t.Fatal(err)
	}
	if r.Image != "https://example.com/agent.png" || len(r.Services) != 3 || r.Services[1].Version != "2025-06-18" ||
		r.X402Support == nil || !*r.X402Support || r.Active == nil || !*r.Active || r.Legacy ||
		r.Registrations[0].AgentID.Int64() != 22 || len(r.SupportedTrust) != 3 {
		t.Fatalf("read %+v", r)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !sameDoc(t, out, []byte(specFile)) {
		t.Fatalf("written back:\n%s\nwant the same document as\n%s", out, specFile)
	}
	// The older draft's endpoints read as services.
	legacy := `{"type":"` + RegistrationType + `","name":"old","description":"d","endpoints":[{"name":"agentWallet","endpoint":"eip155:1337:0x01"}],"registrations":[],"supportedTrust":["reputation"]}`
	old, err := ParseDataURI(dataURI(legacy))
	if err != nil {
		t.Fatal(err)
	}
	if !old.Legacy || len(old.Services) != 1 || old.Services[0].Name != "agentWallet" || old.Extra != nil {
		t.Fatalf("legacy file read as %+v", old)
	}
	if b, _ := json.Marshal(old); !strings.Contains(string(b), `"services":[{"name":"agentWallet"`) || strings.Contains(string(b), "endpoints") {
		t.Fatalf("legacy file written as %s, want services", b)
	}
}

func TestForeignAgentURISurvivesUnlessForced(t *testing.T) {
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
	// Another tool, holding the same key, points the agent at its own file.
	for _, foreign := range []string{dataURI(specFile), "https://agents.example.org/by-another-tool.json"} {
		if _, err := reg.SetAgentURI(ctx, b.target.tx, first.AgentID, foreign); err != nil {
			t.Fatal(err)
		}
		nonce, _ := b.net.Client().NonceAt(ctx, b.signer.Address(), nil)
		for _, c := range []*IdentityCache{cache, nil} {
			id, err := EnsureIdentity(ctx, reg, b.target.tx, b.spec(), c)
			if err != nil {
				t.Fatal(err)
			}
			if !id.Foreign || id.Updated || id.URI != foreign || id.AgentID.Cmp(first.AgentID) != 0 {
				t.Fatalf("identity %+v, want the foreign agentURI left as it is", id)
			}
			if got, _ := reg.TokenURI(ctx, first.AgentID); got != foreign {
				t.Fatalf("agentURI overwritten: %.80s", got)
			}
		}
		if n, _ := b.net.Client().NonceAt(ctx, b.signer.Address(), nil); n != nonce {
			t.Fatalf("%d transactions sent for a foreign agentURI", n-nonce)
		}
	}
	// With Force, a foreign data: file gets agentctl's fields and keeps its own.
	if _, err := reg.SetAgentURI(ctx, b.target.tx, first.AgentID, dataURI(specFile)); err != nil {
		t.Fatal(err)
	}
	spec := b.spec()
	spec.Force = true
	forced, err := EnsureIdentity(ctx, reg, b.target.tx, spec, cache)
	if err != nil || !forced.Updated || forced.Foreign {
		t.Fatalf("forced: %+v %v", forced, err)
	}
	uri, _ := reg.TokenURI(ctx, first.AgentID)
	got, err := ParseDataURI(uri)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, s := range got.Services {
		names = append(names, s.Name)
	}
	if !slices.Equal(names, []string{"agentWallet", "web", "MCP", "OASF"}) || got.Services[3].Extra["skills"] == nil ||
		got.Image != "https://example.com/agent.png" || !*got.X402Support || string(got.Extra["x-vendor"]) != `{"tier":"gold","list":[1,2,3]}` ||
		len(got.Registrations) != 2 || got.Registrations[1].AgentRegistry != reg.ID() || got.DecisionLog == nil || got.Description != "Trades WETH/USDC." {
		t.Fatalf("merged registration %+v", got)
	}
	// Now it is agentctl's: the next call leaves it be.
	again, err := EnsureIdentity(ctx, reg, b.target.tx, b.spec(), cache)
	if err != nil || again.Foreign || again.Updated {
		t.Fatalf("after the forced write: %+v %v", again, err)
	}
}

// A file an older agentctl wrote (endpoints, the older draft's name) is
// agentctl's own: it is rewritten in the current format without --force.
func TestLegacyAgentctlFileIsRewritten(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	b.autoCommit(t)
	ctx := context.Background()
	reg := b.registry()
	first, err := EnsureIdentity(ctx, reg, b.target.tx, b.spec(), nil)
	if err != nil {
		t.Fatal(err)
	}
	legacy := `{"type":"` + RegistrationType + `","name":"momentum","description":"An agentctl agent.","endpoints":[{"name":"agentWallet","endpoint":"eip155:1337:` +
		b.signer.Address().Hex() + `"}],"registrations":[],"supportedTrust":["reputation"]}`
	if _, err := reg.SetAgentURI(ctx, b.target.tx, first.AgentID, dataURI(legacy)); err != nil {
		t.Fatal(err)
	}
	id, err := EnsureIdentity(ctx, reg, b.target.tx, b.spec(), nil)
	if err != nil || id.Foreign || !id.Updated {
		t.Fatalf("legacy file: %+v %v", id, err)
	}
	uri, _ := reg.TokenURI(ctx, first.AgentID)
	raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(uri, "data:application/json;base64,"))
	if !strings.Contains(string(raw), `"services":[`) || strings.Contains(string(raw), `"endpoints"`) || !strings.Contains(string(raw), `"active":true`) {
		t.Fatalf("rewritten file %s", raw)
	}
}

func TestAgentWalletIsSetTheSpecsWayWhenTheOwnerIsAnotherKey(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	b.autoCommit(t)
	ctx := context.Background()
	reg := b.registry()
	owner := newFundedSigner(t, b)
	ownerTx := b.client.Transactor(owner.Address(), owner.SignerFn(big.NewInt(1337)))
	spec := b.spec()
	spec.Owner, spec.Operator = owner.Address(), b.signer.Address()

	// A run holds only the agent's key: it cannot register for the owner.
	if _, err := EnsureIdentity(ctx, reg, b.target.tx, spec, nil); err == nil || !strings.Contains(err.Error(), "agentctl agent register momentum") {
		t.Fatalf("registration without the owner's key: %v", err)
	}
	spec.SignWallet = b.signer.SignHash
	id, err := EnsureIdentity(ctx, reg, ownerTx, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !id.Created || !id.WalletSet || id.AgentWallet != b.signer.Address() || id.Owner != owner.Address() {
		t.Fatalf("identity %+v", id)
	}
	if got, _ := reg.OwnerOf(ctx, id.AgentID); got != owner.Address() {
		t.Fatalf("owner %s", got)
	}
	if got, _ := reg.AgentWallet(ctx, id.AgentID); got != b.signer.Address() {
		t.Fatalf("agent wallet %s, want the agent's key", got)
	}
	if ok, _ := reg.IsAuthorized(ctx, b.signer.Address(), id.AgentID); !ok {
		t.Fatal("the agent's key is not approved as operator")
	}
	// The run, with the agent's key only, finds the identity from the
	// owner's Registered events and keeps the registration current.
	spec.SignWallet = nil
	spec.Description = "Now trades WBTC too."
	upd, err := EnsureIdentity(ctx, reg, b.target.tx, spec, nil)
	if err != nil || upd.AgentID.Cmp(id.AgentID) != 0 || !upd.Updated || upd.Created {
		t.Fatalf("update by the operator: %+v %v", upd, err)
	}
	// A second agent of the same owner is told apart by its agent wallet.
	other := newFundedSigner(t, b)
	spec2 := spec
	spec2.Name, spec2.Wallet, spec2.Operator, spec2.SignWallet, spec2.Anchor = "arbitrage", other.Address(), other.Address(), other.SignHash, common.Address{}
	second, err := EnsureIdentity(ctx, reg, ownerTx, spec2, nil)
	if err != nil || !second.Created || second.AgentID.Cmp(id.AgentID) == 0 {
		t.Fatalf("second agent of the owner: %+v %v", second, err)
	}
	if found, err := reg.Find(ctx, owner.Address(), b.signer.Address(), nil); err != nil || found.Cmp(id.AgentID) != 0 {
		t.Fatalf("Find(owner, momentum's wallet) = %v %v, want %s", found, err, id.AgentID)
	}
}

func newFundedSigner(t *testing.T, b *anchorBench) *wallet.Signer {
	t.Helper()
	key, _ := crypto.GenerateKey()
	s := wallet.NewSigner(key)
	if err := b.net.Fund(context.Background(), s.Address(), big.NewInt(1e18), nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// rangeCapped is a node that refuses eth_getLogs over more than max
// blocks, as hosted providers do.
type rangeCapped struct {
	wallet.Backend
	max     uint64
	refused atomic.Int32
}

func (r *rangeCapped) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	if q.FromBlock == nil || q.ToBlock == nil || q.ToBlock.Uint64()-q.FromBlock.Uint64()+1 > r.max {
		r.refused.Add(1)
		return nil, errors.New("query exceeds max block range 5")
	}
	return r.Backend.FilterLogs(ctx, q)
}

func TestFindSearchesFromTheStartBlockInChunks(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	b.autoCommit(t)
	ctx := context.Background()
	id, err := EnsureIdentity(ctx, b.registry(), b.target.tx, b.spec(), nil)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := b.net.Client().BlockNumber(ctx)
	for n, _ := b.net.Client().BlockNumber(ctx); n < head+30; n, _ = b.net.Client().BlockNumber(ctx) {
		time.Sleep(time.Millisecond) // autoCommit mines; the search spans them
	}
	capped := &rangeCapped{Backend: b.client.Backend(), max: 5}
	reg := NewRegistry(capped, b.registry().Address, devnet.ChainID)
	found, err := reg.Find(ctx, b.signer.Address(), b.signer.Address(), nil)
	if err != nil || found == nil || found.Cmp(id.AgentID) != 0 {
		t.Fatalf("Find behind a 5-block eth_getLogs cap = %v, %v; want agentId %s", found, err, id.AgentID)
	}
	if capped.refused.Load() == 0 {
		t.Fatal("the capped node never refused a range: the test did not exercise the chunking")
	}
	// identity.start_block after the registration: the search starts there.
	reg.StartBlock = head + 1
	if found, err := reg.Find(ctx, b.signer.Address(), b.signer.Address(), nil); err != nil || found != nil {
		t.Fatalf("Find from block %d = %v, %v; want nothing (the registration is older)", reg.StartBlock, found, err)
	}
}

// agentctl's reputation client reads a registry that behaves as the
// ERC-8004 reference one (it has no getResponseCount here), paired with
// agentctl's identity registry.
func TestReputationClientReadsTheReferenceRegistry(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	b.autoCommit(t)
	ctx := context.Background()
	reg := b.registry()
	id, err := EnsureIdentity(ctx, reg, b.target.tx, b.spec(), nil)
	if err != nil {
		t.Fatal(err)
	}
	art, err := contracts.Load("SpecReputationRegistry")
	if err != nil {
		t.Fatal(err)
	}
	ctor, _ := art.ABI.Pack("", reg.Address)
	_, tx, err := bind.DeployContract(b.signer.TransactOpts(ctx, big.NewInt(devnet.ChainID)), art.Bytecode, b.net.Client(), ctor)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := bind.WaitDeployed(ctx, b.net.Client(), tx.Hash())
	if err != nil {
		t.Fatal(err)
	}
	alice := newFundedSigner(t, b)
	for _, f := range []struct {
		value int64
		dec   uint8
		tag   string
	}{{4, 0, "starred"}, {5, 0, "starred"}, {9950, 2, "uptime"}} {
		data, _ := art.ABI.Pack("giveFeedback", id.AgentID, big.NewInt(f.value), f.dec, f.tag, "", "", "", [32]byte{})
		atx := b.client.Transactor(alice.Address(), alice.SignerFn(big.NewInt(devnet.ChainID)))
		if _, err := atx.Send(ctx, wallet.Intent{To: &spec, Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	// The agent's own key may not review it there either.
	self, _ := art.ABI.Pack("giveFeedback", id.AgentID, big.NewInt(100), uint8(0), "starred", "", "", "", [32]byte{})
	if _, err := b.target.tx.Send(ctx, wallet.Intent{To: &spec, Data: self}); err == nil {
		t.Fatal("the reference registry took the agent's own feedback")
	}
	rep, err := ReadReputation(ctx, b.client.Backend(), spec, reg.Address, id.AgentID, []common.Address{alice.Address()})
	if err != nil {
		t.Fatal(err)
	}
	want := []TagSummary{{Tag1: "starred", Count: 2, Mean: "4.5"}, {Tag1: "uptime", Count: 1, Mean: "99.5"}}
	if !slices.Equal(rep.Summaries, want) || len(rep.Feedback) != 3 || rep.Feedback[0].Responses != nil {
		t.Fatalf("reputation from the reference registry %+v", rep)
	}
}

func TestReadRegistrationFetchesAHostedFile(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/momentum.json":
			w.Write([]byte(specFile))
		case "/huge.json":
			w.Write([]byte(`{"name":"` + strings.Repeat("x", maxRegistrationSize) + `"}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	r, err := ReadRegistration(ctx, srv.URL+"/momentum.json")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(r); !sameDoc(t, b, []byte(specFile)) {
		t.Fatalf("fetched %s", b)
	}
	for path, want := range map[string]string{
		srv.URL + "/gone.json":   "HTTP 404",
		srv.URL + "/huge.json":   "larger than",
		"ipfs://bafy/agent.json": "only data: and http(s) URIs are read",
	} {
		if _, err := ReadRegistration(ctx, path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadRegistration(%s) = %v, want %q", path, err, want)
		}
	}
}
