package agent

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// ValidationRequested: the agent asked Validator, through the ERC-8004
// Validation Registry, to check an anchored batch (FirstSeq..LastSeq)
// published at URI, whose keccak256 is RequestHash.
type ValidationRequested struct {
	Base
	FirstSeq, LastSeq   uint64
	Validator           common.Address
	RequestHash, TxHash common.Hash
	URI                 string
}

// ValidationRequestFailed: filing the request for a batch failed; the batch
// stays anchored, only its validation request is missing.
type ValidationRequestFailed struct {
	Base
	FirstSeq, LastSeq uint64
	Reason            string
}

// BatchDir is where batch exports are written under the home.
const BatchDir = "batches"

// Publisher stores a batch export and returns the URI it can be fetched at.
type Publisher func(agent string, hash common.Hash, payload []byte) (string, error)

// DataURIs inlines each batch in its URI (tests, small batches).
func DataURIs(_ string, _ common.Hash, payload []byte) (string, error) {
	return "data:application/json;base64," + base64.StdEncoding.EncodeToString(payload), nil
}

// DirPublisher writes each batch to dir/<hash>.json and names it by base
// (a URL serving dir), or by a file:// URI when base is empty.
func DirPublisher(dir, base string) Publisher {
	return func(_ string, hash common.Hash, payload []byte) (string, error) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("batch directory: %w", err)
		}
		name := hash.Hex() + ".json"
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, payload, 0o644); err != nil {
			return "", fmt.Errorf("write batch export: %w", err)
		}
		if base != "" {
			return strings.TrimRight(base, "/") + "/" + name, nil
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return "", err
		}
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), nil
	}
}

// ValidationRequestOptions configures the validation requests.
type ValidationRequestOptions struct {
	Registry  common.Address // ERC-8004 Validation Registry
	Validator common.Address // who is asked
	Publish   Publisher
	// AgentID returns the agent's ERC-8004 agentId (the request is filed for it).
	AgentID func(agent string) (*big.Int, error)
	Logger  *slog.Logger
}

// ValidationRequester files a validation request for every anchored batch
// once its anchor is confirmed. It listens to the bus and never blocks
// trading or anchoring; a failure is an event and a log line.
type ValidationRequester struct {
	rt   *Runtime
	o    ValidationRequestOptions
	sub  *Subscription
	done chan struct{}
	abi  *contracts.ValidationRegistry
	// work holds confirmed anchors waiting for their request: the bus
	// subscriber only queues, so a slow chain never holds up publishers.
	work chan AnchorConfirmed
}

// StartValidationRequests starts filing requests; Close stops it.
func StartValidationRequests(rt *Runtime, o ValidationRequestOptions) *ValidationRequester {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	v := &ValidationRequester{rt: rt, o: o, sub: rt.bus.Subscribe(256), done: make(chan struct{}),
		abi: contracts.NewValidationRegistry(), work: make(chan AnchorConfirmed, 1024)}
	go v.loop()
	go v.worker()
	return v
}

// Close stops listening once the request in progress is filed.
func (v *ValidationRequester) Close() error {
	v.sub.Close()
	<-v.done
	return nil
}

func (v *ValidationRequester) loop() {
	defer close(v.work)
	for {
		select {
		case e := <-v.sub.C:
			v.queue(e)
		case <-v.sub.done:
			// Events delivered before Close (the drain's last anchors) still count.
			for {
				select {
				case e := <-v.sub.C:
					v.queue(e)
				default:
					return
				}
			}
		}
	}
}

func (v *ValidationRequester) queue(e Event) {
	c, ok := e.(AnchorConfirmed)
	if !ok {
		return
	}
	select {
	case v.work <- c:
	default:
		v.o.Logger.Warn("validation request skipped: too many batches waiting", "agent", c.Agent,
			"first_seq", c.FirstSeq, "last_seq", c.LastSeq)
	}
}

func (v *ValidationRequester) worker() {
	defer close(v.done)
	for c := range v.work {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		v.file(ctx, c)
		cancel()
	}
}

