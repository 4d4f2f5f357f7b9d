package audit

import (
	"fmt"
	"strings"
)

// Severity orders findings; the zero value is Info.
type Severity int

const (
	Info Severity = iota
	Low
	Medium
	High
)

func (s Severity) String() string {
	switch s {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	}
	return "info"
}

// MarshalText writes the lower-case name (JSON and baselines).
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// ParseSeverity reads info, low, medium or high.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "info":
		return Info, nil
	case "low":
		return Low, nil
	case "medium":
		return Medium, nil
	case "high":
		return High, nil
	}
	return Info, fmt.Errorf("unknown severity %q: use info, low, medium or high", s)
}

// Confidence says how sure a detector is of a finding.
type Confidence int

const (
	ConfLow Confidence = iota
	ConfMedium
	ConfHigh
)

func (c Confidence) String() string {
	switch c {
	case ConfMedium:
		return "medium"
	case ConfHigh:
		return "high"
	}
	return "low"
}

// MarshalText writes the lower-case name.
func (c Confidence) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a confidence name.
func (c *Confidence) UnmarshalText(b []byte) error {
	v, err := ParseConfidence(string(b))
	*c = v
	return err
}

// ParseConfidence reads low, medium or high.
func ParseConfidence(s string) (Confidence, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "low":
		return ConfLow, nil
	case "medium":
		return ConfMedium, nil
	case "high":
		return ConfHigh, nil
	}
	return ConfLow, fmt.Errorf("unknown confidence %q: use low, medium or high", s)
}

// AtLeastConfidence keeps the findings whose confidence reaches min.
func AtLeastConfidence(fs []Finding, min Confidence) []Finding {
	out := fs[:0:0]
	for _, f := range fs {
		if f.Confidence >= min {
			out = append(out, f)
		}
	}
	return out
}

// Category is a DASP top-10 class.
type Category string

// The DASP categories the corpus labels use.
const (
	AccessControl     Category = "ACCESS_CONTROL"
	Arithmetic        Category = "ARITHMETIC"
	BadRandomness     Category = "BAD_RANDOMNESS"
	DenialOfService   Category = "DENIAL_OF_SERVICE"
	FrontRunning      Category = "FRONT_RUNNING"
	Reentrancy        Category = "REENTRANCY"
	TimeManipulation  Category = "TIME_MANIPULATION"
	UncheckedLowLevel Category = "UNCHECKED_LOW_LEVEL_CALLS"
	ShortAddresses    Category = "SHORT_ADDRESSES"
	Other             Category = "OTHER"
)

// Categories lists every category in report order.
var Categories = []Category{AccessControl, Arithmetic, BadRandomness, DenialOfService, FrontRunning,
	Reentrancy, TimeManipulation, UncheckedLowLevel, ShortAddresses, Other}

// ValidCategory reports whether c is one of Categories.
func ValidCategory(c Category) bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

// Source tells static findings from those a model review added.
const (
	SourceStatic = "static"
	SourceLLM    = "llm"
)

// Finding is one reported issue. Its JSON form is the stable output
// schema documented in SCHEMA.md.
type Finding struct {
	Detector   string     `json:"detector"`
	SWC        string     `json:"swc"`
	Category   Category   `json:"category"`
	Severity   Severity   `json:"severity"`
	Confidence Confidence `json:"confidence"`
	File       string     `json:"file"`
	Line       int        `json:"line"`
	EndLine    int        `json:"end_line"`
	Column     int        `json:"column,omitempty"`
	// Address and PC locate findings in deployed bytecode; File is then
	// the address too and Line 0.
	Address  string `json:"address,omitempty"`
	PC       *int   `json:"pc,omitempty"`
	Contract string `json:"contract"`
	Function string `json:"function"`
	Message  string `json:"message"`
	Source   string `json:"source"`
	// Fingerprint identifies the finding across runs for baselines and
	// SARIF; it hashes the detector, place and source text, not the line
	// number, so unrelated edits above it do not change it.
	Fingerprint string `json:"fingerprint"`
	// Review holds a model's verdict on a static finding, when one ran.
	Review *Review `json:"review,omitempty"`
}

// Review is a model's verdict on a finding: it may only confirm or reject,
// with a reason grounded in the code.
type Review struct {
	Verdict string `json:"verdict"` // "confirmed", "rejected" or "unreviewed"
	Reason  string `json:"reason"`
	Model   string `json:"model"`
}

// Meta describes a detector.
type Meta struct {
	ID             string
	Title          string
	Severity       Severity
	Confidence     Confidence
	SWC            string
	Category       Category
	Description    string
	Recommendation string
	// Limits says what the detector cannot see (its known false negatives
	// and the patterns it deliberately lets pass); Example is a short
	// snippet it flags. Both are shown by `agentctl scan --list`.
	Limits  string
	Example string
}
