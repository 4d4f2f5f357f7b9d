package agent

import (
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
)

// TestPolicyDescribesItsCaps: what a person approving a plan reads of the
// policy names the markets it allows (a CLOB's too, admitted by token) and
// the caps the plan is weighed against, and says "none" or "no kill
// switch" rather than an empty list or a 0 that reads as a limit.
func TestPolicyDescribesItsCaps(t *testing.T) {
	t.Parallel()
	pusd := strategies.Token{Address: common.HexToAddress("0x00000000000000000000000000000000000000a1"), Symbol: "PUSD", Decimals: 6}
	cat := &Catalog{Tokens: map[string]strategies.Token{"PUSD": pusd}}
	m, err := polymarket.FromConfig(configs.PolymarketMarket{Tokens: []string{"7001", "7002"}})
	if err != nil {
		t.Fatal(err)
	}
	cat.Add("pm-election", m)
	p, _, err := CompilePolicy("agents[0]", configs.Policy{AllowedTokens: []string{"PUSD"}, AllowedContracts: []string{"pm-election", "0xE111180000d2663C0091e4f400237545B87B996B"},
		MaxTrade: map[string]configs.Decimal{"PUSD": "10"}, MaxDailyQuote: "60.5", QuoteToken: "PUSD", MaxTradesPerHour: 500}, cat)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(p.Describe(pusd), "\n")
	want := "tokens: PUSD\ncontracts: 0xE111180000d2663C0091e4f400237545B87B996B, pm-election\nmethods: none\nper trade: 10 PUSD\nper 24 h: 60.5 PUSD worth\n<= 500 trades/hour, no drawdown kill switch"
	if got != want {
		t.Fatalf("policy reads\n%s\nwant\n%s", got, want)
	}
}
