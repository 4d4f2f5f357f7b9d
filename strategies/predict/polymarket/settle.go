package polymarket

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// Settle books a mined account step from the balances its receipt moved;
// everything else comes from the calldata and the known deployments, so
// recovery after a restart books the same:
//   - wrap: the owner's USDC.e falls by exactly the amount and the
//     recipient's pUSD rises by exactly as much (the on-ramp wraps 1:1);
//   - redeemPositions (on the conditional tokens, or at a collateral
//     adapter, which redeems both outcomes whatever the call names): each
//     outcome the owner held is burned and pays held * numerator /
//     denominator, rounded down as the conditional tokens pay it; the
//     owner's pUSD rises by exactly their sum (one fill per outcome, of
//     predict.PositionToken(ctf, token id), 6 decimals);
//   - setApprovalForAll moves nothing.
func (r *Rules) Settle(ctx context.Context, s strategies.Settlement) ([]strategies.Fill, error) {
	_, args, _, err := unpack(s.Call)
	if err != nil || args == nil {
		return nil, err
	}
	switch s.Method {
	case "wrap":
		return settleWrap(ctx, s, args)
	case "redeemPositions":
		return r.settleRedeem(ctx, s, args)
	}
	return nil, nil
}

func settleWrap(ctx context.Context, s strategies.Settlement, args []any) ([]strategies.Fill, error) {
	asset, to, amount := args[0].(common.Address), args[1].(common.Address), args[2].(*big.Int)
	d, ok := deploymentAt(s.Call.To, func(d clob.Contracts) common.Address { return d.Onramp })
	if !ok {
		return nil, fmt.Errorf("wrap at %s: not a known on-ramp", s.Call.To.Hex())
	}
	paid, err := s.Client.BalanceDeltas(ctx, s.Owner, []common.Address{asset}, s.Receipt)
	if err != nil {
		return nil, fmt.Errorf("wrap: read USDC.e balance deltas: %w", err)
	}
	got, err := s.Client.BalanceDeltas(ctx, to, []common.Address{d.Collateral}, s.Receipt)
	if err != nil {
		return nil, fmt.Errorf("wrap: read pUSD balance deltas: %w", err)
	}
	spent := new(big.Int).Neg(paid[0].Change)
	f := strategies.Fill{Venue: "polymarket on-ramp", TokenIn: asset, AmountIn: spent, TokenOut: d.Collateral, AmountOut: got[0].Change}
	if spent.Cmp(amount) != 0 || got[0].Change.Cmp(amount) != 0 {
		return []strategies.Fill{f}, fmt.Errorf("wrap of %s USDC.e units moved %s USDC.e and credited %s pUSD", amount, spent, got[0].Change)
	}
	return []strategies.Fill{f}, nil
}

func (r *Rules) settleRedeem(ctx context.Context, s strategies.Settlement, args []any) ([]strategies.Fill, error) {
	cond, sets := common.Hash(args[2].([32]byte)), args[3].([]*big.Int)
	rt, d, ok := routeAt(s.Call.To)
	if !ok {
		return nil, fmt.Errorf("redeemPositions at %s: not a known conditional tokens or collateral adapter", s.Call.To.Hex())
	}
	name, m, ok := r.marketOf(cond)
	if !ok {
		return nil, fmt.Errorf("redeemPositions of %s: not an allowed market's condition", cond.Hex())
	}
	ids, err := m.positions(rt.Coll, cond)
	if err != nil {
		return nil, fmt.Errorf("redeem %s: %w", name, err)
	}
	if rt.Adapter {
		sets = []*big.Int{big.NewInt(1), big.NewInt(2)} // the adapter takes both
	}
	rd := reader{ctx: ctx, b: s.Client.Backend(), ctf: d.CTF, block: s.Receipt.BlockNumber}
	den, err := rd.uint("payoutDenominator", cond)
	if err != nil {
		return nil, fmt.Errorf("redeem %s: %w", name, err)
	}
	if den.Sign() == 0 {
		return nil, fmt.Errorf("redeem %s: the condition is not resolved", name)
	}
	paid, err := s.Client.BalanceDeltas(ctx, s.Owner, []common.Address{d.Collateral}, s.Receipt)
	if err != nil {
		return nil, fmt.Errorf("redeem %s: read pUSD balance deltas: %w", name, err)
	}
	var fills []strategies.Fill
	total := new(big.Int)
	for _, set := range sets {
		i := set.BitLen() - 1 // 1 -> outcome 0, 2 -> outcome 1 (checked)
		if i < 0 || i >= len(ids) {
			return fills, fmt.Errorf("redeem %s: index set %s is not an outcome", name, set)
		}
		num, err := rd.uint("payoutNumerators", cond, big.NewInt(int64(i)))
		if err != nil {
			return fills, fmt.Errorf("redeem %s: %w", name, err)
		}
		delta, err := rd.positionDelta(s.Owner, ids[i], s.Receipt)
		if err != nil {
			return fills, fmt.Errorf("redeem %s: %w", name, err)
		}
		burned := new(big.Int).Neg(delta)
		if burned.Sign() <= 0 {
			continue
		}
		pay := new(big.Int).Mul(burned, num)
		pay.Quo(pay, den)
		total.Add(total, pay)
		fills = append(fills, strategies.Fill{Venue: name, TokenIn: predict.PositionToken(d.CTF, ids[i]), AmountIn: burned,
			TokenOut: d.Collateral, AmountOut: pay})
	}
	if total.Cmp(paid[0].Change) != 0 {
		return fills, fmt.Errorf("redeem %s paid %s pUSD units, the payouts say %s", name, paid[0].Change, total)
	}
	return fills, nil
}

// reader reads the conditional tokens at a block.
type reader struct {
	ctx   context.Context
	b     ethereum.ContractCaller
	ctf   common.Address
	block *big.Int
}

func (rd reader) call(block *big.Int, method string, args ...any) (*big.Int, error) {
	data, err := callsABI.Pack(method, args...)
	if err != nil {
		return nil, err
	}
	out, err := rd.b.CallContract(rd.ctx, ethereum.CallMsg{To: &rd.ctf, Data: data}, block)
	if err != nil {
		return nil, fmt.Errorf("%s at block %s: %w", method, block, err)
	}
	v, err := callsABI.Unpack(method, out)
	if err != nil || len(v) != 1 {
		return nil, fmt.Errorf("%s at block %s: %d bytes back", method, block, len(out))
	}
	return v[0].(*big.Int), nil
}

func (rd reader) uint(method string, args ...any) (*big.Int, error) {
	return rd.call(rd.block, method, args...)
}

// positionDelta is how owner's balance of position id moved in the
// receipt's block.
func (rd reader) positionDelta(owner common.Address, id *big.Int, rc *types.Receipt) (*big.Int, error) {
	before, err := rd.call(new(big.Int).Sub(rc.BlockNumber, big.NewInt(1)), "balanceOf", owner, id)
	if err != nil {
		return nil, err
	}
	after, err := rd.call(rc.BlockNumber, "balanceOf", owner, id)
	if err != nil {
		return nil, err
	}
	return after.Sub(after, before), nil
}
