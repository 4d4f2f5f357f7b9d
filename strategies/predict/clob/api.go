package clob

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
)

// Cursors of the API's paginated lists.
const (
	FirstCursor = "MA=="
	EndCursor   = "LTE="
)

// Version is the protocol version orders must be signed for (GET /version;
// 2 when the server does not say).
func (c *Client) Version(ctx context.Context) (int, error) {
	var r struct {
		Version *int `json:"version"`
	}
	if err := c.do(ctx, call{method: "GET", path: "/version", retry: true}, &r); err != nil {
		return 0, err
	}
	v := 2
	if r.Version != nil {
		v = *r.Version
	}
	c.mu.Lock()
	c.version = v
	c.mu.Unlock()
	return v, nil
}

// ServerTime is the server's unix time.
func (c *Client) ServerTime(ctx context.Context) (int64, error) {
	var t int64
	err := c.do(ctx, call{method: "GET", path: "/time", retry: true}, &t)
	return t, err
}

type apiKeyReply struct {
	APIKey     string `json:"apiKey"`
	Secret     string `json:"secret"`
	Passphrase string `json:"passphrase"`
}

// CreateAPIKey creates credentials for the signer at nonce (L1).
func (c *Client) CreateAPIKey(ctx context.Context, nonce uint64) (Credentials, error) {
	var r apiKeyReply
	if err := c.do(ctx, call{method: "POST", path: "/auth/api-key", auth: l1Auth, nonce: nonce}, &r); err != nil {
		return Credentials{}, err
	}
	return credsFrom(r, "create")
}

// DeriveAPIKey recovers the credentials made earlier at nonce (L1).
func (c *Client) DeriveAPIKey(ctx context.Context, nonce uint64) (Credentials, error) {
	var r apiKeyReply
	if err := c.do(ctx, call{method: "GET", path: "/auth/derive-api-key", auth: l1Auth, nonce: nonce, retry: true}, &r); err != nil {
		return Credentials{}, err
	}
	return credsFrom(r, "derive")
}

// CreateOrDeriveAPIKey derives the credentials at nonce, creating them
// the first time.
func (c *Client) CreateOrDeriveAPIKey(ctx context.Context, nonce uint64) (Credentials, error) {
	if cr, err := c.DeriveAPIKey(ctx, nonce); err == nil {
		return cr, nil
	}
	return c.CreateAPIKey(ctx, nonce)
}

func credsFrom(r apiKeyReply, what string) (Credentials, error) {
	if r.APIKey == "" || r.Secret == "" || r.Passphrase == "" {
		return Credentials{}, fmt.Errorf("CLOB %s API key: the reply lacks the key, secret or passphrase", what)
	}
	if _, err := decodeSecret(r.Secret); err != nil {
		return Credentials{}, fmt.Errorf("CLOB %s API key: %w", what, err)
	}
	return Credentials{Key: r.APIKey, Secret: r.Secret, Passphrase: r.Passphrase}, nil
}

// Token is one outcome of a market.
type Token struct {
	TokenID string  `json:"token_id"`
	Outcome string  `json:"outcome"`
	Price   float64 `json:"price"` // display only; never used in amounts
	Winner  bool    `json:"winner"`
}

// Market is what GET /markets/{condition_id} says about a market.
type Market struct {
	ConditionID     string      `json:"condition_id"`
	Question        string      `json:"question"`
	Tokens          []Token     `json:"tokens"`
	MinimumTickSize json.Number `json:"minimum_tick_size"`
	MinimumOrder    json.Number `json:"minimum_order_size"`
	NegRisk         bool        `json:"neg_risk"`
	Active          bool        `json:"active"`
	Closed          bool        `json:"closed"`
	AcceptingOrders bool        `json:"accepting_orders"`
}

