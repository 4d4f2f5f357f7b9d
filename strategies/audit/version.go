package audit

import (
	"strconv"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// Version is a Solidity compiler version. The zero value means unknown.
type Version struct {
	Major, Minor, Patch int
}

// Known reports whether the version was determined.
func (v Version) Known() bool { return v != Version{} }

// Less reports whether v is before o.
func (v Version) Less(o Version) bool {
	if v.Major != o.Major {
		return v.Major < o.Major
	}
	if v.Minor != o.Minor {
		return v.Minor < o.Minor
	}
	return v.Patch < o.Patch
}

// Before reports whether v is known and older than major.minor.patch.
func (v Version) Before(major, minor, patch int) bool {
	return v.Known() && v.Less(Version{major, minor, patch})
}

func (v Version) String() string {
	if !v.Known() {
		return "unknown"
	}
	return strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor) + "." + strconv.Itoa(v.Patch)
}

// CheckedArithmetic reports whether the compiler reverts on overflow
// outside unchecked blocks (0.8.0+). Unknown versions count as checked:
// without a pragma we cannot claim an overflow.
func (v Version) CheckedArithmetic() bool {
	return !v.Known() || !v.Before(0, 8, 0)
}

// fileVersion is the lowest compiler version the file's `pragma solidity`
// admits: ^0.4.18 -> 0.4.18, >=0.7.0 <0.8.0 -> 0.7.0. Without a pragma,
// old syntax (throw, suicide, var, constructor-named functions) is taken
// as 0.4 evidence; otherwise the version stays unknown.
func fileVersion(u *solidity.SourceUnit) Version {
	for _, p := range u.Pragmas {
		if p.Name == "solidity" {
			if v, ok := lowestVersion(p.Value); ok {
				return v
			}
		}
	}
	if usesOldSyntax(u) {
		return Version{0, 4, 0}
	}
	return Version{}
}

// lowestVersion picks the smallest version named in a version expression;
// that is the one the code must be valid for.
func lowestVersion(expr string) (Version, bool) {
	var best Version
	found := false
	for _, f := range strings.FieldsFunc(expr, func(r rune) bool { return r == ' ' || r == '|' }) {
		if strings.HasPrefix(f, "<") {
			continue // an upper bound says nothing about the lowest version
		}
		v, ok := parseVersion(strings.TrimLeft(f, "^~>="))
		if !ok {
			continue
		}
		if !found || v.Less(best) {
			best, found = v, true
		}
	}
	return best, found
}

func parseVersion(s string) (Version, bool) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return Version{}, false
	}
	var n [3]int
	for i := 0; i < len(parts) && i < 3; i++ {
		x, err := strconv.Atoi(strings.TrimRight(parts[i], "x*"))
		if err != nil {
			if parts[i] == "x" || parts[i] == "*" {
				continue
			}
			return Version{}, false
		}
		n[i] = x
	}
	v := Version{n[0], n[1], n[2]}
	return v, v.Known()
}

func usesOldSyntax(u *solidity.SourceUnit) bool {
	old := false
	solidity.Inspect(u, func(n solidity.Node) bool {
		switch n := n.(type) {
		case *solidity.ThrowStmt:
			old = true
		case *solidity.Ident:
			if n.Name == "suicide" || n.Name == "sha3" {
				old = true
			}
		case *solidity.VarDeclStmt:
			for _, v := range n.Vars {
				if v != nil && v.Type == nil {
					old = true
				}
			}
		}
		return !old
	})
	return old
}
