package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// External flows: money that enters or leaves an agent's wallet without
// being a trade (a transfer out, a deposit, a send by hand). PnL and the
// drawdown peak leave them out. Each flow the runtime counts is listed in a
// record of the agent's own hash chain (Model ModelFlows, the list under
// "flows" in its receipt), with its value at the marks when it was counted,
// so editing a flow breaks the chain and a restart counts what was counted.

// ModelFlows is the Model of the records that list external flows, and
// FlowAction their action.
const (
	ModelFlows = "flows"
	FlowAction = "flow"
)

// Where a flow comes from.
const (
	// FlowTransfer: the agent's own recorded transfer (a trade with venue
	// "transfer"); TradeSeq and TradeLeg name it. Its gas is a flow too.
	FlowTransfer = "transfer"
	// FlowDetected: a balance change the agent's trades and gas do not
	// explain (a deposit, a send by hand).
	FlowDetected = "detected"
)

// Flow is one external flow of one token.
type Flow struct {
	Seq      uint64 // the record listing it (0 before it is stored)
	Time     time.Time
	Paper    bool
	Source   string         // FlowTransfer or FlowDetected
	TradeSeq uint64         // FlowTransfer: the trade's decision
	TradeLeg int            // FlowTransfer: the trade's leg
	Token    common.Address // NativeToken for the native coin
	Amount   *big.Int       // signed: positive entered the wallet
	Value    *big.Rat       // Amount at the marks then, in the quote token's smallest units
}

type flowJSON struct {
	Paper    bool           `json:"paper,omitempty"`
	Source   string         `json:"source"`
	TradeSeq uint64         `json:"tradeSeq,omitempty"`
	TradeLeg int            `json:"tradeLeg,omitempty"`
	Token    common.Address `json:"token"`
	Amount   string         `json:"amount"`
	Value    string         `json:"value"`
}

type flowsDoc struct {
	Quote common.Address `json:"quote"`
	Flows []flowJSON     `json:"flows"`
}

// FlowRecord is the record that lists flows of agent's live or paper book,
// valued in quote; summary says what happened for people reading the log.
func FlowRecord(agent, strategy string, quote common.Address, flows []Flow, summary string) (*Record, error) {
	if len(flows) == 0 {
		return nil, errors.New("store: a flow record needs flows")
	}
	doc := flowsDoc{Quote: quote, Flows: make([]flowJSON, len(flows))}
	for i, f := range flows {
		if f.Amount == nil || f.Value == nil || (f.Source != FlowTransfer && f.Source != FlowDetected) {
			return nil, fmt.Errorf("store: flow %d of %s: needs an amount, a value and a source (%s or %s)", i, agent, FlowTransfer, FlowDetected)
		}
		doc.Flows[i] = flowJSON{Paper: f.Paper, Source: f.Source, TradeSeq: f.TradeSeq, TradeLeg: f.TradeLeg, Token: f.Token,
			Amount: f.Amount.String(), Value: f.Value.RatString()}
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	// The action reads like a decision's, so logs show what moved.
	action, err := json.Marshal(struct {
		Action    string `json:"action"`
		Rationale string `json:"rationale"`
	}{FlowAction, summary})
	if err != nil {
		return nil, err
	}
	return &Record{Kind: KindDecision, Agent: agent, Strategy: strategy, ObsSummary: summary, Model: ModelFlows, Action: action,
		Verdict: VerdictNone, Approval: ApprovalNone, Outcome: OutcomeSkipped, Receipt: raw}, nil
}

// Flows returns the flows of agent's live or paper book that its records
// list, oldest first, with the quote token they are valued in.
func (db *DB) Flows(ctx context.Context, agent string, paper bool) ([]Flow, error) {
	recs, err := db.queryRecords(ctx, selectRecordSQL+" WHERE agent = ? AND kind = 'decision' AND model = ? ORDER BY seq",
		agent, ModelFlows)
	if err != nil {
		return nil, err
	}
	var out []Flow
	for _, r := range recs {
		var doc flowsDoc
		if err := json.Unmarshal(r.Receipt, &doc); err != nil {
			return nil, fmt.Errorf("store: agent %s seq %d: the flows it lists do not decode: %v", agent, r.Seq, err)
		}
		for i, j := range doc.Flows {
			if j.Paper != paper {
				continue
			}
			amt, ok1 := new(big.Int).SetString(j.Amount, 10)
			val, ok2 := new(big.Rat).SetString(j.Value)
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("store: agent %s seq %d: flow %d is not exact numbers", agent, r.Seq, i)
			}
			out = append(out, Flow{Seq: r.Seq, Time: r.Time, Paper: j.Paper, Source: j.Source, TradeSeq: j.TradeSeq,
				TradeLeg: j.TradeLeg, Token: j.Token, Amount: amt, Value: val})
		}
	}
	return out, nil
}
