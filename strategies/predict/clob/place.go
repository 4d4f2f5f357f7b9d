package clob

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Intent states in a Journal.
const (
	IntentPending   = "pending"   // recorded; the CLOB may or may not have it
	IntentPosted    = "posted"    // the CLOB has it
	IntentRejected  = "rejected"  // the CLOB refused it for good
	IntentAbandoned = "abandoned" // too old to post after a restart; decide anew
)

// Intent is one signed order the client means to post, recorded before the
// first attempt so a restart can find out what became of it.
type Intent struct {
	OrderID string          `json:"order_id"` // the order's EIP-712 hash
	TokenID string          `json:"token_id"`
	Request NewOrderRequest `json:"request"`
	State   string          `json:"state"`
	Status  string          `json:"status,omitempty"` // the CLOB's status once posted
	Note    string          `json:"note,omitempty"`
}

// Journal keeps intents durably. Record replaces the intent with the same
// OrderID.
type Journal interface {
	Record(Intent) error
	Pending() ([]Intent, error)
}

// DirJournal keeps one 0600 JSON file per intent in a folder.
type DirJournal struct{ Dir string }

func (j DirJournal) path(id string) (string, error) {
	if len(id) != 66 || !strings.HasPrefix(id, "0x") || strings.ContainsAny(id[2:], "/\\.") {
		return "", fmt.Errorf("journal: %q is not an order hash", id)
	}
	return filepath.Join(j.Dir, strings.ToLower(id)+".json"), nil
}

