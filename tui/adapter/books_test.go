package adapter

import (
	"context"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/tui"
	"github.com/agentctl/agentctl/wallet"
)

// TestPolymarketBooksOnTheMarketsScreen: with a predict.polymarket agent
// configured, the Markets screen's prediction markets list its book on the
// (test) CLOB, best bid and ask, beside the devnet's own markets, and a
// moved book is read anew.
func TestPolymarketBooksOnTheMarketsScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("boots a devnet")
	}
	const pass = "books-passphrase"
	t.Setenv("AGENTCTL_PASSWORD", pass)
	yes, no := big.NewInt(7001), big.NewInt(7002)
	cond := "0x" + strings.Repeat("cd", 32)
	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: cond, Tokens: [2]*big.Int{yes, no}, Tick: "0.01", MinSize: "1"}}})
	srv.AddLiquidity(yes, clob.Sell, "0.60", "100")
	srv.AddLiquidity(yes, clob.Buy, "0.40", "75")

	home := t.TempDir()
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ks.New("poly", pass); err != nil {
		t.Fatal(err)
	}
	s, err := ks.Unlock("poly", pass)
	if err != nil {
		t.Fatal(err)
	}
	c, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: s})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := c.CreateOrDeriveAPIKey(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	credsFile := filepath.Join(home, "poly-clob.json")
	if err := clob.SaveCredentials(credsFile, s.Address(), creds, pass, clob.LightScryptN); err != nil {
		t.Fatal(err)
	}
	cfgText := `chain:
  polymarket:
    pm-market: {tokens: ["7001", "7002"]}
agents:
  - name: poly
    strategy: predict.polymarket
    mode: paper
    params:
      clob: ` + srv.URL + `
      credentials: ` + credsFile + `
      journal: ` + filepath.Join(home, "journal") + `
      markets: [{name: pm-yes, token_id: "7001", fair: "0.70"}]
    policy:
      allowed_tokens: [PUSD]
      allowed_contracts: [pm-market]
      quote_token: PUSD
      max_trade_quote: "5"
`
	cfg, err := configs.Load(configs.LoadOptions{LookupEnv: func(string) (string, bool) { return "", false }, Data: []byte(cfgText)})
	if err != nil {
		t.Fatal(err)
	}
	h, err := agent.Boot(context.Background(), agent.BootOptions{Connect: connectChain, Config: cfg, Home: home, LightScrypt: true,
		Passphrase: func() (string, bool, error) { return pass, true, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	a := New(Options{Host: h, Home: home})
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	book := func() tui.PredictionMarket {
		t.Helper()
		ms, err := a.PredictionMarkets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var found []tui.PredictionMarket
		devnetRows := 0
		for _, pm := range ms {
			if pm.Name == "pm-yes" {
				found = append(found, pm)
			} else if pm.Collateral == "USDC" {
				devnetRows++
			}
		}
		if len(found) != 1 || devnetRows == 0 {
			t.Fatalf("markets %+v: want the pm-yes book once beside the devnet's markets", ms)
		}
		return found[0]
	}
	pm := book()
	if pm.Err != "" || !pm.Book || len(pm.Outcomes) != 2 || pm.Outcomes[0] != (tui.Outcome{Label: "bid", Price: "0.4"}) ||
		pm.Outcomes[1] != (tui.Outcome{Label: "ask", Price: "0.6"}) || pm.Address != "token 7001" ||
		!strings.Contains(pm.Question, "best bid 0.4 x 75, best ask 0.6 x 100") {
		t.Fatalf("pm-yes book %+v", pm)
	}
	srv.AddLiquidity(yes, clob.Buy, "0.45", "10")
	if pm := book(); pm.Outcomes[0].Price != "0.45" {
		t.Fatalf("after the book moved, the best bid shows %+v", pm.Outcomes)
	}
	// The Wallet screen lists the agent's account although PUSD, a
	// catalog token here, is no contract on the devnet (it is the CLOB's).
	accts, err := a.Accounts(ctx)
	if err != nil || len(accts) != 1 || accts[0].Agent != "poly" || len(accts[0].Balances) < 2 {
		t.Fatalf("accounts %+v, %v", accts, err)
	}
}
