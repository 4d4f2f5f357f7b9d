// Package predict holds agentctl's prediction-market client and the
// predict.forecaster strategy, for Gnosis Conditional Tokens and their
// fixed-product market makers (Omen, Presagio, and the devnet's own in
// contracts/src/markets).
//
// The client:
//
//   - IDs (ConditionID, CollectionID, PositionID, OutcomePositionIDs) are
//     the published Gnosis formulas, computed here with math/big, the
//     alt_bn128 point addition included, so positions are found on any
//     deployment without asking it. A real Polymarket position ID is a test
//     vector; OpenMarket also cross-checks every outcome's ID with the
//     conditional tokens.
//   - Math (CalcBuyAmount, CalcSellAmount, Prices, MaxSellReturn) is the
//     market maker's integer math with its exact rounding: every quote
//     equals the contract's calcBuyAmount / calcSellAmount, and QuoteBuy /
//     QuoteSell refuse a market whose quote differs (ErrQuote).
//   - Market reads pool balances, holdings (ERC-1155 balances) and the
//     oracle's payouts at one block, and plans buys (exact approval, buy
//     with minOutcomeTokensToBuy), sells (operator approval granted, sell
//     with maxOutcomeTokensToSell, approval revoked in the same plan) and
//     redemptions.
//   - Outcome positions appear in trades, positions and marks as
//     PositionToken(ctf, id): an address-shaped name derived from the
//     conditional tokens and the position ID, with the collateral's
//     decimals.
//
// The strategy (Forecaster): on every tick the brain states a Forecast for
// each open market: the probability of each outcome, a confidence and a
// rationale. A model's reply is parsed strictly (every open market once,
// probabilities that are numbers in [0, 1], one per outcome, summing to 1
// within 0.001, nothing else); a reply that fails is retried once and then
// recorded as a failed decision with no trade. Market questions and outcome
// labels are untrusted: they reach the prompt only as fenced data. The
// rules brain forecasts the configured prior of a market (its own, or a
// name pattern such as premium-*), or its price when it has none (which
// never trades).
//
// Markets: those the params name, or, naming none, every market in the
// collateral that the catalog knows: the devnet's manifest, or on a real
// chain the markets configured by their market maker's address
// (chain.markets), each read and checked by ResolveMarket (collateral,
// conditional tokens, its one condition, outcome slots, fee, payouts; the
// configured collateral, outcome count and oracle + question ID must agree). With Deps.Catalog (the embedded devnet's live manifest)
// the list follows the catalog: markets opened after start are checked
// on-chain and traded, and resolved ones with nothing held leave once the
// catalog drops them. Following only widens what the strategy proposes;
// the policy admits each market itself (agent's FactoryMarkets).
//
// Trades follow from the forecasts by fixed rules (Plan): redeem every
// resolved market held; then at most one trade per tick: sell a holding
// whose sale price beats its forecast by MinEdgeBps, or else buy the
// outcome whose forecast beats its average price (fee and price impact
// included) by the most, at least MinEdgeBps, sized by fractional Kelly
// (BetSize) under the bankroll not yet at risk, MaxBet, the policy's
// per-trade cap and the balance, and at least MinBet. The model never
// picks amounts, addresses or recipients.
package predict
