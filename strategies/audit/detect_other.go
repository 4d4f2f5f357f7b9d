package audit

import (
	"fmt"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

func init() {
	register(&detector{Meta: Meta{
		ID: "uninitialized-storage", Title: "Uninitialised storage pointer",
		Severity: High, Confidence: ConfHigh, SWC: "SWC-109", Category: Other,
		Description: "Before Solidity 0.5 a local struct or array declared without a location is a " +
			"storage pointer to slot 0. Writing through it overwrites the first state variables " +
			"(often the owner).",
		Recommendation: "Declare the variable memory (or point it at real storage), and upgrade the compiler.",
	}, run: runUninitializedStorage})
	register(&detector{Meta: Meta{
		ID: "shadowed-state", Title: "State variable shadows one inherited",
		Severity: Medium, Confidence: ConfHigh, SWC: "SWC-119", Category: Other,
		Description: "The contract declares a state variable with the name of one in a base contract. The " +
			"base's functions and modifiers keep using their own copy, so the two drift apart (an owner " +
			"set here is not the owner the base checks).",
		Recommendation: "Remove the redeclaration and use the inherited variable.",
	}, run: runShadowedState})
	register(&detector{Meta: Meta{
		ID: "locked-ether", Title: "Contract accepts ether but can never send it",
		Severity: Medium, Confidence: ConfHigh, SWC: "SWC-132", Category: Other,
		Description: "Some functions are payable, but no code path transfers ether out, calls with value, " +
			"delegates or self-destructs: whatever is paid in stays locked forever.",
		Recommendation: "Add a (protected) withdrawal, or remove payable if the contract should not hold ether.",
	}, run: runLockedEther})
	register(&detector{Meta: Meta{
		ID: "short-address", Title: "Token transfer without a payload length check",
		Severity: Low, Confidence: ConfMedium, Category: ShortAddresses,
		Description: "Before Solidity 0.5 the ABI decoder did not reject short calldata: a client that " +
			"sends a truncated address makes the amount be shifted left by the missing bytes.",
		Recommendation: "Compile with 0.5 or later, or check msg.data.length (an onlyPayloadSize modifier).",
	}, run: runShortAddress})
}

func runUninitializedStorage(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		for _, v := range f.scope.uninitialised {
			a.report(c, f, v, fmt.Sprintf("%s is an uninitialised storage pointer: writing to it overwrites the first storage slots", v.NameOr("the variable")))
		}
	}
	for _, m := range c.Modifiers {
		for _, v := range m.scope.uninitialised {
			a.report(c, nil, v, fmt.Sprintf("%s is an uninitialised storage pointer: writing to it overwrites the first storage slots", v.NameOr("the variable")))
		}
	}
}

func runShadowedState(a *Analysis, c *Contract) {
	for _, v := range c.Vars {
		for _, base := range c.Linear[1:] {
			for _, bv := range base.Vars {
				// A private variable is invisible to derived contracts:
				// a new one of the same name cannot be mistaken for it.
				if bv.Name == v.Name && bv.Decl.Visibility != solidity.VisPrivate {
					a.report(c, nil, v.Decl, fmt.Sprintf("%s.%s shadows %s.%s; functions of %s still read and write their own %s", c.Name, v.Name, base.Name, bv.Name, base.Name, bv.Name))
				}
			}
		}
	}
}

func runLockedEther(a *Analysis, c *Contract) {
	if c.Kind() != solidity.KindContract || c.AST.Abstract || len(c.Unresolved) > 0 {
		return
	}
	for _, other := range a.Project.Contracts {
		for _, b := range other.Bases {
			if b == c {
				return // a base: the contracts deriving from it are checked
			}
		}
	}
	var payable *Function
	for _, k := range c.Linear {
		for _, f := range k.Functions {
			if f.Payable() && f.Decl.Body != nil {
				if payable == nil {
					payable = f
				}
			}
			if a.sendsEther(f) {
				return
			}
		}
	}
	if payable == nil {
		return
	}
	a.report(c, nil, c.AST.Name, fmt.Sprintf("%s accepts ether (%s is payable) but nothing ever sends ether out of it", c.Name, payable.Name))
}

// sendsEther reports any way a function can move ether out.
func (a *Analysis) sendsEther(f *Function) bool {
	for _, e := range a.trace(f).Effects {
		if e.Kind != EffCall {
			continue
		}
		switch e.Call.Kind {
		case CallTransfer, CallSend, CallSelfdestruct, CallDelegate, CallCode, CallAsm:
			return true
		case CallLow, CallHigh:
			if e.Call.Value != nil {
				return true
			}
		}
	}
	// Library helpers like Address.sendValue(recipient, amount).
	found := false
	if f.Decl.Body != nil {
		solidity.Inspect(f.Decl.Body, func(n solidity.Node) bool {
			if call, ok := n.(*solidity.CallExpr); ok {
				name := strings.ToLower(calleeName(call))
				if strings.Contains(name, "sendvalue") || strings.Contains(name, "safetransfereth") || strings.Contains(name, "functioncallwithvalue") {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

func runShortAddress(a *Analysis, c *Contract) {
	v := c.File.Version
	if !v.Before(0, 5, 0) {
		return
	}
	for _, f := range c.Functions {
		if f.Name != "transfer" || !f.External() || len(f.Decl.Params) != 2 || f.Decl.Body == nil {
			continue
		}
		if !isAddressType(f.Decl.Params[0].Type) || !isUint(f.Decl.Params[1].Type) || a.checksPayloadSize(f) {
			continue
		}
		a.report(c, f, f.Decl, "transfer(address,uint) on a pre-0.5 compiler accepts short calldata: a truncated address shifts the amount")
	}
}

func isUint(t solidity.TypeName) bool {
	et, ok := t.(*solidity.ElementaryType)
	return ok && strings.HasPrefix(et.Name, "uint")
}

// checksPayloadSize looks for msg.data.length in the function or its modifiers.
func (a *Analysis) checksPayloadSize(f *Function) bool {
	uses := func(body *solidity.Block) bool {
		found := false
		if body != nil {
			solidity.Inspect(body, func(n solidity.Node) bool {
				if m, ok := n.(*solidity.MemberAccess); ok && m.Name.Name == "length" && isMember(m.X, "msg", "data") {
					found = true
				}
				return !found
			})
		}
		return found
	}
	if uses(f.Decl.Body) {
		return true
	}
	for _, m := range f.Decl.Modifiers {
		if mod := f.Contract.resolveModifier(m.Name.Last()); mod != nil && uses(mod.Decl.Body) {
			return true
		}
		if strings.Contains(strings.ToLower(m.Name.Last()), "payloadsize") {
			return true
		}
	}
	return false
}
