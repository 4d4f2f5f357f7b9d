package evm

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"

	"github.com/agentctl/agentctl/strategies/audit"
)

// The bytecode detectors. They share the audit package's finding model so
// every output format treats them like the source detectors.
var (
	metaSelfdestruct = audit.Meta{
		ID: "evm-selfdestruct", Title: "SELFDESTRUCT reachable without a caller check",
		Severity: audit.High, Confidence: audit.ConfMedium, SWC: "SWC-106", Category: audit.AccessControl,
		Description: "A path from the contract's entry reaches SELFDESTRUCT without any branch on CALLER " +
			"(msg.sender) along the way: any account can destroy the contract or drain its ether.",
		Recommendation: "Guard the path with an owner check, or remove the selfdestruct.",
		Limits:         "Paths are explored up to a budget (findings are then a lower bound); any branch on CALLER counts as a check, even a wrong one.",
		Example:        "CALLER SELFDESTRUCT reachable from the dispatcher with no CALLER comparison",
	}
	metaDelegate = audit.Meta{
		ID: "evm-delegatecall-calldata", Title: "DELEGATECALL to an address taken from calldata",
		Severity: audit.High, Confidence: audit.ConfMedium, SWC: "SWC-112", Category: audit.AccessControl,
		Description: "The target of a DELEGATECALL (or CALLCODE) comes from the transaction's input, and no " +
			"branch on CALLER guards the path: any caller can run their own code with this contract's storage.",
		Recommendation: "Delegate only to addresses held in storage and set by an authorised account.",
		Limits:         "Taint from CALLDATALOAD/CALLDATACOPY to the DELEGATECALL address; targets loaded from storage are not reported.",
		Example:        "PUSH1 0x04 CALLDATALOAD ... DELEGATECALL",
	}
	metaOrigin = audit.Meta{
		ID: "evm-origin-branch", Title: "ORIGIN decides a conditional jump",
		Severity: audit.Medium, Confidence: audit.ConfMedium, SWC: "SWC-115", Category: audit.AccessControl,
		Description: "A JUMPI condition depends on ORIGIN (tx.origin) and not on CALLER: authorisation by " +
			"tx.origin lets any contract the owner interacts with act in the owner's name.",
		Recommendation: "Authorise with CALLER (msg.sender).",
		Limits:         "Any JUMPI whose condition depends on ORIGIN without CALLER; the comparison value is not inspected.",
		Example:        "ORIGIN PUSH20 owner EQ PUSH2 dest JUMPI",
	}
	metaUnchecked = audit.Meta{
		ID: "evm-unchecked-call", Title: "CALL result never checked",
		Severity: audit.Medium, Confidence: audit.ConfMedium, SWC: "SWC-104", Category: audit.UncheckedLowLevel,
		Description: "The success flag a CALL, CALLCODE or DELEGATECALL pushes is never branched on, stored " +
			"or returned on any explored path: a failed call goes unnoticed.",
		Recommendation: "Branch on the success flag (require(success)) or use a call that reverts on failure.",
		Limits:         "The success flag must reach a JUMPI, SSTORE or RETURN on some explored path; flags checked by later calls are not followed.",
		Example:        "CALL POP  // success flag discarded",
	}
)

// Detectors describes the bytecode detectors.
func Detectors() []audit.Meta {
	return []audit.Meta{metaDelegate, metaOrigin, metaSelfdestruct, metaUnchecked}
}

// Analyze runs the bytecode detectors on runtime code deployed at addr
// (a hex address used to label findings).
func Analyze(code []byte, addr string) ([]audit.Finding, *Facts) {
	facts := Interpret(BuildCFG(code))
	var out []audit.Finding
	seen := map[string]bool{}
	add := func(m audit.Meta, pc int, msg string) {
		key := m.ID + "/" + fmt.Sprint(pc)
		if seen[key] {
			return
		}
		seen[key] = true
		p := pc
		h := sha256.Sum256([]byte(m.ID + "\x00" + addr + "\x00" + fmt.Sprint(pc)))
		out = append(out, audit.Finding{
			Detector: m.ID, SWC: m.SWC, Category: m.Category, Severity: m.Severity, Confidence: m.Confidence,
			File: addr, Address: addr, PC: &p, Message: msg, Source: audit.SourceStatic,
			Fingerprint: hex.EncodeToString(h[:8]),
		})
	}
	for _, s := range facts.Selfdestructs {
		if s.Cond&(tCaller|tOrigin) == 0 {
			add(metaSelfdestruct, s.PC, fmt.Sprintf("SELFDESTRUCT at pc %#x is reachable and no branch on the caller precedes it", s.PC))
		}
	}
	for _, s := range facts.Delegates {
		if s.Taint&tCalldata != 0 && s.Cond&(tCaller|tOrigin) == 0 {
			add(metaDelegate, s.PC, fmt.Sprintf("%s at pc %#x runs code at an address read from calldata", s.Op, s.PC))
		}
	}
	for _, s := range facts.OriginBranch {
		add(metaOrigin, s.PC, fmt.Sprintf("the JUMPI at pc %#x branches on ORIGIN (tx.origin) without CALLER", s.PC))
	}
	for _, c := range facts.Calls {
		if !c.checked {
			add(metaUnchecked, c.PC, fmt.Sprintf("the success flag of the %s at pc %#x is never checked", c.Op, c.PC))
		}
	}
	sort.Slice(out, func(i, j int) bool { return *out[i].PC < *out[j].PC })
	return out, facts
}
