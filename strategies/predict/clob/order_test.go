package clob_test

import (
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

type orderCase struct {
	version   int
	negRisk   bool
	tick      clob.TickSize
	sigType   clob.SignatureType
	side      clob.Side
	price     string
	size      string
	market    bool
	orderType clob.OrderType
	postOnly  bool
	expires   int64
	metadata  string
	builder   string
}

func orderCases() []orderCase {
	var cs []orderCase
	// Prices on the grid, between ticks (rounded half up) and sizes with more
	// than two decimals (rounded down), for every tick size.
	prices := map[clob.TickSize][]string{
		"0.1":    {"0.1", "0.5", "0.9", "0.35"},
		"0.01":   {"0.01", "0.57", "0.99", "0.565", "0.333"},
		"0.005":  {"0.005", "0.125", "0.995", "0.4275"},
		"0.0025": {"0.0025", "0.3375", "0.9975", "0.12345"},
		"0.001":  {"0.001", "0.421", "0.999", "0.7777"},
		"0.0001": {"0.0001", "0.1234", "0.9999", "0.55555"},
	}
	sizes := []string{"19.99", "100", "7.123", "0.5", "1234.56"}
	i := 0
	for _, tick := range clob.TickSizes() {
		for _, p := range prices[tick] {
			for _, sz := range sizes {
				c := orderCase{
					version: 2 + i%2, negRisk: i%3 == 0, tick: tick,
					sigType: clob.SignatureType(i % 4), side: clob.Side((i / 4) % 2),
					price: p, size: sz, orderType: clob.GTC, postOnly: i%5 == 0,
				}
				if i%7 == 0 {
					c.orderType, c.expires = clob.GTD, 1767312000
				}
				if i%6 == 1 {
					c.metadata = "0x" + fmt.Sprintf("%064x", i*7919)
					c.builder = "0x" + fmt.Sprintf("%064x", i*104729)
				}
				cs = append(cs, c)
				i++
			}
		}
	}
	// Random prices and sizes with more decimals than any tick keeps, so
	// every rounding path (half-up prices, floored sizes, the amount fix)
	// meets the client's float arithmetic.
	r := rand.New(rand.NewPCG(7, 11))
	for k := range 240 {
		tick := clob.TickSizes()[k%6]
		tk, _ := new(big.Rat).SetString(string(tick))
		var price *big.Rat
		for price == nil || price.Cmp(tk) < 0 || price.Cmp(new(big.Rat).Sub(big.NewRat(1, 1), tk)) > 0 {
			price = big.NewRat(1+r.Int64N(99999), 100000)
		}
		scale := []int64{1, 10, 100, 1000, 10000}[r.IntN(5)]
		size := big.NewRat(1+r.Int64N(100_000*scale), scale) // up to 100k tokens: see TestHugeOrdersStayExact
		cs = append(cs, orderCase{version: 2 + k%2, negRisk: k%5 == 0, tick: tick, sigType: clob.SignatureType(k % 4),
			side: clob.Side(k / 2 % 2), price: price.FloatString(5), size: trimZeros(size.FloatString(4)),
			market: k%3 == 0, orderType: []clob.OrderType{clob.FOK, clob.GTC, clob.FAK}[k%3]})
	}
	// Marketable orders: BUY amounts are collateral, SELL amounts tokens.
	for j, m := range []struct {
		tick          clob.TickSize
		price, amount string
	}{{"0.01", "0.33", "10"}, {"0.01", "0.57", "19.99"}, {"0.001", "0.333", "7"}, {"0.1", "0.3", "0.3"}, {"0.0001", "0.0007", "3.5"}, {"0.005", "0.995", "250.255"}} {
		for _, side := range []clob.Side{clob.Buy, clob.Sell} {
			t := clob.FOK
			if j%2 == 1 {
				t = clob.FAK
			}
			cs = append(cs, orderCase{version: 2 + j%2, negRisk: j%2 == 0, tick: m.tick, sigType: clob.SignatureType(j % 4), side: side,
				price: m.price, size: m.amount, market: true, orderType: t})
		}
	}
	return cs
}

// TestOrdersMatchOfficialClient signs a table of orders covering every
// signature type, side, exchange (V2 standard, V2 neg-risk, V3), tick size
// and order type with our code and with the official TypeScript client, and
// requires the same amounts, order hash, signature and POST /order body.
func TestOrdersMatchOfficialClient(t *testing.T) {
	t.Parallel()
	key, keyHex := testSigner(t, "maker")
	funder := common.HexToAddress("0x9a8b7c6d5e4f30211203f4e5d6c7b8a990817263")
	const owner = "3f1c2d4e-5a6b-4c7d-8e9f-a0b1c2d3e4f5"
	cases := orderCases()
	var js []map[string]any
	for i, c := range cases {
		m := map[string]any{
			"kind": "order", "key": keyHex, "chainId": clob.Polygon, "version": c.version, "negRisk": c.negRisk,
			"tickSize": string(c.tick), "signatureType": int(c.sigType), "tokenID": tokenID(i).String(),
			"side": c.side.String(), "price": c.price, "size": c.size, "market": c.market,
			"salt": 1000003 * (i + 1), "timestamp": 1767225600000 + int64(i)*1013,
			"owner": owner, "orderType": string(c.orderType), "postOnly": c.postOnly,
		}
		if c.sigType != clob.EOA {
			m["funder"] = funder.Hex()
		}
		if c.expires != 0 {
			m["expiration"] = c.expires
		}
		if c.metadata != "" {
			m["metadata"], m["builder"] = c.metadata, c.builder
		}
		js = append(js, m)
	}
	res := runOfficial(t, js)
	for i, c := range cases {
		name := fmt.Sprintf("%d/v%d/negRisk=%v/%s/%s/%s/%s@%s", i, c.version, c.negRisk, c.sigType, c.side, c.tick, c.size, c.price)
		var want struct {
			Order struct{ MakerAmount, TakerAmount, Signature string }
			Hash  string
			Body  string
			Error string
		}
		if err := json.Unmarshal(res[i], &want); err != nil || want.Error != "" {
			t.Fatalf("%s: official client: %v %s", name, err, want.Error)
		}
		args := clob.OrderArgs{
			TokenID: tokenID(i), Side: c.side, Price: rat(t, c.price), Size: rat(t, c.size), Market: c.market, Tick: c.tick,
			SignatureType: c.sigType, Salt: big.NewInt(int64(1000003 * (i + 1))),
			Timestamp: time.UnixMilli(1767225600000 + int64(i)*1013),
		}
		if c.sigType != clob.EOA {
			args.Funder = funder
		}
		if c.expires != 0 {
			args.Expiration = big.NewInt(c.expires)
		}
		if c.metadata != "" {
			args.Metadata, args.Builder = common.HexToHash(c.metadata), common.HexToHash(c.builder)
		}
		o, err := clob.Build(args, key.Address())
		if err != nil {
			t.Fatalf("%s: build: %v", name, err)
		}
		ex, err := clob.ExchangeFor(clob.Polygon, c.version, c.negRisk)
		if err != nil {
			t.Fatal(err)
		}
		s, err := clob.Sign(o, ex, key)
		if err != nil {
			t.Fatalf("%s: sign: %v", name, err)
		}
		if o.MakerAmount.String() != want.Order.MakerAmount || o.TakerAmount.String() != want.Order.TakerAmount {
			t.Errorf("%s: amounts maker %s taker %s, official client %s %s", name, o.MakerAmount, o.TakerAmount, want.Order.MakerAmount, want.Order.TakerAmount)
		}
		if h := s.Hash(ex).Hex(); h != want.Hash {
			t.Errorf("%s: order hash %s, official client %s", name, h, want.Hash)
		}
		if sig := hexutil.Encode(s.Signature); sig != want.Order.Signature {
			t.Errorf("%s: signature\n%s\nofficial client\n%s", name, sig, want.Order.Signature)
		}
		req, err := s.Request(owner, c.orderType, c.postOnly)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		body, _ := json.Marshal(req)
		if string(body) != want.Body {
			t.Errorf("%s: POST /order body\n%s\nofficial client\n%s", name, body, want.Body)
		}
		// What we sign, we can read back and verify.
		back, err := req.SignedOrder()
		if err != nil {
			t.Fatalf("%s: read back: %v", name, err)
		}
		if got, err := clob.RecoverSigner(back, ex); err != nil || got != key.Address() {
			t.Errorf("%s: recovered signer %s (%v), want %s", name, got.Hex(), err, key.Address().Hex())
		}
	}
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func tokenID(i int) *big.Int {
	v, _ := new(big.Int).SetString("71321045679252212594626385532706912750332728571942532289631379312455583992563", 10)
	return v.Add(v, big.NewInt(int64(i)))
}

func rat(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("bad number %q", s)
	}
	return r
}

// TestHugeOrdersStayExact: past about a million pUSD on a 6-decimal tick
// the official client's float64 arithmetic loses a unit (814511.4507 pUSD
// becomes 814511.450699, an off-tick price); we keep the exact product.
func TestHugeOrdersStayExact(t *testing.T) {
	t.Parallel()
	_, keyHex := testSigner(t, "whale")
	res := runOfficial(t, []map[string]any{{"kind": "order", "key": keyHex, "chainId": clob.Polygon, "version": 2, "negRisk": false,
		"tickSize": "0.0001", "signatureType": 0, "tokenID": "7", "side": "BUY", "price": "0.16106", "size": "5055937",
		"salt": 1, "timestamp": 1767225600000, "owner": "k", "orderType": "GTC"}})
	var js struct{ Order struct{ MakerAmount string } }
	if err := json.Unmarshal(res[0], &js); err != nil {
		t.Fatal(err)
	}
	am, err := clob.LimitAmounts(clob.Buy, rat(t, "0.1611"), rat(t, "5055937"), "0.0001")
	if err != nil {
		t.Fatal(err)
	}
	exact := new(big.Int).Mul(big.NewInt(5055937), big.NewInt(161100)) // tokens x price in units
	if am.Maker.Cmp(exact) != 0 {
		t.Fatalf("maker amount %s, want the exact %s", am.Maker, exact)
	}
	// The client rounds the price to 0.1611 too, then multiplies in float64.
	switch js.Order.MakerAmount {
	case exact.String():
		t.Logf("the official client now computes %s exactly", exact)
	case new(big.Int).Sub(exact, big.NewInt(1)).String():
	default:
		t.Fatalf("official client's maker amount %s is neither exact (%s) nor one unit short", js.Order.MakerAmount, exact)
	}
}
