package audit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// shortWindow is the window below which block time decides outcomes: a
// proposer can move the timestamp by seconds, which matters for a window
// of minutes; from 15 minutes up the drift is noise (the usual rule).
const shortWindow = 900

func init() {
	register(&detector{Meta: Meta{
		ID: "weak-randomness", Title: "Randomness from block values",
		Severity: High, Confidence: ConfHigh, SWC: "SWC-120", Category: BadRandomness,
		Description: "Block hashes, numbers, timestamps, coinbase and difficulty/prevrandao are known to " +
			"the block producer and to any contract calling in the same block, so outcomes derived from " +
			"them can be predicted or chosen.",
		Recommendation: "Use a verifiable random function (e.g. Chainlink VRF) or a commit-reveal scheme.",
	}, run: runRandomness})
	register(&detector{Meta: Meta{
		ID: "timestamp-dependence", Title: "Block timestamp decides a condition",
		Severity: Medium, Confidence: ConfMedium, SWC: "SWC-116", Category: TimeManipulation,
		Description: "The block producer chooses the timestamp within a margin of seconds. A condition on " +
			"it modulo a small number, on its exact value, or within a window of minutes can be steered.",
		Recommendation: "Do not use block.timestamp for outcomes that a few seconds change; keep deadlines " +
			"coarse (hours or more) and never branch on timestamp % n or timestamp == x.",
	}, run: runTimestamp})
}

func runRandomness(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if f.Decl.Body == nil {
			continue
		}
		fl := a.flow(f)
		// returned holds block-derived expressions that are handed on as
		// they are (returned, used as a key or an argument): they draw no
		// outcome here.
		returned := map[solidity.Node]bool{}
		solidity.Inspect(f.Decl.Body, func(n solidity.Node) bool {
			switch x := n.(type) {
			case *solidity.ReturnStmt:
				// A getter handing out a block hash (EIP-2935 helpers) draws
				// nothing from it; its callers are checked where they use it.
				markReturned(x.X, returned)
			case *solidity.IndexAccess:
				returned[solidity.Unparen(x.Index)] = true // a key, not a draw
			case *solidity.CallExpr:
				if returned[x] {
					return true
				}
				// A hash handed to another function as an argument is an
				// identifier (queuedTransactions(keccak256(..eta..))).
				if !isHashCall(x, f.scope) && !isConversion(x) && !isAbiEncode(x) {
					for _, arg := range x.Args {
						returned[solidity.Unparen(arg)] = true
					}
				}
				switch name := calleeName(x); {
				case isHashCall(x, f.scope):
					for _, arg := range x.Args {
						if fl.of(arg).has(fromBlock) {
							a.report(c, f, x, fmt.Sprintf("%s hashes block values; the result is predictable to the block producer and to callers in the same block", name))
							return false
						}
					}
				case name == "blockhash" && !f.scope.isLocal(name) || isMember(x.Fun, "block", "blockhash"):
					a.report(c, f, x, "blockhash is known to everyone once the block exists (and is zero after 256 blocks): it is no source of randomness")
				}
			case *solidity.MemberAccess:
				if isMember(x, "block", "difficulty") || isMember(x, "block", "prevrandao") {
					a.report(c, f, x, "block."+x.Name.Name+" is chosen or known by the block producer: it is no source of randomness")
				}
			case *solidity.BinaryExpr:
				// A hashed block value was reported where it was hashed.
				if o := fl.of(x.X); x.Op == "%" && o.has(fromEntropy) && !o.has(fromHash) {
					a.report(c, f, x, "a block value taken modulo a number picks an outcome the block producer can predict")
				}
			}
			return true
		})
	}
}

// isAbiEncode matches abi.encode, abi.encodePacked and friends.
func isAbiEncode(c *solidity.CallExpr) bool {
	m, ok := c.Fun.(*solidity.MemberAccess)
	return ok && isIdent(m.X, "abi")
}

// markReturned marks the expressions a return statement hands back as
// they are: x, (x), c ? x : y.
func markReturned(e solidity.Expr, out map[solidity.Node]bool) {
	switch x := solidity.Unparen(e).(type) {
	case *solidity.Conditional:
		markReturned(x.Then, out)
		markReturned(x.Else, out)
	case nil:
	default:
		out[x] = true
	}
}

