package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
)

// WatchName is audit.watch's config name.
const WatchName = "audit.watch"

// audit.watch actions.
const (
	ActionReport = "report"
	ActionHold   = "hold"
)

var watchActions = []string{ActionReport, ActionHold}

// WatchBackend is what audit.watch reads from a node. go-ethereum's
// ethclient.Client and the simulated backend's client satisfy it.
type WatchBackend interface {
	BlockNumber(ctx context.Context) (uint64, error)
	BlockByNumber(ctx context.Context, number *big.Int) (*types.Block, error)
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
	CodeAt(ctx context.Context, account common.Address, blockNumber *big.Int) ([]byte, error)
	StorageAt(ctx context.Context, account common.Address, key common.Hash, blockNumber *big.Int) ([]byte, error)
}

// CodeScanner analyses the code deployed at addr as of block, following
// proxies. The bytecode scanner (evm.ScanAddress) is the one wired in; it
// lives in a sub-package of this one, hence the indirection.
type CodeScanner func(ctx context.Context, addr common.Address, block *big.Int) ([]Finding, error)

// WatchParams configure audit.watch.
type WatchParams struct {
	// MaxContractsPerTick bounds the contracts scanned per observation; the
	// rest wait for the next ones.
	MaxContractsPerTick int `yaml:"max_contracts_per_tick" json:"max_contracts_per_tick"`
	// MaxBlocksPerTick bounds the blocks read per observation while
	// catching up.
	MaxBlocksPerTick int `yaml:"max_blocks_per_tick" json:"max_blocks_per_tick"`
	// MinSeverity is the least severity reported: info, low, medium, high.
	MinSeverity string `yaml:"min_severity" json:"min_severity"`
	// LookbackBlocks also scans this many blocks before the head seen at
	// the first observation (0: only blocks after it).
	LookbackBlocks uint64 `yaml:"lookback_blocks" json:"lookback_blocks"`
}

// Bounds of the parameters.
const (
	MaxWatchContracts = 1000
	MaxWatchBlocks    = 10_000
)

// DefaultWatchParams scan up to 20 contracts and 500 blocks a tick and
// report medium findings and above.
func DefaultWatchParams() WatchParams {
	return WatchParams{MaxContractsPerTick: 20, MaxBlocksPerTick: 500, MinSeverity: "medium"}
}

// Validate names the first field that is wrong.
func (p WatchParams) Validate() error {
	switch {
	case p.MaxContractsPerTick < 1 || p.MaxContractsPerTick > MaxWatchContracts:
		return fmt.Errorf("max_contracts_per_tick: %d is outside 1..%d", p.MaxContractsPerTick, MaxWatchContracts)
	case p.MaxBlocksPerTick < 1 || p.MaxBlocksPerTick > MaxWatchBlocks:
		return fmt.Errorf("max_blocks_per_tick: %d is outside 1..%d", p.MaxBlocksPerTick, MaxWatchBlocks)
	case p.LookbackBlocks > MaxWatchBlocks*100:
		return fmt.Errorf("lookback_blocks: %d is above %d", p.LookbackBlocks, MaxWatchBlocks*100)
	}
	if _, err := ParseSeverity(p.MinSeverity); err != nil {
		return fmt.Errorf("min_severity: %w", err)
	}
	return nil
}

var _ strategies.Strategy = (*Watch)(nil)

// Watch is the audit.watch strategy: it finds contracts deployed since its
// last observation (transactions without a recipient and their receipts'
// ContractAddress), runs the bytecode scanner on each, and reports the
// findings as its decision. It never transacts: Plan is always nil.
// Contracts created by other contracts (factories) do not show in
// receipts and need a tracing node; they are not seen.
type Watch struct {
	p       WatchParams
	min     Severity
	backend WatchBackend
	scan    CodeScanner

	started bool
	next    uint64     // first block not read yet
	pending []Creation // found, not scanned yet
}

// Creation is one contract deployment.
type Creation struct {
	Address common.Address `json:"address"`
	Block   uint64         `json:"block"`
	Tx      common.Hash    `json:"tx"`
}

// NewWatch validates p; the chain is first read by Observe.
func NewWatch(b WatchBackend, scan CodeScanner, p WatchParams) (*Watch, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", WatchName, err)
	}
	if b == nil {
		return nil, fmt.Errorf("%s: no chain backend (it needs blocks, receipts and code)", WatchName)
	}
	if scan == nil {
		return nil, fmt.Errorf("%s: no bytecode scanner", WatchName)
	}
	min, _ := ParseSeverity(p.MinSeverity)
	return &Watch{p: p, min: min, backend: b, scan: scan}, nil
}

// Name implements strategies.Strategy.
func (w *Watch) Name() string { return WatchName }

// Params returns the parameters the strategy runs with.
func (w *Watch) Params() WatchParams { return w.p }