// Record writes it atomically and syncs it before returning.
func (j DirJournal) Record(it Intent) error {
	p, err := j.path(it.OrderID)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(j.Dir, 0o700); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	b, err := json.Marshal(it)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	tmp, err := os.CreateTemp(j.Dir, ".intent-*")
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(b)
	if err := errors.Join(werr, tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// Pending lists the intents not yet settled.
func (j DirJournal) Pending() ([]Intent, error) {
	entries, err := os.ReadDir(j.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	var out []Intent
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(j.Dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("journal: %w", err)
		}
		var it Intent
		if err := json.Unmarshal(b, &it); err != nil {
			return nil, fmt.Errorf("journal %s: damaged: %v", e.Name(), err)
		}
		if it.State == IntentPending {
			out = append(out, it)
		}
	}
	return out, nil
}

// Placed is what became of an order.
type Placed struct {
	OrderID    string
	Status     string // live, matched, delayed, unmatched (or the listed status when reconciled)
	TradeIDs   []string
	Reconciled bool // found on the CLOB by lookup rather than by a reply
	Posts      int  // POST /order requests sent
}

type orderReply struct {
	Success  bool     `json:"success"`
	ErrorMsg string   `json:"errorMsg"`
	OrderID  string   `json:"orderID"`
	Status   string   `json:"status"`
	TradeIDs []string `json:"tradeIDs"`
}

// ErrOutcomeUnknown means the client could not learn whether the CLOB has
// the order; its intent stays pending, and must count against every limit,
// until Resume settles it.
var ErrOutcomeUnknown = errors.New("CLOB order outcome unknown")

// Place posts a signed order so that it reaches the book at most once: the
// intent goes to the journal first (when there is one); a reply of 425,
// 429, 5xx or none at all is followed, after a backoff, by a lookup of the
// order's hash among the account's orders and trades, and the identical
// signed order is sent again only when the CLOB does not have it.
func (c *Client) Place(ctx context.Context, j Journal, s *SignedOrder, ex Exchange, t OrderType, postOnly bool) (Placed, error) {
	c.mu.Lock()
	creds := c.o.Creds
	c.mu.Unlock()
	if creds == nil {
		return Placed{}, errors.New("place order: no API credentials: create or derive them first")
	}
	req, err := s.Request(creds.Key, t, postOnly)
	if err != nil {
		return Placed{}, err
	}
	it := Intent{OrderID: s.Hash(ex).Hex(), TokenID: s.TokenID.String(), Request: req, State: IntentPending}
	if j != nil {
		if err := j.Record(it); err != nil {
			return Placed{}, fmt.Errorf("place order: not posted, the intent could not be recorded: %w", err)
		}
	}
	return c.post(ctx, j, it, false)
}

func (c *Client) post(ctx context.Context, j Journal, it Intent, lookFirst bool) (Placed, error) {
	settle := func(p Placed, state, note string) (Placed, error) {
		if j == nil {
			return p, nil
		}
		it.State, it.Status, it.Note = state, p.Status, note
		if err := j.Record(it); err != nil {
			return p, fmt.Errorf("order %s %s but the journal could not record it: %w", it.OrderID, state, err)
		}
		return p, nil
	}
	posts := 0
	var last error
	for attempt := 0; attempt < c.o.Retry.Attempts; attempt++ {
		if lookFirst || attempt > 0 {
			found, status, err := c.Reconcile(ctx, it.OrderID, it.TokenID)
			if err != nil {
				return Placed{OrderID: it.OrderID, Posts: posts}, fmt.Errorf("%w: %s: lookup failed: %v (last post: %v)", ErrOutcomeUnknown, it.OrderID, err, last)
			}
			if found {
				c.o.Log.Info("order found on the CLOB; not posted again", "order", it.OrderID, "status", status)
				return settle(Placed{OrderID: it.OrderID, Status: status, Reconciled: true, Posts: posts}, IntentPosted, "")
			}
		}
		var r orderReply
		posts++
		wait, err := c.once(ctx, call{method: "POST", path: "/order", body: it.Request, auth: l2Auth}, mustJSON(it.Request), &r)
		if err == nil && !r.Success {
			err = &APIError{Route: "POST /order", Status: http.StatusOK, Message: r.ErrorMsg}
		}
		if err == nil {
			if r.OrderID != "" && !strings.EqualFold(r.OrderID, it.OrderID) {
				c.o.Log.Warn("CLOB order ID differs from the signed hash", "order", it.OrderID, "clob", r.OrderID)
			}
			return settle(Placed{OrderID: it.OrderID, Status: r.Status, TradeIDs: r.TradeIDs, Posts: posts}, IntentPosted, "")
		}
		last = err
		var ae *APIError
		if !errors.As(err, &ae) && !retryable(err) {
			// Not sent, or sent with no reply (rate limiter, cancelled
			// context): the intent stays pending for Resume.
			return Placed{OrderID: it.OrderID, Posts: posts}, fmt.Errorf("%w: %s: %v", ErrOutcomeUnknown, it.OrderID, err)
		}
		if IsRefusal(err, "Duplicated") {
			// The CLOB already holds this exact order (an earlier post whose
			// reply was lost): that is success, not a second order.
			return settle(Placed{OrderID: it.OrderID, Status: "live", Reconciled: true, Posts: posts}, IntentPosted, "")
		}
		if !retryable(err) {
			if IsRefusal(err, "order_version_mismatch") {
				c.mu.Lock()
				c.version = 0 // re-read GET /version before signing again
				c.mu.Unlock()
			}
			p, jerr := settle(Placed{OrderID: it.OrderID, Posts: posts}, IntentRejected, err.Error())
			return p, errors.Join(err, jerr)
		}
		c.o.Log.Warn("posting order failed; will look it up before trying again", "order", it.OrderID, "err", err)
		if werr := c.o.Sleep(ctx, c.backoff(attempt, wait)); werr != nil {
			break
		}
	}
	return Placed{OrderID: it.OrderID, Posts: posts}, fmt.Errorf("%w: %s after %d posts: %v", ErrOutcomeUnknown, it.OrderID, posts, last)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // NewOrderRequest always marshals
	}
	return b
}

// Reconcile looks for an order on the CLOB by its hash: the order itself,
// then the open orders, then the token's trades (a filled order is no
// longer open). found is false only when all three say nothing.
func (c *Client) Reconcile(ctx context.Context, orderID, tokenID string) (found bool, status string, err error) {
	o, err := c.Order(ctx, orderID)
	var ae *APIError
	switch {
	case err == nil && strings.EqualFold(o.ID, orderID):
		return true, o.Status, nil
	case err != nil && !(errors.As(err, &ae) && ae.Status == http.StatusNotFound):
		return false, "", err
	}
	open, err := c.OpenOrders(ctx, orderID, "", "")
	if err != nil {
		return false, "", err
	}
	for _, o := range open {
		if strings.EqualFold(o.ID, orderID) {
			return true, o.Status, nil
		}
	}
	trades, err := c.Trades(ctx, "", tokenID, "")
	if err != nil {
		return false, "", err
	}
	for _, t := range trades {
		if strings.EqualFold(t.TakerOrderID, orderID) {
			return true, "MATCHED", nil
		}
		for _, m := range t.MakerOrders {
			if strings.EqualFold(m.OrderID, orderID) {
				return true, "MATCHED", nil
			}
		}
	}
	return false, "", nil
}

// Resume settles the journal's pending intents after a restart: an order
// the CLOB has is marked posted; one it lacks is posted again (the same
// signed bytes) only if it was signed less than maxAge ago, else abandoned
// so the strategy decides afresh rather than acting on a stale price.
func (c *Client) Resume(ctx context.Context, j Journal, maxAge time.Duration) ([]Placed, error) {
	pending, err := j.Pending()
	if err != nil {
		return nil, err
	}
	var out []Placed
	var errs []error
	for _, it := range pending {
		found, status, err := c.Reconcile(ctx, it.OrderID, it.TokenID)
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: %s: %v", ErrOutcomeUnknown, it.OrderID, err))
			continue
		}
		if found {
			it.State, it.Status = IntentPosted, status
			if err := j.Record(it); err != nil {
				errs = append(errs, err)
			}
			out = append(out, Placed{OrderID: it.OrderID, Status: status, Reconciled: true})
			continue
		}
		ms, _ := new(big.Int).SetString(it.Request.Order.Timestamp, 10)
		if ms == nil || c.o.Now().Sub(time.UnixMilli(ms.Int64())) > maxAge {
			it.State, it.Note = IntentAbandoned, "not on the CLOB after a restart and signed too long ago to post"
			if err := j.Record(it); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		// The owner is not signed: a rotated API key posts the same order.
		c.mu.Lock()
		if c.o.Creds != nil {
			it.Request.Owner = c.o.Creds.Key
		}
		c.mu.Unlock()
		p, err := c.post(ctx, j, it, false)
		if err != nil {
			errs = append(errs, err)
		}
		out = append(out, p)
	}
	return out, errors.Join(errs...)
}