// isHashCall matches keccak256, sha3, sha256 and ripemd160.
func isHashCall(c *solidity.CallExpr, sc *scope) bool {
	id, ok := c.Fun.(*solidity.Ident)
	if !ok || sc.isLocal(id.Name) {
		return false
	}
	switch id.Name {
	case "keccak256", "sha3", "sha256", "ripemd160":
		return true
	}
	return false
}

func runTimestamp(a *Analysis, c *Contract) {
	short := a.shortDeadlines(c)
	for _, f := range c.Functions {
		if f.Decl.Body == nil {
			continue
		}
		fl := a.flow(f)
		forEachCondition(f.Decl.Body, func(cond solidity.Expr) {
			a.timestampIn(c, f, fl, cond, short)
		})
	}
}

// forEachCondition calls f for every expression that decides control
// flow: require/assert arguments, if/while/for/do conditions, ternary
// conditions and returned comparisons. Storing a timestamp is no finding.
func forEachCondition(body *solidity.Block, f func(solidity.Expr)) {
	solidity.Inspect(body, func(n solidity.Node) bool {
		switch x := n.(type) {
		case *solidity.CallExpr:
			if (isIdent(x.Fun, "require") || isIdent(x.Fun, "assert")) && len(x.Args) > 0 {
				f(x.Args[0])
			}
		case *solidity.IfStmt:
			f(x.Cond)
		case *solidity.WhileStmt:
			f(x.Cond)
		case *solidity.DoWhileStmt:
			f(x.Cond)
		case *solidity.ForStmt:
			if x.Cond != nil {
				f(x.Cond)
			}
		case *solidity.Conditional:
			f(x.Cond)
		case *solidity.ReturnStmt:
			if b, ok := solidity.Unparen(x.X).(*solidity.BinaryExpr); ok && (isComparison(b.Op) || b.Op == "&&" || b.Op == "||") {
				f(b)
			}
		}
		return true
	})
}

// timestampIn reports timestamp dependence inside one condition.
func (a *Analysis) timestampIn(c *Contract, f *Function, fl *flow, cond solidity.Expr, short map[*StateVar]float64) {
	solidity.Inspect(cond, func(n solidity.Node) bool {
		if call, ok := n.(*solidity.CallExpr); ok && isHashCall(call, f.scope) {
			return false // hashing block time is weak randomness, reported there
		}
		x, ok := n.(*solidity.BinaryExpr)
		if !ok {
			return true
		}
		if x.Op == "%" {
			if o := fl.of(x.X); o.has(fromTime) && !o.has(fromEntropy|fromHash) {
				a.report(c, f, x, "block.timestamp modulo a number decides the outcome; the block producer picks the timestamp")
			}
			return true
		}
		if !isComparison(x.Op) {
			return true
		}
		l, r := fl.of(x.X), fl.of(x.Y)
		timeHashed := func(o origin) bool { return o.has(fromTime) && o.has(fromHash) }
		if timeHashed(l) || timeHashed(r) || (!l.has(fromTime) && !r.has(fromTime)) {
			return true // a hash of the time is weak randomness, reported there
		}
		m := a.cur.Meta
		switch {
		case (x.Op == "==" || x.Op == "!=") && a.sameBlockCheck(c, fl, x):
			// now == lastUpdate: did this already happen in this block?
		case x.Op == "==" || x.Op == "!=":
			a.reportAs(m, c, f, x, "block.timestamp is compared for equality; the block producer can hit or miss the exact second")
		case shortDuration(x.X, c) > 0 || shortDuration(x.Y, c) > 0:
			d := max(shortDuration(x.X, c), shortDuration(x.Y, c))
			m.Severity = Low
			a.reportAs(m, c, f, x, fmt.Sprintf("a window of %s on block.timestamp is short enough for the block producer to steer", seconds(d)))
		default:
			for _, side := range []origin{l, r} {
				for v := range side.vars {
					if d := short[v]; d > 0 {
						m.Severity = Low
						a.reportAs(m, c, f, x, fmt.Sprintf("%s is set %s after a block timestamp; a window that short can be steered", v.Name, seconds(d)))
					}
				}
			}
		}
		return true
	})
}

// sameBlockCheck reports an equality between the block time and a
// recorded timestamp (a state variable only ever assigned the block time,
// or a value an external call returned, such as an oracle observation's
// time): it asks "same block?", not "this exact second?".
func (a *Analysis) sameBlockCheck(c *Contract, fl *flow, x *solidity.BinaryExpr) bool {
	other := x.Y
	if fl.of(x.Y).has(fromTime) && !fl.of(x.X).has(fromTime) {
		other = x.X
	}
	o := fl.of(other)
	if o.has(fromParam|fromValue|fromData|fromSender) || isLiteral(other) {
		return false
	}
	if o.bits == fromCall {
		return true
	}
	if o.bits != fromState || len(o.vars) == 0 {
		return false
	}
	for v := range o.vars {
		if !a.recordsTime(c, v) {
			return false
		}
	}
	return true
}

