// Package audit is the engine behind `agentctl scan`: a compiler-free
// Solidity analyser for versions 0.4 to 0.8.
//
// Files are parsed by the solidity sub-package (error tolerant, so one
// broken function never hides the rest). NewProject resolves contracts
// across imports, linearises inheritance (C3) and indexes state variables,
// functions and modifiers. Each function is then traced: its modifiers and
// the internal and library functions it calls are inlined into one ordered
// list of state reads, writes and external calls, each carrying the guard
// conditions that hold at that point. Detectors (detect_*.go) read traces,
// guards and data-flow origins; each has an id, severity, confidence, SWC
// id, DASP category, description and recommendation.
//
// Scan walks paths, parses files in parallel, analyses contracts in
// parallel, applies `// agentctl-disable-next-line ID` comments and
// returns findings with stable fingerprints for baselines. Deployed
// bytecode is the evm sub-package's business; output formats live in
// report.
package audit
