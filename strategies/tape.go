package strategies

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sync"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/agentctl/agentctl/wallet"
)

// A Tape is the chain reads one Plan made, in order: each eth_call (to,
// data, block -> result), code read and header. The runtime records one per
// decision beside its inputs; replay serves exactly these answers back to a
// restored strategy's Plan, and any read not on the tape fails, so a plan
// made again offline is the plan made then, for every venue, without each
// strategy saving what it read.
type Tape struct {
	mu    sync.Mutex
	Reads []Read `json:"reads"`
}

// Read is one recorded chain read. Block nil is "latest" as asked.
type Read struct {
	Method string          `json:"m"` // "call", "code" or "header"
	To     *common.Address `json:"to,omitempty"`
	Data   []byte          `json:"data,omitempty"` // base64, as Out: a third smaller than hex
	Block  *hexutil.Big    `json:"block,omitempty"`
	Out    []byte          `json:"out"` // result; a header RLP-encoded
	Err    string          `json:"err,omitempty"`
}

func (r *Read) same(o *Read) bool {
	return r.Method == o.Method && (r.To == nil) == (o.To == nil) && (r.To == nil || *r.To == *o.To) &&
		bytes.Equal(r.Data, o.Data) && (r.Block == nil) == (o.Block == nil) &&
		(r.Block == nil || r.Block.ToInt().Cmp(o.Block.ToInt()) == 0)
}

// Encode returns the tape's JSON; nil for a tape with no reads.
func (t *Tape) Encode() []byte {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.Reads) == 0 {
		return nil
	}
	b, _ := json.Marshal(t.Reads)
	return b
}

// DecodeTape parses a recorded tape.
func DecodeTape(b []byte) (*Tape, error) {
	var t Tape
	if err := json.Unmarshal(b, &t.Reads); err != nil {
		return nil, fmt.Errorf("chain reads: %w", err)
	}
	return &t, nil
}

func (t *Tape) add(r Read) {
	t.mu.Lock()
	t.Reads = append(t.Reads, r)
	t.mu.Unlock()
}

// ErrNotRecorded is a replayed Plan asking the chain something it did not
// ask when the decision was made: the replay cannot answer it.
var ErrNotRecorded = errors.New("a chain read the recorded plan did not make")

func (t *Tape) lookup(q *Read) (*Read, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := range t.Reads {
		if t.Reads[i].same(q) {
			r := t.Reads[i]
			if r.Err != "" {
				return nil, errors.New(r.Err)
			}
			return &r, nil
		}
	}
	to := ""
	if q.To != nil {
		to = " to " + q.To.Hex()
	}
	return nil, fmt.Errorf("%w: %s%s data %s at block %v", ErrNotRecorded, q.Method, to, Clip(hexutil.Encode(q.Data), 80), q.Block)
}

// ErrNoChain is a restored strategy asked to plan without what its Plan
// needs (facts recorded before plans were replayable, or a strategy whose
// plan is not replayable yet): the plan is left unchecked, not failed.
var ErrNoChain = errors.New("restored from recorded facts: no chain to read")

// ErrNotReplayable is facts a restorer cannot decide again from (recorded
// before what the decision needs was kept): unsupported, not a mismatch.
var ErrNotReplayable = errors.New("not replayable")

type tapeKey struct{}

// WithTape returns ctx under which every chain read a strategy makes
// through its Build backend is recorded on t.
func WithTape(ctx context.Context, t *Tape) context.Context {
	return context.WithValue(ctx, tapeKey{}, t)
}

func tapeOf(ctx context.Context) *Tape {
	t, _ := ctx.Value(tapeKey{}).(*Tape)
	return t
}

