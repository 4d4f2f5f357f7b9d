package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// detector is a registered check. run looks at one contract and reports
// through the analysis.
type detector struct {
	Meta
	run func(a *Analysis, c *Contract)
}

var registry []*detector

func register(d *detector) {
	if doc, ok := detectorDocs[d.ID]; ok {
		d.Limits, d.Example = doc.limits, doc.example
	}
	registry = append(registry, d)
}

// Detectors describes every registered detector, sorted by id.
func Detectors() []Meta {
	out := make([]Meta, len(registry))
	for i, d := range registry {
		out[i] = d.Meta
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// DetectorByID returns a detector's description.
func DetectorByID(id string) (Meta, bool) {
	for _, d := range registry {
		if d.ID == id {
			return d.Meta, true
		}
	}
	return Meta{}, false
}

// Analysis runs detectors over a project and collects their findings. The
// project-wide facts (privileged variables) are computed once and shared
// read-only; each worker forks its own caches and findings.
type Analysis struct {
	Project *Project

	traces     map[*Function]*Trace
	flows      map[*Function]*flow
	guarded    map[*Function]int8   // memo of guardedBy: results in bits 1 (any check) and 2 (owner check), computed flags in bits 4 and 8
	privileged map[*StateVar]string // why each privileged variable is
	findings   []Finding
	seen       map[string]bool
	cur        *detector
}

func newAnalysis(p *Project) *Analysis {
	a := &Analysis{Project: p}
	a.reset()
	return a
}

// reset gives the analysis fresh caches and no findings.
func (a *Analysis) reset() {
	a.traces = map[*Function]*Trace{}
	a.flows = map[*Function]*flow{}
	a.guarded = map[*Function]int8{}
	a.seen = map[string]bool{}
	a.findings = nil
}

// fork returns a worker sharing the project-wide facts.
func (a *Analysis) fork() *Analysis {
	w := &Analysis{Project: a.Project, privileged: a.privileged}
	w.reset()
	return w
}

// Analyze runs every detector not excluded, on up to jobs contracts at a
// time, and returns the findings sorted by file, line and detector.
func Analyze(p *Project, exclude map[string]bool, jobs int) []Finding {
	base := newAnalysis(p)
	base.findPrivileged()
	var contracts []*Contract
	for _, c := range p.Contracts {
		if c.Kind() != solidity.KindInterface {
			contracts = append(contracts, c)
		}
	}
	jobs = max(1, min(jobs, len(contracts)))
	workers := make([]*Analysis, jobs)
	var next atomic.Int64
	var wg sync.WaitGroup
	for i := range workers {
		w := base.fork()
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(contracts) {
					return
				}
				for _, d := range registry {
					if !exclude[d.ID] {
						w.cur = d
						d.run(w, contracts[k])
					}
				}
			}
		}()
	}
	wg.Wait()
	var all []Finding
	for _, w := range workers {
		all = append(all, w.findings...)
	}
	// Workers may report the same place from different contracts (a base
	// function inlined into two callers): keep one, deterministically.
	sort.SliceStable(all, func(i, j int) bool {
		x, y := all[i], all[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Line != y.Line {
			return x.Line < y.Line
		}
		if x.Detector != y.Detector {
			return x.Detector < y.Detector
		}
		if x.Contract != y.Contract {
			return x.Contract < y.Contract
		}
		if x.Function != y.Function {
			return x.Function < y.Function
		}
		return x.Message < y.Message
	})
	out := all[:0]
	seen := map[string]bool{}
	for _, f := range all {
		key := f.Detector + "|" + f.File + "|" + itoa(f.Line)
		if !seen[key] {
			seen[key] = true
			out = append(out, f)
		}
	}
	return out
}

// trace returns the (cached) trace of a function in its own contract.
func (a *Analysis) trace(f *Function) *Trace {
	if t, ok := a.traces[f]; ok {
		return t
	}
	t := traceOf(f.Contract, f)
	a.traces[f] = t
	return t
}

// flow returns the (cached) data-flow view of a function body.
func (a *Analysis) flow(f *Function) *flow {
	if fl, ok := a.flows[f]; ok {
		return fl
	}
	fl := newFlow(f.scope, f.Decl.Body)
	a.flows[f] = fl
	return fl
}

// report records a finding of the running detector at node, once per line.
func (a *Analysis) report(c *Contract, fn *Function, node solidity.Node, msg string) {
	a.reportAs(a.cur.Meta, c, fn, node, msg)
}

// reportAt records an access-control finding of function f: it starts at
// the function header, where the missing check belongs, and runs to the
// statement the check should have protected.
func (a *Analysis) reportAt(f *Function, stmt solidity.Node, msg string) {
	a.reportSpan(a.cur.Meta, f.Contract, f, header(f), stmt.End(), msg)
}

// headerNode is the first line of a function declaration.
type headerNode struct{ pos solidity.Pos }

func (h headerNode) Pos() solidity.Pos { return h.pos }
func (h headerNode) End() solidity.Pos { return h.pos }

// header is the function's header line (not its whole body).
func header(f *Function) solidity.Node { return headerNode{f.Decl.Pos()} }

// reportAs records a finding with explicit metadata (severity variants).
func (a *Analysis) reportAs(m Meta, c *Contract, fn *Function, node solidity.Node, msg string) {
	a.reportSpan(m, c, fn, node, node.End(), msg)
}

func (a *Analysis) reportSpan(m Meta, c *Contract, fn *Function, node solidity.Node, end solidity.Pos, msg string) {
	pos := node.Pos()
	key := m.ID + "|" + pos.File + "|" + itoa(pos.Line)
	if a.seen[key] {
		return
	}
	a.seen[key] = true
	if end.Line < pos.Line {
		end = pos
	}
	f := Finding{
		Detector: m.ID, SWC: m.SWC, Category: m.Category, Severity: m.Severity, Confidence: m.Confidence,
		File: pos.File, Line: pos.Line, EndLine: end.Line, Column: pos.Col,
		Message: msg, Source: SourceStatic,
	}
	if c != nil {
		f.Contract = c.Name
	}
	if fn != nil {
		f.Function = fn.Name
	}
	f.Fingerprint = fingerprint(f, lineText(c, pos.Line))
	a.findings = append(a.findings, f)
}

// fingerprint hashes what identifies a finding independent of its line.
func fingerprint(f Finding, text string) string {
	h := sha256.Sum256([]byte(f.Detector + "\x00" + f.File + "\x00" + f.Contract + "\x00" + f.Function + "\x00" + strings.Join(strings.Fields(text), " ")))
	return hex.EncodeToString(h[:8])
}

// lineText returns source line n (1-based) of the contract's file.
func lineText(c *Contract, n int) string {
	if c == nil {
		return ""
	}
	return SourceLine(c.File.Unit, n)
}

// SourceLine returns line n (1-based) of a parsed file without its newline.
func SourceLine(u *solidity.SourceUnit, n int) string {
	if n < 1 || n > len(u.Lines) {
		return ""
	}
	start := u.Lines[n-1]
	end := len(u.Src)
	if n < len(u.Lines) {
		end = u.Lines[n] - 1
	}
	if start > end {
		return ""
	}
	return strings.TrimRight(string(u.Src[start:end]), "\r")
}
