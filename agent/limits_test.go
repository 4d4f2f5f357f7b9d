package agent

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// A pending decision whose plan trades through the arbitrage executor
// counts its amountIn against the daily caps and the hourly count, like a
// swap: a lost send reply on an executor call must not free a limit.
func TestPendingExecutorCallCountsAgainstLimits(t *testing.T) {
	t.Parallel()
	usdc, weth := common.HexToAddress("0x01"), common.HexToAddress("0x02")
	ra, rb, exec, me := common.HexToAddress("0x0a"), common.HexToAddress("0x0b"), common.HexToAddress("0x0e"), common.HexToAddress("0x0f")
	amount := big.NewInt(750_000_000)
	plan := &strategies.Plan{Calls: []strategies.Call{
		{To: usdc, Method: "approve", Data: contracts.NewIERC20().PackApprove(exec, amount)},
		{To: exec, Method: "arbitrage", Data: contracts.NewArbitrageExecutor().PackArbitrage(usdc, weth, ra, rb, amount, big.NewInt(1), me, big.NewInt(1<<40))},
	}}
	rec := store.Record{Simulation: simulationJSON(plan, []CallSim{{OK: true}, {OK: true}}, nil)}
	legs := pendingSpend(&Policy{}, rec)
	if len(legs) != 1 || legs[0].Token != usdc || legs[0].Amount.Cmp(amount) != 0 {
		t.Fatalf("pending executor plan spends %+v, want one leg of %s USDC base units", legs, amount)
	}
}
