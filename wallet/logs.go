package wallet

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"
)

// LogReader is what ScanLogs needs of a node: ethclient and the simulated
// backend's client both qualify.
type LogReader interface {
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	BlockNumber(ctx context.Context) (uint64, error)
}

// DefaultLogChunk is the first block range ScanLogs asks for. Hosted
// providers cap eth_getLogs ranges (commonly at 500 to 10,000 blocks); a
// refusal halves the range, so the exact cap never has to be configured.
const DefaultLogChunk = 10_000

// ScanLogs returns the logs matching q from block `from` to the head, in
// block order, asking for at most chunk blocks at a time (DefaultLogChunk
// when 0). A provider that refuses a range as too large (or a result as too
// many) gets the same range again in halves, down to one block; any other
// error ends the scan. q's block bounds are ignored.
func ScanLogs(ctx context.Context, r LogReader, q ethereum.FilterQuery, from, chunk uint64) ([]types.Log, error) {
	head, err := r.BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the head block to scan logs: %w", err)
	}
	return ScanLogsRange(ctx, r, q, from, head, chunk)
}

// ScanLogsRange is ScanLogs over [from, to].
func ScanLogsRange(ctx context.Context, r LogReader, q ethereum.FilterQuery, from, to, chunk uint64) ([]types.Log, error) {
	if chunk == 0 {
		chunk = DefaultLogChunk
	}
	var out []types.Log
	for start := from; start <= to; {
		end := min(start+chunk-1, to)
		q.FromBlock, q.ToBlock = new(big.Int).SetUint64(start), new(big.Int).SetUint64(end)
		logs, err := r.FilterLogs(ctx, q)
		if err != nil {
			if IsRangeLimit(err) && end > start {
				chunk = max((end-start+1)/2, 1)
				continue
			}
			return out, fmt.Errorf("eth_getLogs blocks %d-%d: %w", start, end, err)
		}
		out = append(out, logs...)
		if end == to {
			break
		}
		start = end + 1
	}
	return out, nil
}

// rangeLimitPhrases are how providers say a log query spans too many blocks
// or returns too many logs (go-ethereum, Alchemy, Infura, QuickNode,
// Ankr, publicnode and others word it differently).
var rangeLimitPhrases = []string{
	"block range", "range too large", "range is too large", "exceeds max", "exceed max",
	"too many blocks", "query returned more than", "log response size exceeded", "more than 10000",
	"limit exceeded", "query timeout exceeded", "too many results",
}

// IsRangeLimit reports whether err is a provider's refusal of a log query's
// size, which a smaller range may pass.
func IsRangeLimit(err error) bool {
	msg := strings.ToLower(err.Error())
	for _, p := range rangeLimitPhrases {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
