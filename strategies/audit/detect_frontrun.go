package audit

import (
	"fmt"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

func init() {
	register(&detector{Meta: Meta{
		ID: "erc20-approve-race", Title: "approve overwrites a non-zero allowance",
		Severity: Low, Confidence: ConfHigh, SWC: "SWC-114", Category: FrontRunning,
		Description: "Changing an allowance from N to M lets the spender, watching the mempool, spend N " +
			"before the change and M after it.",
		Recommendation: "Require the allowance to go through zero (require(value == 0 || allowance == 0)) " +
			"or offer increaseAllowance/decreaseAllowance.",
	}, run: runApproveRace})
	register(&detector{Meta: Meta{
		ID: "tx-order-price", Title: "Price can change between a buyer's transaction and its execution",
		Severity: Low, Confidence: ConfMedium, SWC: "SWC-114", Category: FrontRunning,
		Description: "A setter changes a value that decides what buyers pay or receive, and the buying " +
			"function does not let the buyer state the price they accept. Whoever controls the setter " +
			"can reorder it in front of pending purchases (transaction-order dependence).",
		Recommendation: "Let buyers pass the price or a minimum/maximum they accept and check it, or " +
			"apply price changes only after a delay.",
	}, run: runPriceSetter})
	register(&detector{Meta: Meta{
		ID: "first-claim", Title: "Reward paid to whoever submits the answer first",
		Severity: Medium, Confidence: ConfMedium, SWC: "SWC-114", Category: FrontRunning,
		Description: "The function pays the caller when the submitted secret hashes to a stored value. The " +
			"secret is public in the mempool, so anyone can copy it and get mined first.",
		Recommendation: "Use commit-reveal: commit to hash(answer, sender) first and reveal later, so the " +
			"answer cannot be reused by another account.",
	}, run: runFirstClaim})
}

func runApproveRace(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if !allowanceSetter[f.Name] || !f.External() || len(f.Decl.Params) < 2 || f.Decl.Body == nil {
			continue
		}
		for _, e := range a.trace(f).Effects {
			if e.Kind != EffWrite || e.Value == nil || !doubleIndex(e.Node) {
				continue
			}
			amount := identName(e.Value)
			if amount == "" || !f.scope.params[amount] || zeroGuarded(e.Guards, amount) {
				break
			}
			a.report(f.Contract, f, e.Site, fmt.Sprintf("%s sets a new allowance over a non-zero one; the spender can use both the old and the new amount", f.Name))
			break
		}
	}
}

// allowanceSetter names the ERC-20/EIP-2612 functions that set an allowance.
var allowanceSetter = map[string]bool{"approve": true, "permit": true, "approveAndCall": true}

// doubleIndex matches allowance[owner][spender].
func doubleIndex(n solidity.Node) bool {
	ix, ok := n.(*solidity.IndexAccess)
	if !ok {
		return false
	}
	_, ok = ix.X.(*solidity.IndexAccess)
	return ok
}

// zeroGuarded reports a guard that involves name and a zero literal:
// require(value == 0 || allowance[..] == 0) and its if-revert forms.
func zeroGuarded(g *Guard, name string) bool {
	for ; g != nil; g = g.Next {
		if g.Cond == nil {
			continue
		}
		hasName, hasZero := false, false
		solidity.Inspect(g.Cond, func(n solidity.Node) bool {
			switch x := n.(type) {
			case *solidity.Ident:
				hasName = hasName || x.Name == name
			case *solidity.NumberLit:
				hasZero = hasZero || isZero(x)
			}
			return true
		})
		if hasName && hasZero {
			return true
		}
	}
	return false
}

// priceKey names a priced value: a state variable, or one field of the
// structs stored in it (orders[id].price).
type priceKey struct {
	v     *StateVar
	field string
}

func runPriceSetter(a *Analysis, c *Contract) {
	uses := a.priceUses(c)
	if len(uses) == 0 {
		return
	}
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.Decl.Body == nil {
			continue
		}
		fl := a.flow(f)
		for _, e := range a.trace(f).Effects {
			if e.Kind != EffWrite || e.Var == nil || e.Value == nil || e.Inlined {
				continue
			}
			// The new value comes from the setter's caller: an argument, or
			// the ether a privileged caller sends (a sponsor replacing a
			// bounty; a bidder's own bid is the auction, not a repricing).
			fromEther := isMember(stripConversions(e.Value), "msg", "value") && (a.ownerGuarded(f) || a.accessGuarded(e))
			if directParam(e.Value, fl) == "" && !fromEther {
				continue
			}
			key := priceKey{v: e.Var}
			if m, ok := e.Node.(*solidity.MemberAccess); ok {
				key.field = m.Name.Name
			}
			if buyer := uses[key]; buyer != "" && buyer != f.Name {
				a.report(f.Contract, f, e.Node, fmt.Sprintf("%s changes %s, which sets what %s charges or pays; a pending %s executes at whatever value is current", f.Name, keyName(key), buyer, buyer))
			}
		}
	}
}

func keyName(k priceKey) string {
	if k.field != "" {
		return k.v.Name + "." + k.field
	}
	return k.v.Name
}

