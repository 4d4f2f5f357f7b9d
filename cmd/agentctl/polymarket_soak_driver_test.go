package main

import (
	"fmt"
	"math/big"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
)

// flakyProxy stands between the agent and the test CLOB; while down it
// drops every connection, as an unreachable CLOB would.
type flakyProxy struct {
	URL  string
	down atomic.Bool
}

func newFlakyProxy(t *testing.T, target string) *flakyProxy {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &flakyProxy{}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ErrorLog = nil
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.down.Load() {
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					if tc, ok := c.(*net.TCPConn); ok {
						_ = tc.SetLinger(0) // a reset, not a polite close
					}
					c.Close()
					return
				}
			}
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	p.URL = hs.URL
	return p
}

// soakDriver makes the session messy: the house moves the book and takes
// the agent's orders, settlement is held then mined or failed, the CLOB
// answers 425, 429 and 500 (some after doing the work) and goes away.
type soakDriver struct {
	t      *testing.T
	srv    *clobtest.Server
	proxy  *flakyProxy
	addr   common.Address
	cap    *big.Int
	rnd    *rand.Rand
	faults map[string]int
	peak   *big.Int
	steps  int
	// lastOutage spaces the outages: a CLOB down most of the time is
	// another test.
	lastOutage time.Time
}

// drive acts every 300 ms until the deadline, checking the signed
// collateral against the daily cap after every step.
func (d *soakDriver) drive(until time.Time) {
	for time.Now().Before(until) {
		d.step()
		d.steps++
		d.checkSpend(fmt.Sprintf("at driver step %d", d.steps))
		time.Sleep(300 * time.Millisecond)
	}
	d.proxy.down.Store(false)
}

func (d *soakDriver) price(lo, hi int) string { return fmt.Sprintf("0.%02d", lo+d.rnd.Intn(hi-lo+1)) }

func (d *soakDriver) step() {
	r := d.rnd.Intn(100)
	switch {
	case r < 18: // the book moves: a new best bid or ask somewhere
		d.srv.AddLiquidity(pmRunYes, clob.Buy, d.price(40, 66), fmt.Sprint(5+d.rnd.Intn(20)))
		d.faults["house bid"]++
	case r < 30:
		d.srv.AddLiquidity(pmRunYes, clob.Sell, d.price(72, 95), fmt.Sprint(5+d.rnd.Intn(20)))
		d.faults["house ask"]++
	case r < 34: // a bid rich enough for the agent to sell into
		d.srv.AddLiquidity(pmRunYes, clob.Buy, d.price(73, 76), fmt.Sprint(2+d.rnd.Intn(6)))
		d.faults["house bid over fair"]++
	case r < 48: // the house sells into the bids: partial or full fills
		if n := len(d.srv.Take(pmRunYes, clob.Sell, d.price(40, 60), fmt.Sprint(1+d.rnd.Intn(15)))); n > 0 {
			d.faults["house take (sell)"]++
		}
	case r < 54: // and buys from the asks
		if n := len(d.srv.Take(pmRunYes, clob.Buy, d.price(75, 99), fmt.Sprint(1+d.rnd.Intn(8)))); n > 0 {
			d.faults["house take (buy)"]++
		}
	case r < 72:
		if d.srv.Mine() > 0 {
			d.faults["settlement mined"]++
		}
		d.srv.Confirm()
	case r < 76:
		if n := d.srv.FailSettlement(); n > 0 {
			d.faults["settlement failed"] += n
		}
	case r < 94 && d.srv.Queued("POST /order")+d.srv.Queued("DELETE /orders") > 0:
		// one burst at a time: faults queued faster than the agent's
		// retries take them would stall it for good, which no CLOB does
	case r < 86:
		f := []clobtest.Fault{{Status: 425}, {Status: 429}, {Status: 500}, {Status: 500, AfterAccept: true}}[d.rnd.Intn(4)]
		d.srv.Fail("POST /order", f)
		d.faults[faultName("POST /order", f)]++
	case r < 94:
		f := []clobtest.Fault{{Status: 429}, {Status: 500}, {Status: 500, AfterAccept: true}}[d.rnd.Intn(3)]
		d.srv.Fail("DELETE /orders", f)
		d.faults[faultName("DELETE /orders", f)]++
	case r < 96 && time.Since(d.lastOutage) > 15*time.Second: // the CLOB is unreachable for a few seconds
		d.lastOutage = time.Now()
		d.proxy.down.Store(true)
		d.faults["CLOB unreachable 3s"]++
		time.Sleep(3 * time.Second)
		d.proxy.down.Store(false)
	}
}

func faultName(route string, f clobtest.Fault) string {
	s := fmt.Sprintf("%s %d", route, f.Status)
	if f.AfterAccept {
		s += " after accept"
	}
	return s
}

// settleAll mines and confirms every match still held.
func (d *soakDriver) settleAll() {
	d.srv.Mine()
	d.srv.Confirm()
}

// checkSpend: the collateral of the agent's buys the CLOB accepted (in
// full while live or filled; a cancelled one for what of it traded and did
// not fail) never exceeds the daily cap. The session is shorter than a
// day, so every order is in the window.
func (d *soakDriver) checkSpend(when string) {
	d.t.Helper()
	trades := d.srv.Trades()
	sum := new(big.Int)
	for _, o := range d.srv.Orders(d.addr) {
		if o.Side != clob.Buy {
			continue
		}
		if o.Status != "CANCELED" {
			sum.Add(sum, o.Collateral)
			continue
		}
		for _, tr := range trades {
			if tr.Status == clobtest.StatusFailed {
				continue
			}
			for _, m := range tr.MakerOrders {
				if strings.EqualFold(m.OrderID, o.ID) || strings.EqualFold(tr.TakerOrderID, o.ID) {
					sz, _ := new(big.Rat).SetString(m.MatchedAmount)
					p, _ := new(big.Rat).SetString(m.Price)
					u := new(big.Rat).Mul(new(big.Rat).Mul(sz, p), big.NewRat(1_000_000, 1))
					sum.Add(sum, new(big.Int).Quo(u.Num(), u.Denom()))
				}
			}
		}
	}
	if d.peak == nil || sum.Cmp(d.peak) > 0 {
		d.peak = sum
	}
	if sum.Cmp(d.cap) > 0 {
		d.t.Errorf("%s the CLOB holds %s pUSD of the agent's signed collateral, over the daily cap of %s", when, dec6(sum), dec6(d.cap))
	}
}
