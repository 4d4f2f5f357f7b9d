package agent

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// Spec is one agent as configured: everything the runtime needs to run it.
type Spec struct {
	Name     string
	Strategy strategies.Strategy
	Brain    Brain
	Mode     Mode
	Interval time.Duration
	// ApprovalTimeout bounds how long an `ask` plan waits; then it is denied.
	ApprovalTimeout time.Duration
	// ApprovalTTL is how old an approved plan may be when it is sent; an
	// older one is refused and planned again (default 30s).
	ApprovalTTL time.Duration
	Policy      *Policy
	// Quote is the token PnL, equity and quote-value caps are expressed in.
	Quote strategies.Token
	// Signer is the agent's own wallet key; it never leaves wallet/.
	Signer *wallet.Signer
	// Assets are the tokens whose balances make up the agent's equity.
	Assets []strategies.Token
	// Native is the chain's wrapped native token (WETH): the native coin the
	// agent pays gas with is valued at its mark. Zero: gas is not valued
	// (the snapshot says so).
	Native strategies.Token
	// NativeMark prices Native (quote base units per whole token) when an
	// observation has no mark for it.
	NativeMark func(ctx context.Context) (*big.Int, error)
}

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

func (s *Spec) validate() error {
	switch {
	case !namePattern.MatchString(s.Name):
		return fmt.Errorf("agent name %q: use 1-32 lowercase letters, digits, - or _, starting with a letter", s.Name)
	case s.Strategy == nil:
		return fmt.Errorf("agent %s: no strategy", s.Name)
	case s.Brain == nil:
		return fmt.Errorf("agent %s: no brain", s.Name)
	case s.Policy == nil:
		return fmt.Errorf("agent %s: no policy (policies are default-deny; configure one)", s.Name)
	case s.Signer == nil:
		return fmt.Errorf("agent %s: no wallet", s.Name)
	case s.Interval <= 0:
		return fmt.Errorf("agent %s: interval must be positive", s.Name)
	}
	if _, err := ParseMode(string(s.Mode)); err != nil {
		return fmt.Errorf("agent %s: %w", s.Name, err)
	}
	return nil
}

// Status is an agent's life-cycle state.
type Status string

// Statuses.
const (
	StatusStarting Status = "starting"
	StatusRunning  Status = "running"
	StatusPaused   Status = "paused"
	StatusBackoff  Status = "backoff"
	// StatusStuck: the agent ticks but has not acted for many ticks in a
	// row because its plans were denied or failed; Reason says why.
	StatusStuck   Status = "stuck"
	StatusStopped Status = "stopped"
)

// Snapshot is a consistent view of one agent for observers.
type Snapshot struct {
	Name, Strategy, Model string
	Brain                 string // what decides now, and why when it is the fallback
	Mode                  Mode
	Status                Status
	Reason                string // why paused or backing off
	Wallet                common.Address
	Quote                 string
	Equity, Peak, PnL     string // decimal quote units; "" until known
	// Realized and Unrealized split PnL (decimal quote units).
	Realized, Unrealized string
	// Flows is the net external inflow since the baseline (deposits less
	// transfers out, decimal quote units), which PnL leaves out.
	Flows string
	// Holdings are the agent's positions in human units with their value.
	Holdings []Holding
	// ValueErr says what could not be valued (no mark); PnL is then stale.
	ValueErr string
	// Streak counts consecutive ticks that ended denied or failed.
	Streak        uint64
	LastDecision  time.Time
	LastAction    string
	LastOutcome   store.Outcome
	Decisions     uint64
	Ticks, Missed uint64
	// Anchoring: the last record confirmed on-chain, how many records are
	// not yet (the lag), and the last anchoring failure.
	AnchoredSeq, AnchorLag uint64
	AnchorErr              string
}

// Holding is one position of an agent, for people.
type Holding struct {
	Symbol string
	Amount string // decimal, trimmed to the token's decimals
	Value  string // decimal quote units; "" when it has no mark
}

// state is an agent's mutable run state, guarded by mu.
type state struct {
	mu       sync.Mutex
	spec     Spec
	tx       *wallet.Transactor
	status   Status
	reason   string
	paused   bool
	wake     chan struct{}
	snapshot Snapshot
	peak     *big.Rat
	// baselines are the stored PnL baselines by book (paper or live);
	// pnl is the last exact PnL.
	baselines map[bool]store.Baseline
	books     map[bool]*store.Book // cost basis since the baseline, by book
	flows     map[bool]*flowState  // external flows since the baseline, by book
	pnl       *big.Rat
	// streak counts ticks in a row that ended denied or failed, the last
	// one for streakWhy; modelDown is whether the brain last fell back.
	streak    uint64
	streakWhy string
	modelDown bool
	inflight  []*inflight // decisions whose transactions' fate is unknown; the loop's own (unknown.go)
	// signsUnknown: a posted order's fate is unknown; the loop looks its
	// decision up on the venue before each tick (sign.go).
	signsUnknown bool
	paper        *paperLedger // the virtual orders of a PaperMatcher (paperfills.go)
}

func (s *state) snap() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.snapshot
	out.Mode, out.Status, out.Reason = s.spec.Mode, s.status, s.reason
	return out
}

func (s *state) mode() Mode {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.spec.Mode
}

func (s *state) setStatus(st Status, reason string) {
	s.mu.Lock()
	s.status, s.reason = st, reason
	s.mu.Unlock()
}

func (s *state) isPaused() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused
}

// pauseReason is why the agent is paused ("" when it is not).
func (s *state) pauseReason() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.paused {
		return ""
	}
	if s.reason == "" {
		return "paused"
	}
	return s.reason
}

// kick wakes the loop (resume, stop) without blocking.
func (s *state) kick() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