// WatchFinding is one finding as Facts and the rules brain's params list it.
type WatchFinding struct {
	Contract common.Address `json:"contract"` // the deployment it was found through
	Address  string         `json:"address"`  // the code analysed (an implementation behind a proxy)
	Detector string         `json:"detector"`
	SWC      string         `json:"swc"`
	Category Category       `json:"category"`
	Severity Severity       `json:"severity"`
	PC       *int           `json:"pc"`
}

// scanned is one contract as Facts list it.
type scanned struct {
	Creation
	Findings int    `json:"findings"`
	Error    string `json:"error,omitempty"`
}

// watchFacts is the canonical observation (fixed field order).
type watchFacts struct {
	Strategy    string         `json:"strategy"`
	Head        uint64         `json:"head"`
	FromBlock   uint64         `json:"fromBlock"`
	ToBlock     uint64         `json:"toBlock"` // fromBlock-1 when no block was read
	MinSeverity Severity       `json:"minSeverity"`
	Contracts   []scanned      `json:"contracts"`
	Findings    []WatchFinding `json:"findings"`
	// Omitted counts findings beyond maxWatchFindings, left out so a
	// record stays small; each contract's count still includes them.
	Omitted int `json:"omitted"`
	Pending int `json:"pending"`
}

// maxWatchFindings bounds the findings one observation lists.
const maxWatchFindings = 1000

// Observe reads the blocks since the last observation, queues their
// contract creations and scans up to MaxContractsPerTick of the queue.
func (w *Watch) Observe(ctx context.Context) (*strategies.Observation, error) {
	if w.backend == nil {
		return nil, fmt.Errorf("%s: %w", WatchName, errNoChain)
	}
	head, err := w.backend.BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: read the block number: %w", WatchName, err)
	}
	if !w.started {
		w.next = head + 1 - min(w.p.LookbackBlocks, head)
		w.started = true
	}
	facts := watchFacts{Strategy: WatchName, Head: head, FromBlock: w.next, ToBlock: w.next - 1, MinSeverity: w.min,
		Contracts: []scanned{}, Findings: []WatchFinding{}}
	var headTime uint64
	maxPending := 4 * w.p.MaxContractsPerTick
	for n := 0; w.next <= head && n < w.p.MaxBlocksPerTick && len(w.pending) < maxPending; n++ {
		block, err := w.backend.BlockByNumber(ctx, new(big.Int).SetUint64(w.next))
		if err != nil {
			return nil, fmt.Errorf("%s: read block %d: %w", WatchName, w.next, err)
		}
		found, err := w.creations(ctx, block)
		if err != nil {
			return nil, err
		}
		w.pending = append(w.pending, found...)
		facts.ToBlock, headTime = w.next, block.Time()
		w.next++
	}
	at := new(big.Int).SetUint64(facts.ToBlock)
	for len(w.pending) > 0 && len(facts.Contracts) < w.p.MaxContractsPerTick {
		c := w.pending[0]
		fs, err := w.scan(ctx, c.Address, at)
		if err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		w.pending = w.pending[1:]
		s := scanned{Creation: c}
		if err != nil {
			// One unreadable contract (destroyed in its own block, a node
			// hiccup) must not stall the queue; the facts say what happened.
			s.Error = clipText(err.Error(), 200)
		}
		for _, f := range fs {
			if f.Severity < w.min {
				continue
			}
			s.Findings++
			if len(facts.Findings) == maxWatchFindings {
				facts.Omitted++
				continue
			}
			facts.Findings = append(facts.Findings, WatchFinding{Contract: c.Address, Address: f.Address, Detector: f.Detector,
				SWC: f.SWC, Category: f.Category, Severity: f.Severity, PC: f.PC})
		}
		facts.Contracts = append(facts.Contracts, s)
	}
	facts.Pending = len(w.pending)
	raw, err := json.Marshal(facts)
	if err != nil {
		return nil, fmt.Errorf("%s: encode facts: %w", WatchName, err)
	}
	obs := &strategies.Observation{
		Strategy:  WatchName,
		Block:     head,
		Summary:   watchSummary(&facts),
		Untrusted: map[string]string{},
		Facts:     raw,
		Digest:    crypto.Keccak256Hash(raw),
		State:     &facts,
	}
	if headTime != 0 {
		obs.Time = time.Unix(int64(headTime), 0).UTC()
	}
	return obs, nil
}

// creations returns the contracts a block's transactions deployed.
func (w *Watch) creations(ctx context.Context, block *types.Block) ([]Creation, error) {
	var out []Creation
	for _, tx := range block.Transactions() {
		if tx.To() != nil {
			continue
		}
		r, err := w.backend.TransactionReceipt(ctx, tx.Hash())
		if err != nil {
			return nil, fmt.Errorf("%s: receipt of %s in block %d: %w", WatchName, tx.Hash().Hex(), block.NumberU64(), err)
		}
		if r.Status != types.ReceiptStatusSuccessful || r.ContractAddress == (common.Address{}) {
			continue
		}
		out = append(out, Creation{Address: r.ContractAddress, Block: block.NumberU64(), Tx: tx.Hash()})
	}
	return out, nil
}

