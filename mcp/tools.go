package mcp

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/llm"
)

type jsonrpcError = jsonrpc.Error

const codeInvalidParams = jsonrpc.CodeInvalidParams

// Tool inputs. Every field the schema does not list is refused by the SDK
// (additionalProperties false), so no input can name another agent.
type (
	noArgs    struct{}
	swapInput struct {
		Venue       string `json:"venue" jsonschema:"a configured DEX venue, e.g. dex-a"`
		TokenIn     string `json:"token_in" jsonschema:"symbol of the token to spend, e.g. USDC"`
		TokenOut    string `json:"token_out" jsonschema:"symbol of the token to receive, e.g. WETH"`
		AmountIn    string `json:"amount_in" jsonschema:"decimal amount of token_in, e.g. 100.5"`
		SlippageBps int64  `json:"slippage_bps,omitempty" jsonschema:"max slippage in basis points, 0..1000; 0 or absent uses the policy's limit"`
	}
	transferInput struct {
		Token  string `json:"token" jsonschema:"ETH, or the symbol of a token the policy allows (allowed_tokens), e.g. USDC"`
		To     string `json:"to" jsonschema:"the recipient: a 0x address or the name of one of the policy's allowed_recipients (see agentctl://policy); any other recipient is denied"`
		Amount string `json:"amount" jsonschema:"decimal amount of token, e.g. 12.5; the policy's per-trade and daily caps apply"`
	}
	betInput struct {
		Market      string `json:"market" jsonschema:"a configured prediction market (see the markets tool)"`
		Outcome     int    `json:"outcome" jsonschema:"outcome index, from 0"`
		Amount      string `json:"amount" jsonschema:"decimal amount of the market's collateral to spend"`
		SlippageBps int64  `json:"slippage_bps,omitempty" jsonschema:"max slippage in basis points, 0..1000; 0 or absent uses the policy's limit"`
	}
	sellInput struct {
		Market      string `json:"market" jsonschema:"a configured prediction market"`
		Outcome     int    `json:"outcome" jsonschema:"outcome index, from 0"`
		Amount      string `json:"amount" jsonschema:"decimal amount of that outcome's tokens to sell at most"`
		SlippageBps int64  `json:"slippage_bps,omitempty" jsonschema:"max slippage in basis points, 0..1000; 0 or absent uses the policy's limit"`
	}
	redeemInput struct {
		Market string `json:"market" jsonschema:"a resolved prediction market the agent holds positions in"`
	}
	orderInput struct {
		Market   string `json:"market" jsonschema:"one of the agent's order-book markets, by the name its params give it"`
		Side     string `json:"side" jsonschema:"BUY or SELL"`
		Price    string `json:"price" jsonschema:"decimal collateral per outcome token, inside (0, 1) and on the market's tick"`
		Size     string `json:"size" jsonschema:"decimal outcome tokens, at most 2 decimals, at least the market's minimum order"`
		PostOnly bool   `json:"post_only,omitempty" jsonschema:"only rest on the book; the venue refuses it rather than let it take"`
	}
	orderBooksOutput struct {
		Agent string            `json:"agent"`
		Books []agent.OrderBook `json:"books"`
	}
	cancelInput struct {
		OrderID string `json:"order_id" jsonschema:"the venue's id of one of the agent's resting orders (as propose_order returned it)"`
	}
	logInput struct {
		FromSeq uint64 `json:"from_seq,omitempty" jsonschema:"first seq to return; absent returns the latest"`
		Limit   int    `json:"limit,omitempty" jsonschema:"how many records, 1..200 (default 20)"`
	}
	seqInput struct {
		Seq uint64 `json:"seq" jsonschema:"seq of a decision in this agent's log"`
	}
	verifyInput struct {
		Seq uint64 `json:"seq,omitempty" jsonschema:"also check this decision; absent checks the whole chain only"`
	}
	scanInput struct {
		Target string `json:"target" jsonschema:"a 0x contract address on the agent's chain, or a Solidity path under the server's scan root"`
	}
)

