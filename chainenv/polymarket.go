package chainenv

import (
	"fmt"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
)

// RegisterPolymarket makes chain.polymarket_contracts the deployment
// clob.ContractsFor resolves on the config's chain (nothing when unset),
// for the runtime and for whatever judges its calls again (replay).
func RegisterPolymarket(ch configs.Chain) error {
	pc := ch.PolymarketContracts
	if pc == nil {
		return nil
	}
	if err := clob.Register(int64(ch.ChainID), polymarket.ContractsFromConfig(*pc)); err != nil {
		return fmt.Errorf("chain.polymarket_contracts: %w", err)
	}
	return nil
}