// maxSummaryFindings bounds the findings listed in the summary.
const maxSummaryFindings = 40

// watchSummary is trusted text: only numbers, addresses, detector ids and
// our own severity and category names. Bytecode carries no text, and
// nothing else from the chain is quoted.
func watchSummary(f *watchFacts) string {
	var b strings.Builder
	if f.ToBlock < f.FromBlock {
		fmt.Fprintf(&b, "No new blocks since block %d (head %d).", f.FromBlock-1, f.Head)
	} else {
		fmt.Fprintf(&b, "Read blocks %d to %d (head %d).", f.FromBlock, f.ToBlock, f.Head)
	}
	fmt.Fprintf(&b, " Scanned %d new contracts; %d findings at or above %s.", len(f.Contracts), len(f.Findings)+f.Omitted, f.MinSeverity)
	if f.Omitted > 0 {
		fmt.Fprintf(&b, " %d of them are not listed (at most %d are).", f.Omitted, maxWatchFindings)
	}
	if f.Pending > 0 {
		fmt.Fprintf(&b, " %d deployed contracts wait for the next observation.", f.Pending)
	}
	for _, c := range f.Contracts {
		if c.Error != "" {
			fmt.Fprintf(&b, "\nContract %s (block %d): not analysed: the code could not be read.", c.Address.Hex(), c.Block)
		}
	}
	for i, x := range f.Findings {
		if i == maxSummaryFindings {
			fmt.Fprintf(&b, "\n... and %d more findings.", len(f.Findings)-i)
			break
		}
		fmt.Fprintf(&b, "\n%s %s %s %s", x.Severity, x.Detector, x.Category, x.Contract.Hex())
		if x.Address != "" && !strings.EqualFold(x.Address, x.Contract.Hex()) {
			fmt.Fprintf(&b, " (implementation %s)", x.Address)
		}
		if x.PC != nil {
			fmt.Fprintf(&b, " at pc %#x", *x.PC)
		}
	}
	return b.String()
}

func (w *Watch) state(obs *strategies.Observation) (*watchFacts, error) {
	if obs == nil {
		return nil, errors.New("audit.watch: no observation")
	}
	st, ok := obs.State.(*watchFacts)
	if !ok || obs.Strategy != WatchName {
		return nil, fmt.Errorf("audit.watch: observation is from %q, not from this strategy", obs.Strategy)
	}
	return st, nil
}

// ReportParams are the params of a rules-brain report: the findings, as
// the observation found them. A model's report carries none (it cannot
// author findings); the record's observation summary and digest hold them.
type ReportParams struct {
	Findings []WatchFinding `json:"findings"`
}

// Propose is the rules brain: report when the observation has findings,
// else hold.
func (w *Watch) Propose(obs *strategies.Observation) strategies.Decision {
	st, err := w.state(obs)
	if err != nil {
		return watchDecision(ActionHold, 0, "no usable observation: "+err.Error(), nil)
	}
	if len(st.Findings) == 0 {
		return watchDecision(ActionHold, 1, fmt.Sprintf("%d new contracts scanned, no findings at or above %s", len(st.Contracts), st.MinSeverity), nil)
	}
	ids := map[string]int{}
	var order []string
	for _, f := range st.Findings {
		if ids[f.Detector] == 0 {
			order = append(order, f.Detector)
		}
		ids[f.Detector]++
	}
	parts := make([]string, len(order))
	for i, id := range order {
		parts[i] = fmt.Sprintf("%d %s", ids[id], id)
	}
	params, _ := json.Marshal(ReportParams{Findings: st.Findings})
	return watchDecision(ActionReport, 1, fmt.Sprintf("%d findings in %d new contracts: %s",
		len(st.Findings)+st.Omitted, len(st.Contracts), strings.Join(parts, ", ")), params)
}

func watchDecision(action string, conf float64, why string, params json.RawMessage) strategies.Decision {
	if params == nil {
		params = json.RawMessage(`{}`)
	}
	return strategies.Decision{Action: action, Params: params, Confidence: conf, Rationale: why}
}

// Plan implements strategies.Strategy: audit.watch never transacts.
func (w *Watch) Plan(_ context.Context, obs *strategies.Observation, d strategies.Decision) (*strategies.Plan, error) {
	if _, err := w.state(obs); err != nil {
		return nil, err
	}
	switch d.Action {
	case ActionReport, ActionHold:
		return nil, nil
	}
	return nil, fmt.Errorf("audit.watch: unknown action %q", clipText(d.Action, 40))
}