// Market fetches one market by condition ID.
func (c *Client) Market(ctx context.Context, conditionID string) (*Market, error) {
	var m Market
	if err := c.do(ctx, call{method: "GET", path: "/markets/" + url.PathEscape(conditionID), retry: true}, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// Markets lists every market the CLOB trades, page by page.
func (c *Client) Markets(ctx context.Context) ([]Market, error) {
	var all []Market
	cursor := FirstCursor
	for range maxPages {
		var p page[Market]
		if err := c.do(ctx, call{method: "GET", path: "/markets", query: url.Values{"next_cursor": {cursor}}, retry: true}, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Data...)
		if p.NextCursor == "" || p.NextCursor == EndCursor || p.NextCursor == cursor {
			return all, nil
		}
		cursor = p.NextCursor
	}
	return nil, fmt.Errorf("CLOB GET /markets: more than %d pages", maxPages)
}

// Level is one price level of a book, as the API writes it.
type Level struct {
	Price string `json:"price"`
	Size  string `json:"size"`
}

// Book is GET /book's order book summary for one token.
type Book struct {
	Market         string  `json:"market"`
	AssetID        string  `json:"asset_id"`
	Timestamp      string  `json:"timestamp"`
	Bids           []Level `json:"bids"`
	Asks           []Level `json:"asks"`
	MinOrderSize   string  `json:"min_order_size"`
	TickSize       string  `json:"tick_size"`
	NegRisk        bool    `json:"neg_risk"`
	Hash           string  `json:"hash"`
	LastTradePrice string  `json:"last_trade_price"`
}

// Book fetches the order book of a token.
func (c *Client) Book(ctx context.Context, tokenID *big.Int) (*Book, error) {
	var b Book
	q := url.Values{"token_id": {tokenID.String()}}
	if err := c.do(ctx, call{method: "GET", path: "/book", query: q, retry: true}, &b); err != nil {
		return nil, err
	}
	return &b, nil
}

// TickSize is the token's minimum tick (cached).
func (c *Client) TickSize(ctx context.Context, tokenID *big.Int) (TickSize, error) {
	id := tokenID.String()
	c.mu.Lock()
	t, ok := c.ticks[id]
	c.mu.Unlock()
	if ok {
		return t, nil
	}
	var r struct {
		Tick json.Number `json:"minimum_tick_size"`
	}
	if err := c.do(ctx, call{method: "GET", path: "/tick-size", query: url.Values{"token_id": {id}}, retry: true}, &r); err != nil {
		return "", err
	}
	t = TickSize(r.Tick.String())
	if _, err := t.Rat(); err != nil {
		return "", fmt.Errorf("CLOB tick size for token %s: %w", id, err)
	}
	c.mu.Lock()
	c.ticks[id] = t
	c.mu.Unlock()
	return t, nil
}

// NegRisk says whether the token trades on the neg-risk exchange (cached).
func (c *Client) NegRisk(ctx context.Context, tokenID *big.Int) (bool, error) {
	id := tokenID.String()
	c.mu.Lock()
	v, ok := c.negRisk[id]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	var r struct {
		NegRisk bool `json:"neg_risk"`
	}
	if err := c.do(ctx, call{method: "GET", path: "/neg-risk", query: url.Values{"token_id": {id}}, retry: true}, &r); err != nil {
		return false, err
	}
	c.mu.Lock()
	c.negRisk[id] = r.NegRisk
	c.mu.Unlock()
	return r.NegRisk, nil
}

// Exchange is the domain an order for tokenID must be signed for now.
func (c *Client) Exchange(ctx context.Context, tokenID *big.Int) (Exchange, error) {
	c.mu.Lock()
	v := c.version
	c.mu.Unlock()
	if v == 0 {
		var err error
		if v, err = c.Version(ctx); err != nil {
			return Exchange{}, err
		}
	}
	nr, err := c.NegRisk(ctx, tokenID)
	if err != nil {
		return Exchange{}, err
	}
	return ExchangeFor(c.o.ChainID, v, nr)
}

// SignOrder fills in the market's tick (refusing a finer one than the
// market allows), builds args for the configured funder and signature type
// and signs it for the market's exchange.
func (c *Client) SignOrder(ctx context.Context, args OrderArgs) (*SignedOrder, Exchange, error) {
	if c.o.Signer == nil {
		return nil, Exchange{}, fmt.Errorf("sign order: no signing key")
	}
	minTick, err := c.TickSize(ctx, args.TokenID)
	if err != nil {
		return nil, Exchange{}, err
	}
	if args.Tick == "" {
		args.Tick = minTick
	}
	tr, err := args.Tick.Rat()
	if err != nil {
		return nil, Exchange{}, err
	}
	if mr, _ := minTick.Rat(); tr.Cmp(mr) < 0 {
		return nil, Exchange{}, fmt.Errorf("tick size %s is finer than the market's minimum %s", args.Tick, minTick)
	}
	ex, err := c.Exchange(ctx, args.TokenID)
	if err != nil {
		return nil, Exchange{}, err
	}
	if args.Funder != (common.Address{}) && args.Funder != c.o.Funder {
		return nil, Exchange{}, fmt.Errorf("sign order: funder %s is not this client's funder %s", args.Funder.Hex(), c.o.Funder.Hex())
	}
	args.Funder, args.SignatureType = c.o.Funder, c.o.SignatureType
	o, err := Build(args, c.o.Signer.Address())
	if err != nil {
		return nil, Exchange{}, err
	}
	s, err := Sign(o, ex, c.o.Signer)
	return s, ex, err
}

// OpenOrder is an order as GET /data/orders lists it.
type OpenOrder struct {
	ID              string   `json:"id"`
	Status          string   `json:"status"`
	Owner           string   `json:"owner"`
	MakerAddress    string   `json:"maker_address"`
	Market          string   `json:"market"`
	AssetID         string   `json:"asset_id"`
	Side            string   `json:"side"`
	OriginalSize    string   `json:"original_size"`
	SizeMatched     string   `json:"size_matched"`
	Price           string   `json:"price"`
	AssociateTrades []string `json:"associate_trades"`
	Outcome         string   `json:"outcome"`
	CreatedAt       int64    `json:"created_at"`
	Expiration      string   `json:"expiration"`
	OrderType       string   `json:"order_type"`
}

type page[T any] struct {
	Data       []T    `json:"data"`
	NextCursor string `json:"next_cursor"`
}

// maxPages bounds a listing so a server that never ends its cursor cannot
// keep the client reading.
const maxPages = 1000

func list[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, error) {
	var all []T
	cursor := FirstCursor
	for range maxPages {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		qq.Set("next_cursor", cursor)
		var p page[T]
		if err := c.do(ctx, call{method: "GET", path: path, query: qq, auth: l2Auth, retry: true}, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Data...)
		if p.NextCursor == "" || p.NextCursor == EndCursor || p.NextCursor == cursor {
			return all, nil
		}
		cursor = p.NextCursor
	}
	return nil, fmt.Errorf("CLOB GET %s: more than %d pages", path, maxPages)
}

// OpenOrders lists the account's open orders, filtered by order ID,
// market (condition ID) or asset (token ID) when given.
func (c *Client) OpenOrders(ctx context.Context, id, market, assetID string) ([]OpenOrder, error) {
	return list[OpenOrder](ctx, c, "/data/orders", filters("id", id, "market", market, "asset_id", assetID))
}

// Order fetches one of the account's orders by ID, whatever its status.
func (c *Client) Order(ctx context.Context, orderID string) (*OpenOrder, error) {
	var o OpenOrder
	if err := c.do(ctx, call{method: "GET", path: "/data/order/" + url.PathEscape(orderID), auth: l2Auth, retry: true}, &o); err != nil {
		return nil, err
	}
	if o.ID == "" {
		return nil, &APIError{Route: "GET /data/order/{id}", Status: http.StatusNotFound, Message: "order not found"}
	}
	return &o, nil
}

// MakerOrder is a resting order a trade filled.
type MakerOrder struct {
	OrderID       string `json:"order_id"`
	Owner         string `json:"owner"`
	MakerAddress  string `json:"maker_address"`
	MatchedAmount string `json:"matched_amount"`
	Price         string `json:"price"`
	AssetID       string `json:"asset_id"`
	Outcome       string `json:"outcome"`
	Side          string `json:"side"`
}

// Trade is a fill as GET /data/trades lists it.
type Trade struct {
	ID              string       `json:"id"`
	TakerOrderID    string       `json:"taker_order_id"`
	Market          string       `json:"market"`
	AssetID         string       `json:"asset_id"`
	Side            string       `json:"side"`
	Size            string       `json:"size"`
	Price           string       `json:"price"`
	Status          string       `json:"status"`
	MatchTime       string       `json:"match_time"`
	Owner           string       `json:"owner"`
	MakerAddress    string       `json:"maker_address"`
	MakerOrders     []MakerOrder `json:"maker_orders"`
	TransactionHash string       `json:"transaction_hash"`
	TraderSide      string       `json:"trader_side"`
}

// Trades lists the account's trades, filtered when given.
func (c *Client) Trades(ctx context.Context, market, assetID, after string) ([]Trade, error) {
	return list[Trade](ctx, c, "/data/trades", filters("market", market, "asset_id", assetID, "after", after))
}

func filters(kv ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	return q
}

// CancelReply says which orders a cancel removed and why others were not.
type CancelReply struct {
	Canceled    []string          `json:"canceled"`
	NotCanceled map[string]string `json:"not_canceled"`
}

// Cancel cancels one order.
func (c *Client) Cancel(ctx context.Context, orderID string) (CancelReply, error) {
	var r CancelReply
	err := c.do(ctx, call{method: "DELETE", path: "/order", body: map[string]string{"orderID": orderID}, auth: l2Auth, retry: true}, &r)
	return r, err
}

// CancelOrders cancels several orders.
func (c *Client) CancelOrders(ctx context.Context, orderIDs []string) (CancelReply, error) {
	var r CancelReply
	err := c.do(ctx, call{method: "DELETE", path: "/orders", body: orderIDs, auth: l2Auth, retry: true}, &r)
	return r, err
}

// CancelAll cancels every open order of the account.
func (c *Client) CancelAll(ctx context.Context) (CancelReply, error) {
	var r CancelReply
	err := c.do(ctx, call{method: "DELETE", path: "/cancel-all", auth: l2Auth, retry: true}, &r)
	return r, err
}

// Balance is an account's balance of collateral or one outcome token and
// the exchange allowances on it, in base units.
type Balance struct {
	Balance    *big.Int
	Allowances map[string]*big.Int // spender -> allowance
}

// BalanceAllowance reads the CLOB's view of the funder's balance: of pUSD
// (tokenID nil) or of an outcome token.
func (c *Client) BalanceAllowance(ctx context.Context, tokenID *big.Int) (Balance, error) {
	var r struct {
		Balance    string            `json:"balance"`
		Allowances map[string]string `json:"allowances"`
	}
	if err := c.do(ctx, call{method: "GET", path: "/balance-allowance", query: c.assetQuery(tokenID), auth: l2Auth, retry: true}, &r); err != nil {
		return Balance{}, err
	}
	b := Balance{Allowances: map[string]*big.Int{}}
	var ok bool
	if b.Balance, ok = new(big.Int).SetString(r.Balance, 10); !ok {
		return Balance{}, fmt.Errorf("CLOB balance %q is not an integer", r.Balance)
	}
	for k, v := range r.Allowances {
		a, ok := new(big.Int).SetString(v, 10)
		if !ok {
			return Balance{}, fmt.Errorf("CLOB allowance %q for %s is not an integer", v, k)
		}
		b.Allowances[k] = a
	}
	return b, nil
}

// UpdateBalanceAllowance asks the CLOB to re-read the chain (after a
// deposit, wrap or approval).
func (c *Client) UpdateBalanceAllowance(ctx context.Context, tokenID *big.Int) error {
	return c.do(ctx, call{method: "GET", path: "/balance-allowance/update", query: c.assetQuery(tokenID), auth: l2Auth, retry: true}, nil)
}

func (c *Client) assetQuery(tokenID *big.Int) url.Values {
	q := url.Values{"asset_type": {"COLLATERAL"}, "signature_type": {strconv.Itoa(int(c.o.SignatureType))}}
	if tokenID != nil {
		q.Set("asset_type", "CONDITIONAL")
		q.Set("token_id", tokenID.String())
	}
	return q
}

// Heartbeat keeps the session's orders alive: once heartbeats start, the
// CLOB cancels every open order of the account when they stop. It returns
// the heartbeat ID to send next time ("" the first time).
func (c *Client) Heartbeat(ctx context.Context, id string) (string, error) {
	var r struct {
		HeartbeatID string `json:"heartbeat_id"`
	}
	err := c.do(ctx, call{method: "POST", path: "/v1/heartbeats", body: map[string]string{"heartbeat_id": id}, auth: l2Auth, retry: true}, &r)
	return r.HeartbeatID, err
}