// Tool outputs.
type (
	proposalOutput struct {
		Seq       uint64    `json:"seq" jsonschema:"the decision's seq in the agent's log"`
		Verdict   string    `json:"verdict" jsonschema:"allowed, denied or none (the plan could not be built)"`
		Reasons   []string  `json:"reasons,omitempty" jsonschema:"every policy reason for a denial"`
		Approval  string    `json:"approval"`
		Outcome   string    `json:"outcome" jsonschema:"confirmed, reverted, failed, skipped, paper or pending"`
		TxHash    string    `json:"tx_hash,omitempty"`
		Receipts  []receipt `json:"receipts,omitempty" jsonschema:"one per mined transaction of the plan"`
		Orders    []order   `json:"orders,omitempty" jsonschema:"the venue's id and status of each order posted"`
		Error     string    `json:"error,omitempty"`
		Plan      string    `json:"plan,omitempty"`
		Simulated []string  `json:"simulated,omitempty"`
	}
	order struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	receipt struct {
		Hash    string `json:"hash"`
		Block   uint64 `json:"block"`
		Status  uint64 `json:"status" jsonschema:"1 success, 0 reverted"`
		GasUsed uint64 `json:"gasUsed"`
	}
	decisionsOutput struct {
		Agent     string                 `json:"agent"`
		Decisions []agent.LoggedDecision `json:"decisions"`
	}
	marketsOutput struct {
		Markets []agent.MarketInfo `json:"markets" jsonschema:"question and outcomes are fenced untrusted text"`
		Venues  []string           `json:"venues"`
	}
	finding struct {
		Detector string `json:"detector"`
		Severity string `json:"severity"`
		File     string `json:"file"`
		Line     int    `json:"line"`
		Contract string `json:"contract,omitempty"`
		Function string `json:"function,omitempty"`
		Message  string `json:"message" jsonschema:"fenced: quotes the scanned code"`
	}
	scanOutput struct {
		Target   string    `json:"target"`
		Files    int       `json:"files"`
		Targets  []string  `json:"targets,omitempty"`
		Findings []finding `json:"findings"`
	}
	proofOutput struct {
		Anchored bool `json:"anchored"`
		Proof    any  `json:"proof" jsonschema:"the proof as agentctl proof prints it"`
	}
)

func toProposal(r agent.ProposalResult) proposalOutput {
	out := proposalOutput{Seq: r.Seq, Verdict: string(r.Verdict), Reasons: r.Reasons, Approval: string(r.Approval),
		Outcome: string(r.Outcome), TxHash: r.TxHash, Error: r.Error, Plan: r.Summary, Simulated: r.Simulated}
	if len(r.Receipts) > 0 {
		// The runtime's receipt summary (execute.go's receiptJSON), or the
		// orders a signing decision posted (sign.go's finishSigns).
		var posted struct {
			Orders []order `json:"orders"`
		}
		if json.Unmarshal(r.Receipts, &posted) == nil && len(posted.Orders) > 0 {
			out.Orders = posted.Orders
		} else {
			json.Unmarshal(r.Receipts, &out.Receipts)
		}
	}
	return out
}

// handle wraps a tool body with the rate limit, the error mapping and a
// log line (client, tool, latency; never arguments that could hold secrets).
func handle[In, Out any](b *binding, name string, fn func(context.Context, In) (Out, error)) sdk.ToolHandlerFor[In, Out] {
	return func(ctx context.Context, _ *sdk.CallToolRequest, in In) (*sdk.CallToolResult, Out, error) {
		var zero Out
		if err := b.admit(name); err != nil {
			return nil, zero, err
		}
		start := time.Now()
		out, err := fn(ctx, in)
		if err != nil {
			b.log.Info("mcp tool failed", "tool", name, "took", since(start), "err", err.Error())
			return nil, zero, toolErr(err)
		}
		b.log.Debug("mcp tool", "tool", name, "took", since(start))
		return nil, out, nil
	}
}

