package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// executorStrategy is a strategy that can trade through an executor
// contract the agent deploys and owns (dex.arbitrage).
type executorStrategy interface {
	strategies.Strategy
	strategies.Deployer
}

// ExecutorFile remembers, in the home, the executor each agent deployed on
// each chain, so `executor: auto` deploys once. The chain is the truth: an
// entry is used only after its code checks out.
const ExecutorFile = "executors.json"

type executorEntry struct {
	ChainID uint64         `json:"chainId"`
	Agent   string         `json:"agent"`
	Owner   common.Address `json:"owner"`
	Address common.Address `json:"address"`
	TxHash  common.Hash    `json:"txHash"`
}

var executorFileMu sync.Mutex

// setupExecutor gives an agent whose strategy asks for an executor
// (params.executor) a verified one: the configured address, or with auto
// the one this home remembers or, failing that, a new deployment from the
// agent's key. The policy then allows that executor, and only it. A paper
// agent sends nothing, so without a known executor it trades two swaps.
func (h *Host) setupExecutor(ctx context.Context, o BootOptions, a *configs.Agent, signer *wallet.Signer, strat strategies.Strategy, policy *Policy) error {
	es, ok := strat.(executorStrategy)
	if !ok {
		return nil
	}
	dep := es.Deployment()
	mode, addr := dep.Mode, dep.Address
	if mode == strategies.DeployOff {
		return nil
	}
	if !policy.AllowedMethods[dep.Method] {
		return fmt.Errorf("params.executor is %s but policy.allowed_methods does not list %s: every round trip would be denied (add %s, or set executor: off)",
			orDefault(mode, addr.Hex()), dep.Method, dep.Method)
	}
	owner := signer.Address()
	backend := h.Client.Backend()
	log := o.Logger.With("part", "executor", "agent", a.Name)
	if mode == "" {
		if err := dep.Verify(ctx, backend, addr, owner); err != nil {
			return err
		}
		return useExecutor(es, dep, policy, addr, log, "configured")
	}
	id, err := h.Client.ChainID(ctx)
	if err != nil {
		return err
	}
	file := filepath.Join(o.Home, ExecutorFile)
	if e, ok := lookupExecutor(file, id.Uint64(), owner); ok {
		// A deployment sent before a crash may still be in the pool.
		if _, pending, perr := backend.TransactionByHash(ctx, e.TxHash); perr == nil && pending {
			if _, err := h.Client.WaitReceipt(ctx, e.TxHash); err != nil {
				return fmt.Errorf("executor deployment %s: %w", e.TxHash.Hex(), err)
			}
		}
		verr := dep.Verify(ctx, backend, e.Address, owner)
		if verr == nil {
			return useExecutor(es, dep, policy, e.Address, log, "remembered")
		}
		log.Warn("the remembered executor does not check out; deploying a new one", "address", e.Address.Hex(), "reason", verr.Error())
	}
	if mode, _ := ParseMode(string(a.Mode)); mode == ModePaper {
		log.Info("paper mode deploys nothing: round trips are simulated as two swaps")
		return nil
	}
	addr, err = h.deployExecutor(ctx, dep, a.Name, strat.Name(), signer, id.Uint64(), file, log)
	if err != nil {
		return err
	}
	return useExecutor(es, dep, policy, addr, log, "deployed")
}

func useExecutor(es executorStrategy, dep strategies.Deployment, p *Policy, addr common.Address, log *slog.Logger, how string) error {
	es.UseContract(addr)
	p.AllowOwned(addr, dep.Label)
	log.Info("arbitrage executor", "address", addr.Hex(), "source", how)
	return nil
}

