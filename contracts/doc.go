// Package contracts holds agentctl's own Solidity contracts in Go form: the
// compiled artifacts and their abigen v2 bindings.
//
// What it offers:
//
//   - Bindings (generated, never hand-edited; bind_*.go): TestToken (ERC-20 with
//     configurable name, symbol and decimals, minted by its owner), WETH (WETH9
//     interface, minus the catch-all fallback), UniswapV2Factory, UniswapV2Pair
//     (LP token with EIP-2612 permit) and UniswapV2Router (Router02's external
//     functions), an AMM with Uniswap V2's functions, events, revert strings and
//     integer math; IERC20 (any ERC-20 token, with name/symbol/decimals).
//     Trust: DecisionAnchor (event-only anchors of decision-log Merkle roots,
//     an OpenZeppelin-compatible verify view), IdentityRegistry,
//     ReputationRegistry and ValidationRegistry (ERC-8004 as deployed:
//     isAuthorizedOrOwner, ERC-5267 eip712Domain for setAgentWallet
//     signatures, getVersion, responses, getSummary over named reviewers;
//     the validation binding's getSummary is GetValidationSummary in Go,
//     beside the reputation registry's). Markets:
//     ConditionalTokens (ERC-1155 with Gnosis condition, collection and
//     position IDs), FixedProductMarketMaker and its factory. Agents:
//     ArbitrageExecutor (both legs of a two-DEX round trip in one
//     transaction, for its owner only; reverts unless the round trip
//     returns amountIn + minProfit). Test
//     helpers, not for real use: FlashSwapProbe (takes flash swaps) and
//     FeeOnTransferToken (burns 1% per transfer), ERC1271Wallet (a contract
//     wallet accepting one key's signatures), TestCollateralOnramp (wraps an
//     asset into pUSD 1:1 from a reserve, like Polymarket's on-ramp); SpecIdentityRegistry and
//     SpecReputationRegistry behave as the ERC-8004 reference registries so
//     tests can pair them with ours; they have artifacts but no binding
//     (their method names repeat ours). Use them with accounts/abi/bind/v2:
//     bind.DeployContract(opts, common.FromHex(XMetaData.Bin), backend,
//     NewX().PackConstructor(...)), bind.Transact(NewX().Instance(backend, addr),
//     opts, NewX().PackFoo(...)) and bind.Call(..., NewX().UnpackFoo).
//   - Artifacts (embedded build/*.json): Load(name) returns a contract's parsed
//     ABI, creation and runtime bytecode and compiler settings; Names lists them.
//
// Pair addresses are not Uniswap's: the factory deploys pairs with CREATE2 salted
// by the sorted token addresses, but clients must look pairs up with
// UniswapV2Factory.getPair (the router does), never derive them from an init-code
// hash.
//
// Sources live in src/. `make contracts` compiles them with solc 0.8.28 (evm
// version cancun, optimizer 200 runs) via build.js, then regenerates the bindings
// with the go:generate line below. CI needs no Solidity compiler: one test
// regenerates the bindings from the committed artifacts and fails on any drift,
// another fails when src/ no longer matches build/sources.sha256 (the sources
// the artifacts were built from).
//
// Gas: an estimate made in the latest block's context misses a pair's first
// price-accumulator writes of a new block, so pad estimates for swaps and
// liquidity changes (the tests add 50%).
package contracts

//go:generate go run ./internal/gen -artifacts build -out .