func (b *binding) addTools(s *sdk.Server) {
	ro := &sdk.ToolAnnotations{ReadOnlyHint: true}
	name := b.c.Agent
	addTyped(s, &sdk.Tool{Name: "balances", Annotations: ro,
		Description: "The agent's wallet balances (ETH and its policy's tokens) at the head block it names, and the positions its trades booked."},
		handle(b, "balances", func(ctx context.Context, _ noArgs) (agent.Holdings, error) { return b.x.Balances(ctx, name) }))
	addTyped(s, &sdk.Tool{Name: "quote", Annotations: ro,
		Description: "Quote an exact-input swap on a configured venue at the head block it names: expected output and the minimum the plan would accept. Records and sends nothing."},
		handle(b, "quote", func(ctx context.Context, in swapInput) (agent.Quoted, error) {
			return b.x.Quote(ctx, name, swapArgs(in))
		}))
	addTyped(s, &sdk.Tool{Name: "propose_swap",
		Description: "Propose an exact-input swap. The runtime plans it, simulates it, checks it against the agent's default-deny policy, asks a person in ask mode, then sends it and waits for the receipt. Every outcome, a denial too, is a decision in the agent's log."},
		handle(b, "propose_swap", func(ctx context.Context, in swapInput) (proposalOutput, error) {
			r, err := b.x.Swap(ctx, name, b.c.Name, swapArgs(in))
			return toProposal(r), err
		}))
	addTyped(s, &sdk.Tool{Name: "propose_transfer", Description: transferDescription(b.x, name)},
		handle(b, "propose_transfer", func(ctx context.Context, in transferInput) (proposalOutput, error) {
			r, err := b.x.Transfer(ctx, name, b.c.Name, agent.TransferArgs{Token: in.Token, To: in.To, Amount: in.Amount})
			return toProposal(r), err
		}))
	addTyped(s, &sdk.Tool{Name: "propose_bet",
		Description: "Propose buying an outcome of a configured prediction market with its collateral; same path as propose_swap."},
		handle(b, "propose_bet", func(ctx context.Context, in betInput) (proposalOutput, error) {
			r, err := b.x.Bet(ctx, name, b.c.Name, agent.BetArgs{Market: in.Market, Outcome: in.Outcome, Amount: in.Amount, SlippageBps: in.SlippageBps})
			return toProposal(r), err
		}))
	addTyped(s, &sdk.Tool{Name: "propose_sell",
		Description: "Propose selling outcome tokens the agent holds back to a prediction market; same path as propose_swap."},
		handle(b, "propose_sell", func(ctx context.Context, in sellInput) (proposalOutput, error) {
			r, err := b.x.Sell(ctx, name, b.c.Name, agent.SellArgs{Market: in.Market, Outcome: in.Outcome, Amount: in.Amount, SlippageBps: in.SlippageBps})
			return toProposal(r), err
		}))
	addTyped(s, &sdk.Tool{Name: "propose_redeem",
		Description: "Propose redeeming the agent's positions in a resolved prediction market; same path as propose_swap."},
		handle(b, "propose_redeem", func(ctx context.Context, in redeemInput) (proposalOutput, error) {
			r, err := b.x.Redeem(ctx, name, b.c.Name, agent.RedeemArgs{Market: in.Market})
			return toProposal(r), err
		}))
	if b.x.TakesOrders(name) {
		addTyped(s, &sdk.Tool{Name: "order_books", Annotations: ro,
			Description: "The agent's order-book markets (a predict.polymarket agent's Polymarket CLOB) as the venue shows them now: best bid and ask with sizes, tick, least order size and fee schedule, by the market names propose_order takes. Records nothing."},
			handle(b, "order_books", func(ctx context.Context, _ noArgs) (orderBooksOutput, error) {
				books, err := b.x.OrderBooks(ctx, name)
				return orderBooksOutput{Agent: name, Books: books}, err
			}))
		addTyped(s, &sdk.Tool{Name: "propose_order",
			Description: "Propose a limit order on the agent's order book (a predict.polymarket agent's Polymarket CLOB). The agent's strategy builds it from the book it reads now; the policy judges the decoded order (exchange, market, side, price, per-order and daily caps counting what was already signed and the most its fee can be), ask mode asks a person, it is recorded before the agent's wallet signs it, then posted; the result names the venue's order id. Every outcome, a denial too, is a decision in the agent's log."},
			handle(b, "propose_order", func(ctx context.Context, in orderInput) (proposalOutput, error) {
				r, err := b.x.Order(ctx, name, b.c.Name, agent.OrderAsk{Market: in.Market, Side: in.Side, Price: in.Price, Size: in.Size, PostOnly: in.PostOnly})
				return toProposal(r), err
			}))
		addTyped(s, &sdk.Tool{Name: "cancel_order",
			Description: "Pull one of the agent's resting orders from its order book. It lowers risk, so no person is asked, but it is a decision in the agent's log like any other."},
			handle(b, "cancel_order", func(ctx context.Context, in cancelInput) (proposalOutput, error) {
				r, err := b.x.CancelOrder(ctx, name, b.c.Name, in.OrderID)
				return toProposal(r), err
			}))
	}
	addTyped(s, &sdk.Tool{Name: "decision_log", Annotations: ro,
		Description: "Records of the agent's hash-chained decision log, oldest first."},
		handle(b, "decision_log", func(ctx context.Context, in logInput) (decisionsOutput, error) {
			if in.Limit == 0 {
				in.Limit = 20
			}
			if in.Limit < 1 || in.Limit > 200 {
				return decisionsOutput{}, &agent.ArgError{Field: "limit", Msg: "must be within 1..200"}
			}
			ds, err := b.x.Decisions(ctx, name, in.FromSeq, in.Limit)
			for i := range ds {
				ds[i].Summary = fenceIf("decision summary", ds[i].Summary)
				ds[i].Error = fenceIf("decision error", ds[i].Error)
			}
			return decisionsOutput{Agent: name, Decisions: ds}, err
		}))
	addTyped(s, &sdk.Tool{Name: "verify", Annotations: ro,
		Description: "Recompute the agent's hash chain (as agentctl verify does) and, given seq, check that decision."},
		handle(b, "verify", func(ctx context.Context, in verifyInput) (agent.Verified, error) {
			return b.x.Verify(ctx, name, in.Seq)
		}))
	addTyped(s, &sdk.Tool{Name: "proof", Annotations: ro,
		Description: "The Merkle proof of one decision against its on-chain anchor (leaf only while not anchored)."},
		handle(b, "proof", func(ctx context.Context, in seqInput) (proofOutput, error) {
			p, err := b.x.Proof(ctx, name, in.Seq)
			if err != nil {
				return proofOutput{}, err
			}
			raw, _ := json.Marshal(p)
			var v any
			json.Unmarshal(raw, &v)
			return proofOutput{Anchored: p.Anchor != nil, Proof: v}, nil
		}))
	addTyped(s, &sdk.Tool{Name: "scan", Annotations: ro,
		Description: "Static analysis of a deployed contract (0x address on the agent's chain) or Solidity sources under the server's scan root."},
		handle(b, "scan", func(ctx context.Context, in scanInput) (scanOutput, error) {
			rep, err := scan(ctx, b.x, in.Target, b.scanRoot)
			if err != nil {
				return scanOutput{}, err
			}
			out := scanOutput{Target: rep.Target, Files: rep.Files, Targets: rep.Targets, Findings: []finding{}}
			for _, f := range rep.Findings {
				out.Findings = append(out.Findings, finding{Detector: f.Detector, Severity: f.Severity.String(), File: f.File,
					Line: f.Line, Contract: f.Contract, Function: f.Function, Message: llm.FenceData("finding", f.Message)})
			}
			return out, nil
		}))
	addTyped(s, &sdk.Tool{Name: "markets", Annotations: ro,
		Description: "Configured prediction markets (questions fenced as untrusted data) and DEX venues."},
		handle(b, "markets", func(context.Context, noArgs) (marketsOutput, error) {
			ms := b.x.Markets()
			for i := range ms {
				ms[i].Question = llm.FenceData("market question", ms[i].Question)
				for j := range ms[i].Outcomes {
					ms[i].Outcomes[j] = llm.FenceData("outcome label", ms[i].Outcomes[j])
				}
			}
			return marketsOutput{Markets: ms, Venues: b.x.Venues()}, nil
		}))
}

