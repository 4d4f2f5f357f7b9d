// Package dex holds agentctl's Uniswap trading strategies and the V2 and
// V3 clients they trade through.
//
// The client (Router, Pool, AmountOut, AmountIn, MinOut, Deadline,
// ApproveCall, SwapCall, PlanSwap, CheckSwapDeltas, VerifySwap) works with
// any V2-compatible router and factory given by address: pairs are found
// with factory.getPair only (never from an init-code hash, which differs
// between deployments), every router quote is cross-checked against the
// exact V2 formula on the pair's reserves read at the same block, and a
// mismatch is an error because the router then does not do what the math
// says. Amounts are *big.Int base units throughout; prices for display are
// *big.Rat.
//
// The Uniswap V3 client (V3, V3Venue; files v3*.go) speaks to the real V3
// contracts by address: pools through UniswapV3Factory.getPool on each fee
// tier, quotes through QuoterV2 by eth_call, swaps through SwapRouter02
// wrapped in multicall(deadline, ...) with amountOutMinimum (and
// amountInMaximum) from the slippage limit. SimulateV3Swap replays the
// pool's swap loop in exact integers (TickMath, SqrtPriceMath, SwapMath,
// TickBitmap) over ticks read at the quote's block, and every plan requires
// it to equal QuoterV2 to the wei. DecodeSwapRouter02 turns SwapRouter02
// calldata back into tokens, amounts, recipient and deadline for a policy.
//
// Two strategies implement strategies.Strategy, on any mix of V2 and V3
// venues (Deps.Venues, Deps.V3Venues; market.go hides which): a V2 pair is
// found through its factory, a V3 pair trades the fee tier with the most
// in-range liquidity when the strategy starts. Size searches use each
// pool's exact local math; every plan rests on the venue's own quote (the
// V2 router, QuoterV2) and approves exactly what its swap spends.
//
//   - dex.momentum (Momentum): one pool on one DEX. It keeps the mid price of
//     its last Lookback observations in memory and, as a trend follower,
//     buys the base token when the price rose more than ThresholdBps over
//     the lookback and sells it when it fell by more; the size grows with
//     the move. It is momentum, not mean reversion: on an AMM a persistent
//     flow (a whale, a listing) keeps pushing one way for a while, and the
//     deterministic rule is easy to audit.
//   - dex.arbitrage (Arbitrage): the same pair on two DEXes. It buys the base
//     where it is cheaper and sells it where it is dearer; the second leg
//     sells only the first leg's minimum output, so the first leg's slippage
//     limit is paid out of the round trip. It acts only when that round
//     trip, quoted exactly (fees are in the quotes), returns more quote than
//     it spends plus gas plus MinProfit. The size is searched with exact
//     integer math; both quotes are cross-checked with the routers. With
//     params.executor the round trip is one call to the agent's own
//     ArbitrageExecutor contract (executor.go): it sells all of the first
//     leg's output and reverts unless the quote comes back with the profit,
//     so no leg can stay open. The executor speaks only V2 routers: with a
//     V3 venue the legs go as two swaps, and a round trip whose second swap
//     did not happen is noticed from the base balance and sold back.
//
// A model's reply picks an action and size_bps (a fraction of the configured
// maximum trade); addresses, tokens, the recipient (always Deps.Account) and
// limits come from configuration and the chain, never from the reply.
package dex