func blockOf(n *big.Int) *hexutil.Big {
	if n == nil {
		return nil
	}
	return (*hexutil.Big)(new(big.Int).Set(n))
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// recording is the backend strategies are built with: the chain's, and
// under WithTape a recorder of the reads Plan makes.
type recording struct{ wallet.Backend }

// Recording wraps b so reads made under WithTape are recorded.
func Recording(b wallet.Backend) wallet.Backend {
	if b == nil {
		return nil
	}
	if _, ok := b.(recording); ok {
		return b
	}
	return recording{b}
}

// Unwrap returns the node under a Recording backend, for a strategy that
// needs more of it than wallet.Backend promises (blocks, for the watcher).
func Unwrap(b wallet.Backend) wallet.Backend {
	if r, ok := b.(recording); ok {
		return r.Backend
	}
	return b
}

func (r recording) CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error) {
	out, err := r.Backend.CallContract(ctx, msg, block)
	if t := tapeOf(ctx); t != nil && ctx.Err() == nil {
		t.add(Read{Method: "call", To: msg.To, Data: msg.Data, Block: blockOf(block), Out: out, Err: errText(err)})
	}
	return out, err
}

func (r recording) CodeAt(ctx context.Context, a common.Address, block *big.Int) ([]byte, error) {
	out, err := r.Backend.CodeAt(ctx, a, block)
	if t := tapeOf(ctx); t != nil && ctx.Err() == nil {
		t.add(Read{Method: "code", To: &a, Block: blockOf(block), Out: out, Err: errText(err)})
	}
	return out, err
}

func (r recording) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	h, err := r.Backend.HeaderByNumber(ctx, n)
	if t := tapeOf(ctx); t != nil && ctx.Err() == nil {
		var out []byte
		if h != nil {
			out, _ = rlp.EncodeToBytes(h)
		}
		t.add(Read{Method: "header", Block: blockOf(n), Out: out, Err: errText(err)})
	}
	return h, err
}

// Replaying is a chain that answers only from t: what a restored
// strategy's Plan reads through at replay. It has no other methods.
type Replaying struct{ T *Tape }

// CallContract serves a recorded eth_call.
func (p Replaying) CallContract(_ context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error) {
	r, err := p.tape().lookup(&Read{Method: "call", To: msg.To, Data: msg.Data, Block: blockOf(block)})
	if err != nil {
		return nil, err
	}
	return r.Out, nil
}

// CodeAt serves a recorded code read.
func (p Replaying) CodeAt(_ context.Context, a common.Address, block *big.Int) ([]byte, error) {
	r, err := p.tape().lookup(&Read{Method: "code", To: &a, Block: blockOf(block)})
	if err != nil {
		return nil, err
	}
	return r.Out, nil
}

// HeaderByNumber serves a recorded header.
func (p Replaying) HeaderByNumber(_ context.Context, n *big.Int) (*types.Header, error) {
	r, err := p.tape().lookup(&Read{Method: "header", Block: blockOf(n)})
	if err != nil {
		return nil, err
	}
	h := new(types.Header)
	if err := rlp.DecodeBytes(r.Out, h); err != nil {
		return nil, fmt.Errorf("recorded header: %w", err)
	}
	return h, nil
}

func (p Replaying) tape() *Tape {
	if p.T == nil {
		return &Tape{}
	}
	return p.T
}

// ReplayChain is the chain a restored strategy is given: under WithTape it
// serves that tape's answers, and with none it has no answers at all.
type ReplayChain struct{}

// CallContract implements bind.ContractCaller from the context's tape.
func (ReplayChain) CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error) {
	return Replaying{tapeOf(ctx)}.CallContract(ctx, msg, block)
}

// CodeAt implements bind.ContractCaller from the context's tape.
func (ReplayChain) CodeAt(ctx context.Context, a common.Address, block *big.Int) ([]byte, error) {
	return Replaying{tapeOf(ctx)}.CodeAt(ctx, a, block)
}

// HeaderByNumber serves a header from the context's tape.
func (ReplayChain) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	return Replaying{tapeOf(ctx)}.HeaderByNumber(ctx, n)
}
