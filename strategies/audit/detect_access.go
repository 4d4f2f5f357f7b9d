package audit

import (
	"fmt"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

func init() {
	register(&detector{Meta: Meta{
		ID: "tx-origin", Title: "tx.origin used for authorisation",
		Severity: High, Confidence: ConfHigh, SWC: "SWC-115", Category: AccessControl,
		Description: "tx.origin is the account that started the transaction, not the immediate caller. " +
			"A contract the owner interacts with can call this one and pass a tx.origin check in the owner's name.",
		Recommendation: "Use msg.sender for authorisation.",
	}, run: runTxOrigin})
	register(&detector{Meta: Meta{
		ID: "unprotected-selfdestruct", Title: "Anyone can destroy the contract",
		Severity: High, Confidence: ConfHigh, SWC: "SWC-106", Category: AccessControl,
		Description: "selfdestruct (or suicide) is reachable by any caller: the contract's code is removed " +
			"(before Cancun) and its ether sent where the caller likes.",
		Recommendation: "Restrict the function to the owner (onlyOwner or require(msg.sender == owner)), or remove it.",
	}, run: runUnprotectedSelfdestruct})
	register(&detector{Meta: Meta{
		ID: "unprotected-setter", Title: "Privileged state changed without access control",
		Severity: High, Confidence: ConfMedium, SWC: "SWC-105", Category: AccessControl,
		Description: "A public function writes state that other functions use to decide who is privileged " +
			"(an owner, admin, minter, implementation or delegatecall target) without checking the caller, " +
			"so anyone can take over. Unprotected initializers are the common case.",
		Recommendation: "Check the caller (onlyOwner or require(msg.sender == owner)); make initializers " +
			"callable once (an initialized flag or OpenZeppelin's initializer) and call them at deployment.",
	}, run: runUnprotectedSetter})
	register(&detector{Meta: Meta{
		ID: "unprotected-withdrawal", Title: "Anyone can withdraw the contract's ether",
		Severity: High, Confidence: ConfMedium, SWC: "SWC-105", Category: AccessControl,
		Description: "The function sends the contract's whole balance to the caller or an address they " +
			"pass, with no condition at all.",
		Recommendation: "Restrict the withdrawal to the owner or to what the caller is owed.",
	}, run: runUnprotectedWithdrawal})
	register(&detector{Meta: Meta{
		ID: "default-visibility", Title: "Function visibility left to the public default",
		Severity: High, Confidence: ConfMedium, SWC: "SWC-100", Category: AccessControl,
		Description: "Before Solidity 0.5 a function without a visibility keyword is public. This one moves " +
			"ether or changes privileged state, so it was most likely meant to be internal.",
		Recommendation: "Mark the function internal or private, or add the access control it needs; always " +
			"write the visibility.",
	}, run: runDefaultVisibility})
	register(&detector{Meta: Meta{
		ID: "constructor-name", Title: "Constructor name does not match the contract",
		Severity: High, Confidence: ConfHigh, SWC: "SWC-118", Category: AccessControl,
		Description: "Before 0.4.22 a constructor is the function named exactly like the contract. This " +
			"function's name differs slightly, so it is an ordinary public function anyone can call later.",
		Recommendation: "Use the constructor keyword (0.4.22+), or rename the function to match the contract exactly.",
	}, run: runConstructorName})
	register(&detector{Meta: Meta{
		ID: "ecrecover-zero", Title: "ecrecover result not checked against the zero address",
		Severity: Medium, Confidence: ConfMedium, SWC: "SWC-117", Category: AccessControl,
		Description: "ecrecover returns address(0) for an invalid signature. When the expected signer can " +
			"be zero (unset, or chosen by the caller), any garbage signature passes.",
		Recommendation: "require(signer != address(0)) before comparing, or use OpenZeppelin's ECDSA.recover.",
	}, run: runEcrecover})
}

func runTxOrigin(a *Analysis, c *Contract) {
	check := func(f *Function, body *solidity.Block, sc *scope) {
		if body == nil {
			return
		}
		a.conditions(body, sc, func(cond solidity.Expr, positive bool, sc *scope) {
			conjuncts(cond, positive, func(atom solidity.Expr, pos bool) {
				if ac, ok := a.atomAccess(atom, pos, sc, 0); ok && ac.origin {
					a.report(c, f, atom, "authorisation compares tx.origin; a contract the owner calls can act in the owner's name")
				} else if originVsParam(atom, sc) {
					a.report(c, f, atom, "authorisation compares tx.origin with an argument (a modifier's account, a caller-given owner); a contract that account calls can act in its name")
				}
			})
		})
	}
	for _, f := range c.Functions {
		check(f, f.Decl.Body, f.scope)
	}
	for _, m := range c.Modifiers {
		check(nil, m.Decl.Body, m.scope)
	}
}

// originVsParam matches tx.origin == p (or !=) where p is a parameter:
// a modifier onlyBy(account) that its users bind to the owner.
func originVsParam(atom solidity.Expr, sc *scope) bool {
	b, ok := solidity.Unparen(atom).(*solidity.BinaryExpr)
	if !ok || (b.Op != "==" && b.Op != "!=") {
		return false
	}
	for _, pair := range [][2]solidity.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		if id, isID := stripConversions(pair[1]).(*solidity.Ident); isID && sc.isOrigin(pair[0]) && sc.params[id.Name] {
			return true
		}
	}
	return false
}

