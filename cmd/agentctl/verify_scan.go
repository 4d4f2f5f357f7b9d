package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"
	"github.com/gofrs/flock"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
)

// maxUnaccounted bounds the lines verify prints per agent for anchors the
// database cannot account for; the rest are counted.
const maxUnaccounted = 5

// anchorScan is what reading the agents' anchors from the chain found.
type anchorScan struct {
	from     uint64 // the first block scanned
	byAgent  map[string]agentScan
	failures []string
}

type agentScan struct {
	found   int // Anchored events its wallet sent
	events  []agent.OnChainAnchor
	rowless int // of them, accounted for by the records but not in the anchors table
	bad     []agent.Unaccounted
}

// scanAnchors reads each agent's Anchored events from the chain (from
// anchoring.start_block, in chunks) and checks that the records account for
// every one. It also fails every configured agent that has no records. It
// prints each failure and returns them in the scan. Agents are those with
// records plus the configured ones (only: that one).
func (a *app) scanAnchors(ctx context.Context, db *store.DB, cfg *configs.Config, conn *trustConn, results []store.VerifyResult, only string) (anchorScan, error) {
	s := anchorScan{from: cfg.Anchoring.StartBlock, byAgent: map[string]agentScan{}}
	fail := func(msg string) {
		fmt.Fprintln(a.stdout, msg)
		s.failures = append(s.failures, msg)
	}
	recorded := map[string]bool{}
	var names []string
	for _, r := range results {
		names = append(names, r.Agent)
		recorded[r.Agent] = r.Checked > 0 || r.Last.Seq > 0 || !r.OK()
	}
	for _, ac := range cfg.Agents {
		if _, seen := recorded[ac.Name]; !seen && (only == "" || ac.Name == only) {
			names = append(names, ac.Name)
			recorded[ac.Name] = false
		}
	}
	// Agents sharing a wallet share its events: any of them may account
	// for one.
	var senders []common.Address
	groups := map[common.Address][]string{}
	erased := map[string]common.Address{}
	for _, name := range names {
		var sender common.Address
		if conn != nil && conn.targets.Anchor != (common.Address{}) {
			if addr, err := a.agentSender(cfg, name); err == nil {
				sender = addr
			}
		}
		if !recorded[name] {
			erased[name] = sender
		}
		if sender == (common.Address{}) {
			continue
		}
		if _, ok := groups[sender]; !ok {
			senders = append(senders, sender)
		}
		if recorded[name] {
			groups[sender] = append(groups[sender], name)
		} else if groups[sender] == nil {
			groups[sender] = []string{}
		}
	}
	events := map[common.Address][]agent.OnChainAnchor{}
	for _, sender := range senders {
		found, err := agent.ScanAnchors(ctx, conn.client.Backend(), conn.targets.Anchor, sender, s.from, 0)
		if err != nil {
			return s, err
		}
		events[sender] = found
		group := groups[sender]
		if len(group) == 0 {
			continue // only erased agents use this wallet: reported below
		}
		bad, rowless, err := agent.AccountAnchors(ctx, db, group, found)
		if err != nil {
			return s, err
		}
		for _, name := range group {
			as := agentScan{found: len(found), events: found, rowless: rowless}
			for _, u := range bad {
				if u.Agent == name {
					as.bad = append(as.bad, u)
				}
			}
			s.byAgent[name] = as
			for i, u := range as.bad {
				if i == maxUnaccounted {
					fail(fmt.Sprintf("agent %s: %d more on-chain anchors (up to seq %d, block %d) the database does not account for",
						name, len(as.bad)-i, as.bad[len(as.bad)-1].LastSeq, as.bad[len(as.bad)-1].Block))
					break
				}
				fail(u.Error())
			}
		}
	}
	live := -1 // the pid of a runtime running on the home now; 0: none; -1: not asked yet
	for _, name := range names {
		sender, ok := erased[name]
		if !ok {
			continue
		}
		found := events[sender]
		if len(found) == 0 || len(groups[sender]) > 0 {
			if live < 0 {
				live = a.runtimePID()
			}
			if live > 0 {
				// Agents start together and record on their first tick: one
				// beside a running runtime may simply not have ticked yet.
				fmt.Fprintf(a.stdout, "agent %s: no records yet; the runtime running on this home (pid %d) has not recorded one\n", name, live)
				continue
			}
			fail(fmt.Sprintf("agent %s: no records: it is configured but the database holds none of its decisions: its log was erased, "+
				"or it has not run yet (restore the database from a backup, run the agent, or remove it from the configuration)", name))
			continue
		}
		last := found[len(found)-1]
		fail(fmt.Sprintf("agent %s: no records, yet its wallet %s sent %d anchors on-chain (the last: records %d..%d, tx %s, block %d): "+
			"its log was erased from the database; restore it from a backup (a log started afresh on purpose sets anchoring.start_block past block %d)",
			name, sender.Hex(), len(found), last.FirstSeq, last.LastSeq, last.TxHash.Hex(), last.Block, last.Block))
	}
	return s, nil
}

// verifyTrades checks that r's agent's trades are the ones its records list
// and its positions their sums, printing one line when it has any. It
// returns the failure, or "".
func (a *app) verifyTrades(ctx context.Context, db *store.DB, r store.VerifyResult) (string, error) {
	if r.Checked == 0 {
		return "", nil
	}
	tr, err := db.VerifyTrades(ctx, r.Agent)
	if err != nil {
		return "", err
	}
	if !tr.OK() {
		fmt.Fprintln(a.stdout, tr.Err().Error())
		return tr.Err().Error(), nil
	}
	if tr.Checked+tr.Legacy+tr.Positions == 0 {
		return "", nil
	}
	fmt.Fprintf(a.stdout, "agent %s: %d trades match the records that list them, %d positions match the trades", r.Agent, tr.Checked, tr.Positions)
	if tr.Legacy > 0 {
		fmt.Fprintf(a.stdout, "; %d trades were booked before records listed them and are not checked", tr.Legacy)
	}
	fmt.Fprintln(a.stdout)
	return "", nil
}

// runtimePID returns the pid of the runtime running on the home now, or 0
// when none is. It probes the runtime's lock with a shared lock, released
// at once: verify otherwise takes no lock and works beside a runtime.
func (a *app) runtimePID() int {
	path := filepath.Join(a.home, runtimeLockFile)
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	fl := flock.New(path)
	ok, err := fl.TryRLock()
	if ok {
		fl.Unlock()
		return 0
	}
	if err != nil {
		return 0
	}
	h := readHolder(path)
	switch {
	case h.brief:
		return 0 // another command reading the home's chain, not a runtime
	case h.pid > 0:
		return h.pid
	}
	return 1
}
