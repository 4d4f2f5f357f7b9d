package agent

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/wallet"
)

// ErrNothingReplayable: the batch checks out but none of its decisions can
// be replayed here; no response is posted.
var ErrNothingReplayable = errors.New("no decision of the batch can be replayed by this validator: no response posted")

// maxBatchBytes bounds a fetched batch export.
const maxBatchBytes = 256 << 20

// ValidationRequestLog is a ValidationRequest event addressed to a validator.
type ValidationRequestLog struct {
	AgentID     *big.Int
	RequestURI  string
	RequestHash common.Hash
	Block       uint64
	// Answered is true when the validator has already responded.
	Answered bool
}

// Validator answers validation requests addressed to its key: it fetches
// each batch, checks and replays it, and posts the score.
type Validator struct {
	Chain    ChainReader
	Backend  bind.ContractBackend
	Registry common.Address
	Tx       *wallet.Transactor // the validator's key
	// Publish stores the response file; Provider serves model replays.
	Publish  Publisher
	Provider func(kind llm.Kind) (llm.Provider, error)
	// AllowFile lets requests name file:// URIs: a path on this machine
	// chosen by whoever filed the request, so only when asked for.
	AllowFile bool
	abi       *contracts.ValidationRegistry
}

func (v *Validator) registry() *contracts.ValidationRegistry {
	if v.abi == nil {
		v.abi = contracts.NewValidationRegistry()
	}
	return v.abi
}

// Requests lists the requests addressed to the validator since block from,
// read in chunks with wallet.ScanLogs, each marked answered or not.
func (v *Validator) Requests(ctx context.Context, from uint64) ([]ValidationRequestLog, error) {
	abi := v.registry()
	ev := abi.GetABI().Events["ValidationRequest"]
	q := ethereum.FilterQuery{Addresses: []common.Address{v.Registry},
		Topics: [][]common.Hash{{ev.ID}, {common.BytesToHash(v.Tx.From().Bytes())}}}
	logs, err := wallet.ScanLogs(ctx, v.Chain, q, from, 0)
	if err != nil {
		return nil, err
	}
	inst := abi.Instance(v.Backend, v.Registry)
	var out []ValidationRequestLog
	for i := range logs {
		e, err := abi.UnpackValidationRequestEvent(&logs[i])
		if err != nil {
			continue // not an event of this registry's ABI
		}
		st, err := bind.Call(inst, &bind.CallOpts{Context: ctx}, abi.PackGetValidationStatus(e.RequestHash), abi.UnpackGetValidationStatus)
		if err != nil {
			return nil, fmt.Errorf("getValidationStatus(%x): %w", e.RequestHash, err)
		}
		out = append(out, ValidationRequestLog{AgentID: e.AgentId, RequestURI: e.RequestURI, RequestHash: e.RequestHash,
			Block: logs[i].BlockNumber, Answered: st.LastUpdate.Sign() != 0})
	}
	return out, nil
}

// Answer fetches, checks and replays the request's batch and posts the
// score with the report's URI and hash under the tag "replay".
func (v *Validator) Answer(ctx context.Context, req ValidationRequestLog) (ValidationReport, common.Hash, error) {
	var rep ValidationReport
	// A batch that cannot be fetched is not answered (the fetch may work
	// later); one that is fetched and wrong is answered with its score.
	if strings.HasPrefix(req.RequestURI, "file:") && !v.AllowFile {
		return rep, common.Hash{}, errors.New("the request names a file:// URI, a path on this machine: allow file URIs to fetch it (agentctl validate --allow-file)")
	}
	payload, err := FetchURI(ctx, req.RequestURI)
	if err != nil {
		return rep, common.Hash{}, fmt.Errorf("fetch the batch at %s: %w", clipURI(req.RequestURI), err)
	}
	rep = ValidateBatch(ctx, payload, req.RequestHash, ValidateOptions{Chain: v.Chain, Provider: v.Provider})
	if !rep.Replayable() {
		return rep, common.Hash{}, ErrNothingReplayable
	}
	doc, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return rep, common.Hash{}, err
	}
	respHash := crypto.Keccak256Hash(doc)
	uri, err := v.Publish("validation", respHash, doc)
	if err != nil {
		return rep, common.Hash{}, err
	}
	to := v.Registry
	rcpt, err := sendSettled(ctx, v.Tx, wallet.Intent{To: &to,
		Data: v.registry().PackValidationResponse(req.RequestHash, rep.Score, uri, respHash, ValidationTag)})
	if err != nil {
		return rep, common.Hash{}, fmt.Errorf("validationResponse: %w", err)
	}
	return rep, rcpt.TxHash, nil
}

// FetchURI reads a data:, file:// or http(s):// URI.
func FetchURI(ctx context.Context, uri string) ([]byte, error) {
	switch {
	case strings.HasPrefix(uri, "data:"):
		meta, data, ok := strings.Cut(uri[len("data:"):], ",")
		if !ok {
			return nil, fmt.Errorf("data: URI without a comma")
		}
		if strings.HasSuffix(meta, ";base64") {
			return base64.StdEncoding.DecodeString(data)
		}
		s, err := url.PathUnescape(data)
		return []byte(s), err
	case strings.HasPrefix(uri, "file://"):
		u, err := url.Parse(uri)
		if err != nil {
			return nil, err
		}
		f, err := os.Open(u.Path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return readCapped(f)
	case strings.HasPrefix(uri, "http://"), strings.HasPrefix(uri, "https://"):
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, uri, nil)
		if err != nil {
			return nil, err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %s", uri, resp.Status)
		}
		return readCapped(resp.Body)
	}
	return nil, fmt.Errorf("URI %q: only data:, file:// and http(s):// are fetched", clipURI(uri))
}

func readCapped(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxBatchBytes+1))
	if err == nil && len(b) > maxBatchBytes {
		return nil, fmt.Errorf("more than %d bytes", maxBatchBytes)
	}
	return b, err
}

func clipURI(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

// ValidationStatus is one validation an agent asked for, as the registry
// holds it: Responded false while the validator has not answered.
type ValidationStatus struct {
	RequestHash  common.Hash    `json:"requestHash"`
	Validator    common.Address `json:"validator"`
	Response     uint8          `json:"response"`
	ResponseHash common.Hash    `json:"responseHash"`
	Tag          string         `json:"tag"`
	Responded    bool           `json:"responded"`
}

// ReadValidations lists the validations filed for agentID in the registry.
func ReadValidations(ctx context.Context, b bind.ContractBackend, registry common.Address, agentID *big.Int) ([]ValidationStatus, error) {
	abi := contracts.NewValidationRegistry()
	inst := abi.Instance(b, registry)
	opts := &bind.CallOpts{Context: ctx}
	hashes, err := bind.Call(inst, opts, abi.PackGetAgentValidations(agentID), abi.UnpackGetAgentValidations)
	if err != nil {
		return nil, fmt.Errorf("getAgentValidations(%s) on %s: %w", agentID, registry.Hex(), err)
	}
	out := make([]ValidationStatus, 0, len(hashes))
	for _, h := range hashes {
		st, err := bind.Call(inst, opts, abi.PackGetValidationStatus(h), abi.UnpackGetValidationStatus)
		if err != nil {
			return nil, fmt.Errorf("getValidationStatus(%x): %w", h, err)
		}
		out = append(out, ValidationStatus{RequestHash: h, Validator: st.ValidatorAddress, Response: st.Response,
			ResponseHash: st.ResponseHash, Tag: st.Tag, Responded: st.LastUpdate.Sign() != 0})
	}
	return out, nil
}