func runUnprotectedSelfdestruct(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.Decl.Body == nil {
			continue
		}
		for _, e := range a.trace(f).Effects {
			if e.Kind != EffCall || (e.Call.Kind != CallSelfdestruct && !(e.Call.Kind == CallAsm && e.Call.Method == "selfdestruct")) {
				continue
			}
			if a.accessGuarded(e) || a.functionGuarded(f) {
				continue
			}
			a.reportAt(f, where(e), fmt.Sprintf("%s can be called by anyone and destroys the contract (line %d)", f.Name, where(e).Pos().Line))
		}
	}
}

func runUnprotectedSetter(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.ReadOnly() || f.Decl.Body == nil || f.DefaultVisibility && a.sensitive(f) {
			continue
		}
		if a.functionGuarded(f) || a.constructorTypo(c, f) {
			continue // a misnamed constructor is reported as such
		}
		tr := a.trace(f)
		for _, e := range tr.Effects {
			if e.Kind != EffWrite || a.accessGuarded(e) {
				continue
			}
			why, priv := a.privileged[e.Var]
			if e.Var == nil && a.delegates(c) {
				why, priv = "which assembly writes to a raw slot (a proxy's implementation or admin)", true
			}
			if !priv || a.initGuarded(tr, e) {
				continue
			}
			if f.Payable() && (e.Value != nil && isMsgSender(e.Value) || keyedByCaller(e.Node, e.Scope)) {
				continue // paying to become king, leader or member is the game, not a takeover
			}
			name := "storage"
			if e.Var != nil {
				name = e.Var.Name
			}
			a.reportAt(f, e.Site, fmt.Sprintf("%s is callable by anyone and sets %s (line %d), %s, without checking who calls", f.Name, name, e.Site.Pos().Line, why))
			break // one finding per function: the first privileged write
		}
	}
}

// keyedByCaller reports an lvalue indexed by the caller: isMember[msg.sender].
func keyedByCaller(n solidity.Node, sc *scope) bool {
	for e, ok := n.(solidity.Expr); ok; {
		switch x := e.(type) {
		case *solidity.IndexAccess:
			if x.Index != nil && sc != nil && sc.isCaller(x.Index) {
				return true
			}
			e = x.X
		case *solidity.MemberAccess:
			e = x.X
		default:
			return false
		}
	}
	return false
}

// initGuarded reports an initializer guard: the effect happens only while
// a flag is unset, and the function sets it.
func (a *Analysis) initGuarded(tr *Trace, e Effect) bool {
	for g := e.Guards; g != nil; g = g.Next {
		if g.Cond == nil {
			continue
		}
		var flag *StateVar
		conjuncts(g.Cond, !g.Negated, func(atom solidity.Expr, pos bool) {
			if !pos {
				if id, ok := solidity.Unparen(atom).(*solidity.Ident); ok {
					flag = g.Scope.stateBase(id)
				}
			}
			if b, ok := atom.(*solidity.BinaryExpr); ok && b.Op == "==" && pos {
				if lit, ok := b.Y.(*solidity.BoolLit); ok && !lit.Value {
					flag = g.Scope.stateBase(b.X)
				}
			}
		})
		if flag == nil {
			continue
		}
		for _, w := range tr.Effects {
			if w.Kind == EffWrite && w.Var == flag {
				return true
			}
		}
	}
	return false
}

// wholeBalance matches this.balance and address(this).balance.
func wholeBalance(e solidity.Expr) bool {
	m, ok := solidity.Unparen(e).(*solidity.MemberAccess)
	if !ok || m.Name.Name != "balance" {
		return false
	}
	return isIdent(stripConversions(m.X), "this")
}