// priceUses finds state used as a price by functions anyone can call that
// take payment or pay out: in a product or quotient with the payment or an
// amount, compared with msg.value, or sent. Functions that check the value
// against a caller-given expectation are not exposed.
func (a *Analysis) priceUses(c *Contract) map[priceKey]string {
	out := map[priceKey]string{}
	for _, g := range c.Functions {
		if !g.External() || g.Ctor || g.ReadOnly() || g.Decl.Body == nil || a.ownerGuarded(g) || !a.paysOrCharges(g) {
			continue
		}
		fl := a.flow(g)
		keyOf := func(e solidity.Expr) (priceKey, bool) {
			e = stripConversions(g.scope.alias(stripConversions(e))) // uint price = unitPrice
			switch x := e.(type) {
			case *solidity.Ident:
				if v := g.scope.stateBase(x); v != nil && g.scope.storageOf[x.Name] == nil {
					return priceKey{v: v}, true
				}
			case *solidity.MemberAccess:
				if v := g.scope.stateBase(x.X); v != nil {
					return priceKey{v: v, field: x.Name.Name}, true
				}
			case *solidity.IndexAccess:
				if v := g.scope.stateBase(x); v != nil {
					return priceKey{v: v}, true
				}
			}
			return priceKey{}, false
		}
		protected := map[priceKey]bool{}
		walkGuarded(g.Decl.Body, g.scope, func(n solidity.Node, gd *Guard, _ bool) {
			for _, ft := range facts(gd) {
				for _, pair := range [][2]solidity.Expr{{ft.big, ft.small}, {ft.small, ft.big}} {
					if k, ok := keyOf(pair[0]); ok && directParam(pair[1], fl) != "" {
						protected[k] = true
					}
				}
			}
		})
		mark := func(e solidity.Expr) {
			if k, ok := keyOf(e); ok && !protected[k] && !k.v.Decl.Constant && !k.v.Decl.Immutable {
				out[k] = g.Name
			}
		}
		solidity.Inspect(g.Decl.Body, func(n solidity.Node) bool {
			switch x := n.(type) {
			case *solidity.BinaryExpr:
				switch x.Op {
				case "*", "/":
					if o := fl.of(x.X); o.has(fromValue | fromParam) {
						mark(x.Y)
					}
					if o := fl.of(x.Y); o.has(fromValue | fromParam) {
						mark(x.X)
					}
				case ">=", "<=", ">", "<", "==":
					if fl.of(x.X).has(fromValue) || callerBalance(x.X, g.scope) {
						mark(x.Y)
					}
					if fl.of(x.Y).has(fromValue) || callerBalance(x.Y, g.scope) {
						mark(x.X)
					}
				}
			case *solidity.CallExpr:
				if ext, _ := g.scope.classifyCall(x); ext != nil && ext.Value != nil {
					mark(ext.Value)
				}
			}
			return true
		})
	}
	return out
}

// callerBalance matches balances[msg.sender]-style entries.
func callerBalance(e solidity.Expr, sc *scope) bool {
	ix, ok := stripConversions(e).(*solidity.IndexAccess)
	return ok && ix.Index != nil && isMsgSender(ix.Index) && sc.stateBase(ix.X) != nil
}

// paysOrCharges reports functions that take ether, send value out or
// debit the caller's balance.
func (a *Analysis) paysOrCharges(f *Function) bool {
	if f.Payable() {
		return true
	}
	for _, e := range a.trace(f).Effects {
		if e.Kind == EffCall && (e.Call.Value != nil || e.Call.Kind == CallHigh || e.Call.Kind == CallLow) {
			return true
		}
	}
	found := false
	solidity.Inspect(f.Decl.Body, func(n solidity.Node) bool {
		if as, ok := n.(*solidity.AssignExpr); ok && as.Op == "-=" && callerBalance(as.LHS, f.scope) {
			found = true
		}
		return !found
	})
	return found
}

func runFirstClaim(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.Decl.Body == nil {
			continue
		}
		fl := a.flow(f)
		for _, e := range a.trace(f).Effects {
			if e.Kind != EffCall || e.Call.Value == nil || !movesValue(e.Call) || !a.originOf(f, e, e.Call.Target).has(fromSender) {
				continue
			}
			if hashAnswerGuard(e.Guards, fl) {
				a.report(f.Contract, f, where(e), fmt.Sprintf("%s pays whoever first submits the right answer; a copied answer from the mempool wins", f.Name))
				break // the reward: later payments in the function are something else
			}
		}
	}
}

// hashAnswerGuard finds a guard hash(argument) == stored value.
func hashAnswerGuard(g *Guard, fl *flow) bool {
	for _, ft := range facts(g) {
		if !ft.eq {
			continue
		}
		for _, pair := range [][2]solidity.Expr{{ft.big, ft.small}, {ft.small, ft.big}} {
			call, ok := stripConversions(pair[0]).(*solidity.CallExpr)
			if !ok || !isHashCall(call, fl.sc) {
				continue
			}
			if fl.of(call).has(fromParam) && fl.of(pair[1]).has(fromState) {
				return true
			}
		}
	}
	return false
}
