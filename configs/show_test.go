package configs

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestShowRoundTrips(t *testing.T) {
	t.Parallel()
	c, err := Load(LoadOptions{LookupEnv: noEnv})
	if err != nil {
		t.Fatal(err)
	}
	y, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	// What config show prints is itself a valid config file with the same result.
	back := loadString(t, string(y), nil)
	y2, _ := back.YAML()
	if string(y) != string(y2) {
		t.Errorf("YAML does not round-trip:\n%s\n---\n%s", y, y2)
	}

	j, err := c.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Chain struct {
			ChainID        uint64 `json:"chain_id"`
			MaxFeeGwei     string `json:"max_fee_gwei"`
			ReceiptTimeout string `json:"receipt_timeout"`
		} `json:"chain"`
		Agents []struct {
			Name     string            `json:"name"`
			Interval string            `json:"interval"`
			Params   map[string]any    `json:"params"`
			Fund     map[string]string `json:"fund"`
		} `json:"agents"`
		Metrics struct {
			Enabled bool `json:"enabled"`
		} `json:"metrics"`
	}
	if err := json.Unmarshal(j, &doc); err != nil {
		t.Fatalf("JSON does not parse: %v\n%s", err, j)
	}
	if doc.Chain.ChainID != 1337 || doc.Chain.MaxFeeGwei != "200" || doc.Chain.ReceiptTimeout != "2m0s" || !doc.Metrics.Enabled ||
		len(doc.Agents) != 4 || doc.Agents[0].Interval != "2s" || doc.Agents[0].Fund["USDC"] != "20000" ||
		doc.Agents[0].Params["lookback"] != float64(5) || doc.Agents[0].Params["max_trade"] != "1000" {
		t.Errorf("JSON = %s", j)
	}
	// Keys keep the YAML order: sections as in the file, not sorted.
	if strings.Index(string(j), `"chain"`) > strings.Index(string(j), `"models"`) ||
		strings.Index(string(j), `"models"`) > strings.Index(string(j), `"agents"`) {
		t.Errorf("JSON sections out of order:\n%s", j)
	}
}

func TestWriteJSONScalars(t *testing.T) {
	t.Parallel()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("a: ~\nb: yes\nc: true\nd: 0x10\ne: 1.5\nf: .inf\ng: \"text\"\nh: [1, two]\ni: &x {k: v}\nj: *x\n"), &n); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeJSON(&b, &n); err != nil {
		t.Fatal(err)
	}
	want := `{"a":null,"b":"yes","c":true,"d":16,"e":1.5,"f":".inf","g":"text","h":[1,"two"],"i":{"k":"v"},"j":{"k":"v"}}`
	if b.String() != want {
		t.Errorf("writeJSON =\n%s\nwant\n%s", b.String(), want)
	}
}

// A configured "0" is shown; an unset amount is left out.
func TestShowKeepsZeroAmounts(t *testing.T) {
	t.Parallel()
	c := loadString(t, "agents:\n  - {name: a, strategy: dex.momentum, mode: paper, policy: {max_daily_quote: \"0\"}}\n", nil)
	y, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(y), `max_daily_quote: "0"`) || strings.Contains(string(y), "max_trade_quote") {
		t.Errorf("YAML:\n%s", y)
	}
}