func runUnprotectedWithdrawal(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.Decl.Body == nil || f.DefaultVisibility {
			continue
		}
		if a.functionGuarded(f) {
			continue
		}
		for _, e := range a.trace(f).Effects {
			if e.Kind != EffCall || ownGuard(e) || e.Call.Value == nil || !wholeBalance(resolveArg(e, e.Call.Value)) {
				continue
			}
			o := a.originOf(f, e, e.Call.Target)
			if !o.has(fromSender | fromParam) {
				continue
			}
			a.reportAt(f, where(e), fmt.Sprintf("%s sends the whole balance to %s (line %d) and anyone can call it", f.Name, exprText(e.Call.Target), where(e).Pos().Line))
		}
	}
}

// sensitive reports a function that moves ether to an address the caller
// passes, writes privileged state or destroys the contract.
func (a *Analysis) sensitive(f *Function) bool {
	for _, e := range a.trace(f).Effects {
		switch e.Kind {
		case EffCall:
			if e.Call.Kind == CallSelfdestruct {
				return true
			}
			if e.Call.Value != nil && a.originOf(f, e, e.Call.Target).has(fromParam) {
				return true
			}
		case EffWrite:
			if _, ok := a.privileged[e.Var]; ok && e.Var != nil {
				return true
			}
		}
	}
	return false
}

func runDefaultVisibility(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if !f.DefaultVisibility || f.Special() || f.Ctor || f.Decl.Body == nil {
			continue
		}
		at := f.Decl.Name
		if at == nil {
			continue
		}
		if a.sensitive(f) && !a.functionGuarded(f) {
			a.report(f.Contract, f, header(f), fmt.Sprintf("%s has no visibility keyword, so it is public, and anyone can call it to move ether or change privileged state", f.Name))
			continue
		}
		// A style note, not a flaw: info, so --fail-on low ignores it.
		m := a.cur.Meta
		m.Severity, m.Confidence = Info, ConfHigh
		a.reportAs(m, f.Contract, f, header(f), fmt.Sprintf("%s has no visibility keyword and is public by default; write it explicitly", f.Name))
	}
}

func runConstructorName(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if a.constructorTypo(c, f) {
			a.report(c, f, header(f), fmt.Sprintf("%s looks like the constructor of %s but its name differs, so it never runs at deployment and anyone can call it", f.Name, c.Name))
		}
	}
}

// constructorTypo reports a pre-0.5 function that was meant to be the
// constructor: named almost like the contract (or `constructor`), doing
// what constructors do, in a contract that has no real constructor.
func (a *Analysis) constructorTypo(c *Contract, f *Function) bool {
	v := c.File.Version
	if c.Kind() != solidity.KindContract || (v.Known() && !v.Before(0, 5, 0)) {
		return false
	}
	if f.Decl.Name == nil || f.Decl.Kind != solidity.FuncNormal || f.Ctor {
		return false
	}
	for _, g := range c.Functions {
		if g.Ctor {
			return false
		}
	}
	n := f.Name
	if n != "constructor" && !(len(c.Name) >= 4 && n != c.Name && similarName(n, c.Name)) {
		return false
	}
	return a.initialisesOwner(f) // a similar name alone (splitDAO in SplitDAO) is no constructor
}

// similarName reports names equal ignoring case or within two edits.
func similarName(a, b string) bool {
	if equalFold(a, b) {
		return true
	}
	return editDistance(a, b) <= 2
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// initialisesOwner reports a function that does what constructors do:
// stores msg.sender, or sets privileged state.
func (a *Analysis) initialisesOwner(f *Function) bool {
	for _, e := range a.trace(f).Effects {
		if e.Kind != EffWrite || e.Var == nil {
			continue
		}
		if _, ok := a.privileged[e.Var]; ok || (e.Value != nil && isMsgSender(e.Value)) {
			return true
		}
	}
	return false
}

// delegates reports a contract that delegatecalls somewhere (a proxy):
// only there do raw storage slots hold privileges.
func (a *Analysis) delegates(c *Contract) bool {
	for _, k := range c.Linear {
		for _, f := range k.Functions {
			for _, e := range a.trace(f).Effects {
				if e.Kind == EffCall && (e.Call.Kind == CallDelegate || e.Call.Kind == CallCode || e.Call.Method == "delegatecall") {
					return true
				}
			}
		}
	}
	return false
}