// deployExecutor sends the executor artifact's creation code from the
// agent's key. A creation is no call the policy can judge, so what is
// checked instead is what gets deployed: exactly the committed artifact,
// and after mining, the code at the new address. The step goes into the
// agent's decision log like a trade (written before sending, completed
// after) and into the home's executors.json before sending, so a restart
// finds it instead of deploying twice.
func (h *Host) deployExecutor(ctx context.Context, dep strategies.Deployment, name, strategy string, signer *wallet.Signer, chainID uint64,
	file string, log *slog.Logger) (common.Address, error) {
	owner := signer.Address()
	tr := h.Client.Transactor(owner, signer.SignerFn(h.Runtime.chainID))
	initCode := dep.InitCode
	p, err := tr.Prepare(ctx, wallet.Intent{Data: initCode})
	if err != nil {
		return common.Address{}, fmt.Errorf("simulate the executor's deployment: %w", err)
	}
	txs, err := tr.SignBundle(ctx, []wallet.Intent{{Data: initCode, Gas: p.Gas}}, p.Fees)
	if err != nil {
		return common.Address{}, err
	}
	tx := txs[0]
	addr := crypto.CreateAddress(owner, tx.Nonce())
	codeHash := crypto.Keccak256Hash(initCode)
	action, _ := json.Marshal(strategies.Decision{Action: "deploy_executor", Confidence: 1,
		Params:    json.RawMessage(fmt.Sprintf(`{"initCodeHash":%q,"address":%q}`, codeHash.Hex(), addr.Hex())),
		Rationale: "params.executor is auto and this agent has no executor on this chain yet"})
	doc, _ := json.Marshal(simulationDoc{
		Summary: "deploy the agent's ArbitrageExecutor (the committed artifact, owner " + owner.Hex() + ") at " + addr.Hex(),
		Calls:   []simCallJSON{{Method: "create ArbitrageExecutor", Data: initCode, OK: true, GasUsed: p.GasEstimate}},
		Txs:     []txJSON{{Hash: tx.Hash(), Nonce: tx.Nonce()}},
	})
	rec := &store.Record{Kind: store.KindDecision, Agent: name, Strategy: strategy,
		ObsSummary: "Boot: deploy the agent's arbitrage executor, a contract creation the policy does not judge; its code is the committed ArbitrageExecutor artifact (init code hash " + codeHash.Hex() + ").",
		Model:      "boot", Action: action, Verdict: store.VerdictNone, Approval: store.ApprovalAuto,
		Simulation: doc, Intent: "deploy-executor/" + tx.Hash().Hex(), TxHash: tx.Hash(), Outcome: store.OutcomePending}
	if _, _, err := h.DB.Append(ctx, rec); err != nil {
		tr.ReleaseBundle(txs)
		return common.Address{}, fmt.Errorf("record the executor deployment before sending: %w", err)
	}
	if err := rememberExecutor(file, executorEntry{ChainID: chainID, Agent: name, Owner: owner, Address: addr, TxHash: tx.Hash()}); err != nil {
		tr.ReleaseBundle(txs)
		return common.Address{}, h.completeDeploy(ctx, rec, nil, fmt.Errorf("remember the executor in %s: %w", file, err))
	}
	log.Info("deploying the arbitrage executor", "address", addr.Hex(), "tx", tx.Hash().Hex(), "init_code_hash", codeHash.Hex())
	if err := sendFunded(ctx, tr, tx); err != nil {
		tr.ReleaseBundle(txs)
		return common.Address{}, h.completeDeploy(ctx, rec, nil, fmt.Errorf("send the executor deployment: %w", err))
	}
	rc, err := tr.Wait(ctx, tx)
	if err != nil {
		return common.Address{}, h.completeDeploy(ctx, rec, rc, fmt.Errorf("executor deployment %s: %w", tx.Hash().Hex(), err))
	}
	if rc.ContractAddress != addr {
		err = fmt.Errorf("executor deployed at %s, expected %s", rc.ContractAddress.Hex(), addr.Hex())
	} else {
		err = dep.Verify(ctx, h.Client.Backend(), addr, owner)
	}
	if err := h.completeDeploy(ctx, rec, rc, err); err != nil {
		return common.Address{}, err
	}
	log.Info("arbitrage executor deployed", "address", addr.Hex(), "block", rc.BlockNumber.Uint64(), "gas_used", rc.GasUsed)
	return addr, nil
}

// sendFunded sends a signed transaction. Right after the devnet funds an
// agent, its pool can judge the first transaction on the state before the
// funding block for a moment; the send is retried for up to a second then.
func sendFunded(ctx context.Context, tr *wallet.Transactor, tx *types.Transaction) error {
	var err error
	for range 40 {
		if err = tr.SendSigned(ctx, tx); err == nil || !strings.Contains(err.Error(), "insufficient funds") {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
	return err
}

// completeDeploy appends the deployment's completion; cause is returned
// (joined with a failure to record).
func (h *Host) completeDeploy(ctx context.Context, rec *store.Record, rc *types.Receipt, cause error) error {
	done := &store.Record{Kind: store.KindCompletion, Agent: rec.Agent, Completes: rec.Seq, Outcome: store.OutcomeConfirmed, TxHash: rec.TxHash}
	var receipts []*types.Receipt
	if rc != nil {
		receipts = append(receipts, rc)
	}
	done.Receipt = receiptsJSON(receipts)
	var rev *wallet.TxRevertedError
	switch {
	case cause == nil:
	case rc == nil:
		done.Outcome = store.OutcomeFailed
	case errors.As(cause, &rev) || rc.Status != types.ReceiptStatusSuccessful:
		done.Outcome = store.OutcomeReverted
	default:
		done.Outcome = store.OutcomeFailed
	}
	if cause != nil {
		done.Error = cause.Error()
	}
	if _, _, err := h.DB.Append(ctx, done); err != nil {
		return errors.Join(cause, fmt.Errorf("record the executor deployment's completion: %w", err))
	}
	return cause
}

func lookupExecutor(file string, chainID uint64, owner common.Address) (executorEntry, bool) {
	executorFileMu.Lock()
	defer executorFileMu.Unlock()
	entries, _ := readExecutors(file)
	for _, e := range entries {
		if e.ChainID == chainID && e.Owner == owner {
			return e, true
		}
	}
	return executorEntry{}, false
}

func readExecutors(file string) ([]executorEntry, error) {
	b, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []executorEntry
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s is not valid (%v): delete it, the chain has the truth", file, err)
	}
	return out, nil
}

func rememberExecutor(file string, e executorEntry) error {
	executorFileMu.Lock()
	defer executorFileMu.Unlock()
	entries, err := readExecutors(file)
	if err != nil {
		return err
	}
	entries = slices.DeleteFunc(entries, func(x executorEntry) bool { return x.ChainID == e.ChainID && x.Owner == e.Owner })
	entries = append(entries, e)
	b, err := json.MarshalIndent(entries, "", "  ")
	if err != nil {
		return err
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
