package configs

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"devnet", "devnet"},
		{"127.0.0.1:9464", "127.0.0.1:9464"},
		{"http://127.0.0.1:8545", "http://127.0.0.1:8545"},
		{"https://rpc.example.org/v1", "https://rpc.example.org/v1"},
		{"https://user:s3cret@rpc.example.org", "https://user:REDACTED@rpc.example.org"},
		{"https://tok3nAsUserName@rpc.example.org/", "https://REDACTED@rpc.example.org/"},
		{"https://rpc.example.org/?apikey=abc123", "https://rpc.example.org/?apikey=REDACTED"},
		{"wss://rpc.example.org/ws?a=1&key=zz&key=yy", "wss://rpc.example.org/ws?a=REDACTED&key=REDACTED&key=REDACTED"},
		{"https://mainnet.example.io/v3/9aa3d95b3bc440fa88ea12eaa4456161", "https://mainnet.example.io/v3/REDACTED"},
		{"https://eth.example.com/v2/Ab-Cd_Ef12345678901234", "https://eth.example.com/v2/REDACTED"},
		{"https://rpc.example.org/#frag-secret", "https://rpc.example.org/"},
		{"https://agents.example.org/{name}.json", "https://agents.example.org/{name}.json"},
		{"https://u:p@[::1", "REDACTED"},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// secretConfig is a valid config whose URLs carry secrets in every place
// a provider puts them.
const secretConfig = `
chain:
  rpc: https://alice:hunter2pass@rpc.example.org/v3/9aa3d95b3bc440fa88ea12eaa4456161?apikey=qwertyTOKEN
  chain_id: 11155111
  tokens:
    USDC: {address: "0x1c7d4b196cb0c7b01d743fbc6116a902379c7238", decimals: 6}
    WETH: {address: "0xfff9976782d46cc05630d1f6ebab18b2324d6b14", decimals: 18}
  venues:
    uni: {router: "0xee567fe1712faf6149d80da1e6934e354124cfe3", factory: "0xf62c03e08ada871a0beb309762e260a7a6a880e6"}
models:
  default: rules
  ollama: {host: "http://bob:ollamapass@127.0.0.1:11434"}
  openai: {base_url: "https://proxy.example.org/v1?token=proxyTOKEN"}
agents:
  - name: trader
    strategy: dex.momentum
    mode: paper
    agent_uri: https://x:agentpass@agents.example.org/trader.json
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [uni]
      allowed_methods: [approve]
anchoring: {enabled: false}
identity: {mode: "off", agent_uri: "https://agents.example.org/{name}.json?sig=uriTOKEN"}
`

var secrets = []string{"hunter2pass", "9aa3d95b3bc440fa88ea12eaa4456161", "qwertyTOKEN", "ollamapass", "proxyTOKEN", "agentpass", "uriTOKEN"}

func TestShowNeverPrintsSecrets(t *testing.T) {
	t.Parallel()
	c := loadString(t, secretConfig, nil)
	y, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	j, err := c.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{string(y), string(j)} {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("output shows secret %q:\n%s", s, out)
			}
		}
		if !strings.Contains(out, "alice:REDACTED@rpc.example.org") {
			t.Errorf("output lost the RPC host or user:\n%s", out)
		}
	}
	// Redaction works on a copy: the runtime still needs the real URL.
	if !strings.Contains(c.Chain.RPC, "hunter2pass") || !strings.Contains(c.Agents[0].AgentURI, "agentpass") {
		t.Errorf("Redacted changed the original: %q %q", c.Chain.RPC, c.Agents[0].AgentURI)
	}
}

func TestProblemsRedactURLs(t *testing.T) {
	t.Parallel()
	err := loadErr(t, "chain: {rpc: \"ftp://alice:hunter2pass@rpc.example.org/?apikey=qwertyTOKEN\", chain_id: 1}\nagents: []\nanchoring: {enabled: false}\nidentity: {mode: \"off\"}\n", nil)
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) {
			t.Errorf("problem shows secret %q: %v", s, err)
		}
	}
	if !strings.Contains(err.Error(), `chain.rpc: "ftp://alice:REDACTED@rpc.example.org/?apikey=REDACTED" has scheme "ftp"`) {
		t.Errorf("problem does not name the bad scheme: %v", err)
	}
}