// transferDescription names the agent's allowed recipients, so a model
// knows where a transfer may go before it asks.
func transferDescription(x *agent.External, name string) string {
	d := "Propose sending ETH or an ERC-20 token from the agent's wallet. The policy's transfer rule " +
		"(default-deny) allows only its allowed recipients, allowed tokens and per-trade/daily caps; " +
		"in ask mode a person approves. Every outcome, a denial too, is a decision in the agent's log. "
	if p, err := x.Policy(name); err == nil && len(p.Recipients) > 0 {
		return d + "Allowed recipients: " + strings.Join(p.Recipients, ", ") + "."
	}
	return d + "This agent's policy allows no recipients: every transfer is denied."
}

func swapArgs(in swapInput) agent.SwapArgs {
	return agent.SwapArgs{Venue: in.Venue, TokenIn: in.TokenIn, TokenOut: in.TokenOut, AmountIn: in.AmountIn, SlippageBps: in.SlippageBps}
}

func fenceIf(label, s string) string {
	if s == "" {
		return ""
	}
	return llm.FenceData(label, s)
}

// addResources offers the agent's policy (read-only) and recent decisions.
func (b *binding) addResources(s *sdk.Server) {
	name := b.c.Agent
	jsonResource := func(uri string, v any) (*sdk.ReadResourceResult, error) {
		raw, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return nil, err
		}
		return &sdk.ReadResourceResult{Contents: []*sdk.ResourceContents{{URI: uri, MIMEType: "application/json", Text: string(raw)}}}, nil
	}
	s.AddResource(&sdk.Resource{URI: "agentctl://policy", Name: "policy", MIMEType: "application/json",
		Description: "The agent's default-deny policy and mode (read-only: no tool changes it)."},
		func(_ context.Context, req *sdk.ReadResourceRequest) (*sdk.ReadResourceResult, error) {
			if err := b.admit("resource policy"); err != nil {
				return nil, err
			}
			p, err := b.x.Policy(name)
			if err != nil {
				return nil, err
			}
			return jsonResource(req.Params.URI, p)
		})
	s.AddResource(&sdk.Resource{URI: "agentctl://decisions", Name: "decisions", MIMEType: "application/json",
		Description: "The agent's 50 latest decision log records."},
		func(ctx context.Context, req *sdk.ReadResourceRequest) (*sdk.ReadResourceResult, error) {
			if err := b.admit("resource decisions"); err != nil {
				return nil, err
			}
			ds, err := b.x.Decisions(ctx, name, 0, 50)
			if err != nil {
				return nil, err
			}
			for i := range ds {
				ds[i].Summary = fenceIf("decision summary", ds[i].Summary)
				ds[i].Error = fenceIf("decision error", ds[i].Error)
			}
			return jsonResource(req.Params.URI, ds)
		})
}