// recordsTime reports a state variable whose every assignment in the
// contract is a bare block timestamp.
func (a *Analysis) recordsTime(c *Contract, v *StateVar) bool {
	assigned, ok := false, true
	for _, k := range c.Linear {
		for _, f := range k.Functions {
			if f.Decl.Body == nil {
				continue
			}
			fl := a.flow(f)
			solidity.Inspect(f.Decl.Body, func(n solidity.Node) bool {
				as, isAssign := n.(*solidity.AssignExpr)
				if !isAssign || f.scope.stateBase(as.LHS) != v {
					return true
				}
				assigned = true
				rhs := stripConversions(as.RHS)
				if as.Op != "=" || fl.of(rhs).bits != fromBlock|fromTime || shortDuration(rhs, c) > 0 {
					ok = false
				}
				if _, isBin := rhs.(*solidity.BinaryExpr); isBin {
					ok = false
				}
				return true
			})
		}
	}
	return assigned && ok
}

func isComparison(op string) bool {
	switch op {
	case "==", "!=", "<", "<=", ">", ">=":
		return true
	}
	return false
}

func seconds(d float64) string {
	switch {
	case d >= 60 && int(d)%60 == 0:
		return strconv.Itoa(int(d)/60) + " minutes"
	default:
		return strconv.FormatFloat(d, 'f', -1, 64) + " seconds"
	}
}

// shortDuration finds a duration under shortWindow added to or subtracted
// from a value in e (or being e): 5 minutes, 300, a constant of 60.
func shortDuration(e solidity.Expr, c *Contract) float64 {
	e = solidity.Unparen(e)
	if d, ok := durationOf(e, c); ok {
		if d > 0 && d < shortWindow {
			return d
		}
		return 0
	}
	if b, ok := e.(*solidity.BinaryExpr); ok && (b.Op == "+" || b.Op == "-") {
		return max(shortDuration(b.X, c), shortDuration(b.Y, c))
	}
	return 0
}

// durationOf evaluates a literal duration in seconds, or a constant state
// variable holding one.
func durationOf(e solidity.Expr, c *Contract) (float64, bool) {
	switch x := stripConversions(e).(type) {
	case *solidity.NumberLit:
		v, err := strconv.ParseFloat(strings.ReplaceAll(x.Value, "_", ""), 64)
		if err != nil {
			if n, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(x.Value), "0x"), 16, 64); err == nil {
				v = float64(n)
			} else {
				return 0, false
			}
		}
		mult := map[string]float64{"": 1, "seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800, "years": 31536000}
		m, ok := mult[x.Unit]
		if !ok {
			return 0, false // ether units: not a duration
		}
		return v * m, true
	case *solidity.Ident:
		if v := c.Var(x.Name); v != nil && v.Decl.Constant && v.Decl.Value != nil {
			return durationOf(v.Decl.Value, c)
		}
	case *solidity.BinaryExpr:
		if x.Op == "*" {
			a, okA := durationOf(x.X, c)
			b, okB := durationOf(x.Y, c)
			if okA && okB {
				return a * b, true
			}
		}
	}
	return 0, false
}

// shortDeadlines finds state variables assigned block.timestamp plus a
// short duration anywhere in the contract: deadline = now + 10 minutes.
func (a *Analysis) shortDeadlines(c *Contract) map[*StateVar]float64 {
	out := map[*StateVar]float64{}
	for _, k := range c.Linear {
		for _, f := range k.Functions {
			if f.Decl.Body == nil {
				continue
			}
			fl := a.flow(f)
			solidity.Inspect(f.Decl.Body, func(n solidity.Node) bool {
				as, ok := n.(*solidity.AssignExpr)
				if !ok || (as.Op != "=" && as.Op != "+=") {
					return true
				}
				v := f.scope.stateBase(as.LHS)
				if v == nil {
					return true
				}
				if as.Op == "=" && !fl.directOf(as.RHS).has(fromTime) {
					return true
				}
				if d := shortDuration(as.RHS, c); d > 0 {
					out[v] = d
				}
				return true
			})
		}
	}
	return out
}
