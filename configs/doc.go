// Package configs is agentctl's typed configuration: the chain, the model
// servers, the agents with their strategies and default-deny policies,
// anchoring, identity, logging and metrics.
//
// Load builds a Config from, lowest to highest precedence:
//
//  1. the embedded default (default.yaml): the in-process devnet, Ollama on
//     127.0.0.1:11434 with the rules brain as fallback, and two demo agents
//     (dex.momentum and dex.arbitrage on WETH/USDC);
//  2. a YAML file, whose sections merge into the defaults key by key; an
//     agents: list replaces the demo agents instead of merging with them;
//  3. environment variables (EnvVars; an empty value counts as unset);
//  4. flags, given to Load as dotted setting paths.
//
// Decoding is strict: an unknown key, a duplicate key or a value of the
// wrong type is a Problem naming the file line and the setting's path,
// with a "did you mean" for near misses. Validation then checks every
// setting and reports all problems at once, each as
// "path: what is wrong (what to do)". example.yaml documents every setting.
//
// Amounts are Decimal: the text as written, never a float, converted
// exactly to base units with Units. API keys are never part of the
// configuration, only the names of the variables holding them; Redacted,
// YAML and JSON hide credentials that RPC providers put in URLs.
//
// Strategy params stay raw YAML until the strategy decodes them with
// Agent.DecodeParams into its own struct, with the same strictness.
package configs
