package audit

import (
	"fmt"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// Detectors of bookkeeping mistakes: paying out what a ledger records
// without clearing it, and shrinking an array below zero.

func init() {
	register(&detector{Meta: Meta{
		ID: "payout-without-reset", Title: "Pays out a recorded balance without clearing it",
		Severity: High, Confidence: ConfMedium, SWC: "SWC-105", Category: AccessControl,
		Description: "The function sends the caller the amount a ledger holds for them (a deposit, a " +
			"refund, a reward) but never reduces or clears that entry, so the caller can repeat the call " +
			"and be paid again until the contract is empty.",
		Recommendation: "Set the entry to zero (or subtract what was paid) before sending, and send last.",
	}, run: runPayoutWithoutReset})
	register(&detector{Meta: Meta{
		ID: "array-length-underflow", Title: "Array length decremented without a check",
		Severity: High, Confidence: ConfHigh, SWC: "SWC-124", Category: Arithmetic,
		Description: "Before 0.6 an array's length could be written. Decrementing it on an empty array " +
			"wraps to 2^256-1: the array then covers all of storage, and an indexed write through it " +
			"can overwrite any slot, the owner's included.",
		Recommendation: "require(list.length > 0) before shrinking, or use pop() (0.5+), which reverts on an empty array.",
	}, run: runLengthUnderflow})
}

func runPayoutWithoutReset(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.Payable() || f.Decl.Body == nil || a.functionGuarded(f) {
			continue
		}
		effects := a.trace(f).Effects
		for _, e := range effects {
			if e.Kind != EffCall || e.Call.Value == nil || !movesValue(e.Call) || !a.originOf(f, e, e.Call.Target).has(fromSender) {
				continue
			}
			ledger := callerEntry(resolveArg(e, e.Call.Value), e.Scope)
			if ledger == nil || oneShot(effects) || writesVar(effects, ledger) {
				continue
			}
			a.reportAt(f, where(e), fmt.Sprintf("%s pays the caller %s[caller] (line %d) but never clears or reduces it, so the caller can call again and be paid again",
				f.Name, ledger.Name, where(e).Pos().Line))
			break
		}
	}
}

// callerEntry returns the state mapping an amount reads at the caller's
// key (deposits[msg.sender], directly or through a local copy).
func callerEntry(e solidity.Expr, sc *scope) *StateVar {
	if sc == nil {
		return nil
	}
	e = stripConversions(sc.alias(stripConversions(e)))
	ix, ok := e.(*solidity.IndexAccess)
	if !ok || ix.Index == nil || !sc.isCaller(ix.Index) {
		return nil
	}
	return sc.stateBase(ix.X)
}

// oneShot reports a function that writes state its own guards check: a
// claimed flag, a phase, a counter. Such a payout cannot simply repeat.
func oneShot(effects []Effect) bool {
	for _, e := range effects {
		if e.Kind != EffWrite || e.Var == nil {
			continue
		}
		for _, x := range effects {
			if x.Kind == EffCall && guardedBy(x.Guards, e.Var) {
				return true
			}
		}
	}
	return false
}

func writesVar(effects []Effect, v *StateVar) bool {
	for _, e := range effects {
		if e.Kind == EffWrite && e.Var == v {
			return true
		}
	}
	return false
}

func runLengthUnderflow(a *Analysis, c *Contract) {
	if v := c.File.Version; v.Known() && !v.Before(0, 6, 0) {
		return // length is read-only from 0.6
	}
	for _, f := range c.Functions {
		if f.Decl.Body == nil || f.Ctor {
			continue
		}
		walkGuarded(f.Decl.Body, f.scope, func(n solidity.Node, g *Guard, _ bool) {
			var target solidity.Expr
			switch x := n.(type) {
			case *solidity.UnaryExpr:
				if x.Op == "--" {
					target = x.X
				}
			case *solidity.AssignExpr:
				if x.Op == "-=" {
					target = x.LHS
				}
			}
			m, ok := target.(*solidity.MemberAccess)
			if !ok || m.Name.Name != "length" {
				return
			}
			v := f.scope.stateBase(m.X)
			if v == nil || lengthChecked(g, m.X, a.flow(f)) {
				return
			}
			a.report(c, f, n, fmt.Sprintf("%s.length is decremented with no check that it is above zero: on an empty array it wraps and %s then reaches every storage slot", v.Name, v.Name))
		})
	}
}

// lengthChecked reports a guard that bounds list.length from below.
func lengthChecked(g *Guard, list solidity.Expr, fl *flow) bool {
	for _, ft := range facts(g) {
		if m, ok := stripConversions(ft.big).(*solidity.MemberAccess); ok && m.Name.Name == "length" && sameExpr(m.X, list, fl) && !ft.eq {
			return true
		}
	}
	for ; g != nil; g = g.Next {
		// list.length != 0
		if b, ok := solidity.Unparen(g.Cond).(*solidity.BinaryExpr); ok && g.Cond != nil && !g.Negated && b.Op == "!=" {
			if m, ok := stripConversions(b.X).(*solidity.MemberAccess); ok && m.Name.Name == "length" && sameExpr(m.X, list, fl) {
				return true
			}
		}
	}
	return false
}
