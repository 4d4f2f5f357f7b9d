package polymarket

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// TestBuildFromConfigOpensTheEncryptedCredentials: predict.polymarket built
// by name from an agent's params opens its API credentials with the
// passphrase the boot hands over; a wrong one is a clear error that shows
// no secret.
func TestBuildFromConfigOpensTheEncryptedCredentials(t *testing.T) {
	acct := common.HexToAddress("0x00000000000000000000000000000000000000a1")
	creds := clob.Credentials{Key: "key-123", Secret: "c2VjcmV0LXNlY3JldA==", Passphrase: "pass-phrase-xyz"}
	path := filepath.Join(t.TempDir(), "clob.json")
	if err := clob.SaveCredentials(path, acct, creds, "right", clob.LightScryptN); err != nil {
		t.Fatal(err)
	}
	cs, _ := clob.ContractsFor(clob.Polygon)
	cat := &strategies.Catalog{Tokens: map[string]strategies.Token{"PUSD": {Address: cs.Collateral, Symbol: "PUSD", Decimals: 6}}}
	a := &configs.Agent{Name: "poly", Strategy: Name, Policy: configs.Policy{QuoteToken: "PUSD", MaxTrade: map[string]configs.Decimal{"PUSD": "4"}}}
	if err := a.SetParams(map[string]any{"clob": "http://127.0.0.1:1", "credentials": path, "journal": t.TempDir(),
		"markets": []map[string]any{{"name": "yes", "token_id": "7001", "fair": "0.6"}}}); err != nil {
		t.Fatal(err)
	}
	given := func(pass string) func() (string, bool) { return func() (string, bool) { return pass, true } }
	s, err := strategies.New(strategies.Build{Agent: a, Account: acct, Catalog: cat, Passphrase: given("right")})
	if err != nil || s.Name() != Name {
		t.Fatalf("build: %v %v", s, err)
	}
	if got := s.(*Strategy).maxOrder; got.Int64() != 4_000_000 {
		t.Fatalf("orders sized up to %v pUSD units, not under the policy's 4 pUSD cap", got)
	}
	if _, ok := s.(strategies.Poster); !ok {
		t.Fatal("predict.polymarket does not post what the wallet signs")
	}
	_, err = strategies.New(strategies.Build{Agent: a, Account: acct, Catalog: cat, Passphrase: given("wrong")})
	if err == nil || !strings.Contains(err.Error(), "API credentials clob.json") {
		t.Fatalf("wrong passphrase: %v", err)
	}
	for _, secret := range []string{creds.Secret, creds.Passphrase, "right", "wrong"} {
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("error shows a secret: %v", err)
		}
	}
}

// TestBuildFindsCredentialsBesideTheKeystore: with no params.credentials
// the build opens clob.CredentialsPath beside the keystore, where
// `agentctl polymarket credentials` saves them; missing credentials or a
// missing passphrase are errors that say what to run or pass.
func TestBuildFindsCredentialsBesideTheKeystore(t *testing.T) {
	acct := common.HexToAddress("0x00000000000000000000000000000000000000b2")
	ks := t.TempDir()
	cs, _ := clob.ContractsFor(clob.Polygon)
	cat := &strategies.Catalog{Tokens: map[string]strategies.Token{"PUSD": {Address: cs.Collateral, Symbol: "PUSD", Decimals: 6}}}
	a := &configs.Agent{Name: "poly", Strategy: Name, Policy: configs.Policy{QuoteToken: "PUSD"}}
	if err := a.SetParams(map[string]any{"clob": "http://127.0.0.1:1", "journal": t.TempDir(), "heartbeat": true,
		"markets": []map[string]any{{"name": "yes", "token_id": "7001", "fair": "0.6"}}}); err != nil {
		t.Fatal(err)
	}
	pass := func() (string, bool) { return "right", true }
	b := strategies.Build{Agent: a, Account: acct, Catalog: cat, Keystore: ks, Passphrase: pass}
	_, err := strategies.New(b)
	if err == nil || !strings.Contains(err.Error(), "agentctl polymarket credentials --agent poly") {
		t.Fatalf("no credentials yet: %v", err)
	}
	creds := clob.Credentials{Key: "key-456", Secret: "c2VjcmV0LXNlY3JldA==", Passphrase: "pass-phrase-abc"}
	if err := clob.SaveCredentials(clob.CredentialsPath(ks, acct), acct, creds, "right", clob.LightScryptN); err != nil {
		t.Fatal(err)
	}
	s, err := strategies.New(b)
	if err != nil {
		t.Fatalf("build with the credentials beside the keystore: %v", err)
	}
	if _, ok := s.(strategies.Background); !ok {
		t.Fatal("heartbeat: true does not give the runtime a heartbeat to run")
	}
	if _, ok := s.(strategies.Poster); !ok {
		t.Fatal("with heartbeat: true the strategy no longer posts what the wallet signs")
	}
	b.Passphrase = nil
	if _, err := strategies.New(b); err == nil || !strings.Contains(err.Error(), "--password-file") {
		t.Fatalf("no passphrase: %v", err)
	}
}
