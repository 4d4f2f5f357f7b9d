// Package clob speaks Polymarket's central limit order book, protocol V2
// (live since 2026-04-28) and its ExchangeV3 domain: it builds and signs
// orders exactly as the exchange contracts verify them (EIP-712, all four
// signature types), authenticates to the CLOB API (L1 ClobAuth, L2 HMAC),
// keeps API credentials encrypted at rest, talks to the REST API with
// rate limits and retries that never post one intent twice, builds the
// on-chain setup calls (pUSD wrap, allowances), and decides quotes (Kelly
// size, edge-leaving price, cancel/replace) as pure functions.
//
// clobtest is an in-process CLOB server for tests of all of it.
//
// Facts about the protocol (type strings, domains, addresses, rounding)
// come from the protocol's documentation and the official TypeScript client
// @polymarket/clob-client-v2; the tests cross-check every signature and
// header against that client run under Node.
//
// Amounts are exact: prices and sizes are big.Rat, on-chain amounts are
// big.Int in the 6-decimal base units of pUSD and the outcome tokens.
package clob