func (v *ValidationRequester) file(ctx context.Context, c AnchorConfirmed) {
	name := c.Agent
	hash, txHash, uri, err := v.request(ctx, c)
	if err != nil {
		v.o.Logger.Warn("validation request failed", "agent", name, "first_seq", c.FirstSeq, "last_seq", c.LastSeq, "err", err.Error())
		v.rt.bus.Publish(ValidationRequestFailed{Base: v.rt.base(name), FirstSeq: c.FirstSeq, LastSeq: c.LastSeq, Reason: err.Error()})
		return
	}
	v.o.Logger.Info("validation requested", "agent", name, "first_seq", c.FirstSeq, "last_seq", c.LastSeq,
		"validator", v.o.Validator.Hex(), "request_hash", hash.Hex(), "tx", txHash.Hex(), "uri", shortURI(uri))
	v.rt.bus.Publish(ValidationRequested{Base: v.rt.base(name), FirstSeq: c.FirstSeq, LastSeq: c.LastSeq,
		Validator: v.o.Validator, RequestHash: hash, TxHash: txHash, URI: uri})
}

// request exports the batch, publishes it and files validationRequest from
// the agent's wallet (its identity's owner).
func (v *ValidationRequester) request(ctx context.Context, c AnchorConfirmed) (common.Hash, common.Hash, string, error) {
	st, err := v.rt.agent(c.Agent)
	if err != nil {
		return common.Hash{}, common.Hash{}, "", err
	}
	an, err := anchorOf(ctx, v.rt.db, c.Agent, c.FirstSeq)
	if err != nil {
		return common.Hash{}, common.Hash{}, "", err
	}
	tx := v.rt.agentTransactor(st)
	_, payload, err := BuildBatch(ctx, v.rt.db, an, tx.From())
	if err != nil {
		return common.Hash{}, common.Hash{}, "", err
	}
	hash := crypto.Keccak256Hash(payload)
	uri, err := v.o.Publish(c.Agent, hash, payload)
	if err != nil {
		return common.Hash{}, common.Hash{}, "", err
	}
	id, err := v.o.AgentID(c.Agent)
	if err != nil {
		return common.Hash{}, common.Hash{}, "", fmt.Errorf("no ERC-8004 identity to file for: %w", err)
	}
	to := v.o.Registry
	rcpt, err := sendSettled(ctx, tx, wallet.Intent{To: &to, Data: v.abi.PackValidationRequest(v.o.Validator, id, uri, hash)})
	if err != nil {
		return common.Hash{}, common.Hash{}, "", fmt.Errorf("validationRequest: %w", err)
	}
	return hash, rcpt.TxHash, uri, nil
}

func anchorOf(ctx context.Context, db *store.DB, agent string, first uint64) (store.Anchor, error) {
	ans, err := db.Anchors(ctx, agent)
	if err != nil {
		return store.Anchor{}, err
	}
	for _, a := range ans {
		if a.FirstSeq == first {
			return a, nil
		}
	}
	return store.Anchor{}, fmt.Errorf("no anchor of %s starts at seq %d", agent, first)
}

// shortURI keeps data: URIs out of logs.
func shortURI(u string) string {
	if strings.HasPrefix(u, "data:") && len(u) > 48 {
		return u[:48] + "..."
	}
	return u
}

// startValidationRequests files a validation request per anchored batch
// when anchoring.validator is set (it needs anchoring and an identity).
func (h *Host) startValidationRequests(o BootOptions) error {
	cfg := o.Config
	if cfg.Anchoring.Validator == "" || h.Trust == nil || h.Trust.Anchorer == nil {
		return nil
	}
	if h.Trust.Registry == nil {
		return errors.New("anchoring.validator: a validation request is filed for the agent's ERC-8004 identity: set identity.mode: auto")
	}
	registry := addressOf(cfg.Anchoring.ValidationRegistry)
	if v := h.Chain.ValidationContract(); v != (common.Address{}) {
		registry = v
	}
	if registry == (common.Address{}) {
		return errors.New("anchoring.validation_registry: no ERC-8004 Validation Registry on this chain (give its address, or remove anchoring.validator)")
	}
	pub := DirPublisher(filepath.Join(o.Home, BatchDir), "")
	switch u := cfg.Anchoring.BatchURI; {
	case u == "data":
		pub = DataURIs
	case u != "":
		pub = DirPublisher(filepath.Join(o.Home, BatchDir), u)
	}
	t := h.Trust
	v := StartValidationRequests(h.Runtime, ValidationRequestOptions{Registry: registry, Validator: cfg.Anchoring.Validator.Common(),
		Publish: pub, Logger: o.Logger,
		AgentID: func(agent string) (*big.Int, error) {
			id, err := t.Identity(agent)
			if err != nil {
				return nil, err
			}
			return id.AgentID, nil
		}})
	// Closers run last first: this one goes just before the anchorer's
	// (appended last), so it stops after the drain's final anchors and
	// files their requests while the chain is still there.
	n := len(h.closers)
	h.closers = append(h.closers[:n-1:n-1], v.Close, h.closers[n-1])
	return nil
}
