package strategies

import (
	"context"
	"log/slog"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/wallet"
)

// Optional parts of a Strategy: the runtime asks for them with a type
// assertion, never by the strategy's name.
type (
	// Sized strategies trade up to a configured amount of one token; the
	// runtime warns at start when that is above the policy's cap.
	Sized interface {
		MaxTrade() (symbol, amount string)
	}

	// Holder strategies hold assets that are not ERC-20 balances (outcome
	// positions), valued in equity at the observation's marks.
	Holder interface {
		ExtraAssets() []Token
		HeldAssets(obs *Observation) map[common.Address]*big.Int
	}

	// Forecasting strategies record probabilities that are scored once
	// their markets resolve.
	Forecasting interface {
		// ScoredForecasts reads the forecasts a recorded decision made.
		ScoredForecasts(d Decision) ([]Forecast, error)
		// ResolvedMarkets are the markets obs saw resolved.
		ResolvedMarkets(obs *Observation) []Resolution
	}

	// Background strategies keep something alive while their agent runs
	// (a CLOB's heartbeat): the runtime runs Background beside the agent's
	// loop from its start, ends ctx after the loop's last tick and waits
	// for it to return, so what it does on the way out (pull the orders the
	// heartbeat kept) is part of a clean stop.
	Background interface {
		Background(ctx context.Context, log *slog.Logger)
	}

	// Deployer strategies trade through a contract the agent deploys and
	// owns (the arbitrage executor).
	// Checker strategies check at boot what their configuration names on
	// the chain (a pool for their pair): an error is a configuration
	// problem, named before any agent starts. A read that fails (a node
	// that does not answer) is not one: CheckChain returns nil and the
	// ticks retry.
	Checker interface {
		CheckChain(ctx context.Context) error
	}

	Deployer interface {
		Deployment() Deployment
		// UseContract hands the verified contract to the strategy.
		UseContract(addr common.Address)
	}
)

// Forecast is one market's forecast in a decision.
type Forecast struct {
	Market        string
	ConditionID   common.Hash
	Probabilities []float64
	Confidence    float64
}

// Resolution is a market seen resolved.
type Resolution struct {
	Market      string
	ConditionID common.Hash
	Payouts     []*big.Int
	Block       uint64
}

// Deployment is what a Deployer asks for.
type Deployment struct {
	// Mode is DeployOff, DeployAuto, or "" for the configured Address.
	Mode    string
	Address common.Address
	// Method is the call the policy's allowed_methods must list for the
	// contract to be of any use.
	Method string
	// Label names the contract in the policy and in logs.
	Label string
	// InitCode is the exact creation code deployed.
	InitCode []byte
	// Verify checks the code at addr is the artifact, owned by owner.
	Verify func(ctx context.Context, b wallet.Backend, addr, owner common.Address) error
}

// Deployment modes.
const (
	DeployOff  = "off"
	DeployAuto = "auto"
)
