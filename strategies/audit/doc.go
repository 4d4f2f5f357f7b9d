// Package audit is the engine behind `agentctl scan`: a compiler-free
// Solidity analyser for versions 0.4 to 0.8.
//
// Files are parsed by the solidity sub-package (error tolerant, so one
// broken function never hides the rest). NewProject resolves contracts
// across imports, linearises inheritance (C3) and indexes state variables,
// functions and modifiers. Each function is then traced: its modifiers and
// the internal and library functions it calls are inlined into one ordered
// list of state reads, writes and external calls, each carrying the guard
// conditions that hold at that point. The data-flow layer (dataflow.go)
// is shared by every detector: each scope records what is assigned to its
// locals, so a timestamp, tx.origin, msg.value or call result copied into
// a local keeps its origin, plain copies alias what they copy, and the
// guards on a path (require, if ... revert) become facts such as
// balance >= amount. Detectors (detect_*.go) read traces, guards and
// origins; each has an id, severity, confidence, SWC id, DASP category,
// description, recommendation, known limits and an example (docs.go).
//
// npm_test.go holds the false-alarm regression set: OpenZeppelin Contracts
// and the Uniswap v2/v3 production sources installed from npm must give no
// medium or high finding.
//
// Scan walks paths, parses files in parallel, analyses contracts in
// parallel, applies `// agentctl-disable-next-line ID` comments and
// returns findings with stable fingerprints for baselines. Deployed
// bytecode is the evm sub-package's business; output formats live in
// report.
package audit
