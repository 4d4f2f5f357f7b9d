package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/wallet"
)

func init() {
	registerDeploy("prediction markets", deployMarkets)
	registerStart("market oracle and bettors", startMarkets)
}

// Market is a seeded binary prediction market: a condition on the
// conditional tokens, prepared for the oracle account, and a fixed-product
// market maker trading its two outcomes against Collateral. The question is
// kept here, off-chain, as it is on Omen: QuestionID is keccak256 of the
// question's UTF-8 text, so anyone can check the text belongs to the
// condition (ConditionID = keccak256(Oracle ‖ QuestionID ‖ 2)).
type Market struct {
	Name        string         `json:"name"`
	QuestionID  common.Hash    `json:"questionId"`
	Question    string         `json:"question"`
	Outcomes    []string       `json:"outcomes"`
	ConditionID common.Hash    `json:"conditionId"`
	Oracle      common.Address `json:"oracle"`
	Address     common.Address `json:"address"` // the FixedProductMarketMaker
	Collateral  string         `json:"collateral"`
	// ResolveBlock is when the oracle reads the chain and reports.
	ResolveBlock uint64 `json:"resolveBlock"`
}

// Market returns the seeded market with the given name.
func (m *Manifest) Market(name string) (Market, bool) {
	for _, x := range m.Markets {
		if x.Name == name {
			return x, true
		}
	}
	return Market{}, false
}

// Contract names of the market deployment in Manifest.Contracts.
const (
	ContractConditionalTokens = "conditional-tokens"
	ContractFPMMFactory       = "fpmm-factory"
)

// marketSpec is one seeded market. Every question is about the devnet's own
// chain at the resolution block, so the oracle answers it from state anyone
// can read, and trading (noise, arbitrage agents) can change the answer.
type marketSpec struct {
	Name     string
	Question string // %d is the resolution block
	YesPct   int64  // the market's starting price of Yes, in percent
	Depth    int64  // liquidity, whole collateral tokens
	After    uint64 // blocks from seeding to resolution
	// yes reads the answer from the chain at block.
	yes answerFunc
}

// answerFunc reads a market's answer from the chain at block (nil: head).
type answerFunc func(ctx context.Context, d *Devnet, block *big.Int) (bool, error)

var marketSpecs = []marketSpec{
	{
		Name: "weth-3000", YesPct: 50, Depth: 20_000, After: 300,
		Question: "Will WETH trade at or above 3,000 USDC on dex-a at block %d?",
		yes: func(ctx context.Context, d *Devnet, b *big.Int) (bool, error) {
			return d.priceAtLeast(ctx, "dex-a", "WETH", "USDC", big.NewRat(3000, 1), b)
		},
	},
	{
		Name: "dexb-premium", YesPct: 35, Depth: 10_000, After: 120,
		Question: "Will dex-b price WETH at least 1%% above dex-a (in USDC) at block %d?",
		yes: func(ctx context.Context, d *Devnet, b *big.Int) (bool, error) {
			a, err := d.midPrice(ctx, "dex-a", "WETH", "USDC", b)
			if err != nil {
				return false, err
			}
			return d.priceAtLeast(ctx, "dex-b", "WETH", "USDC", a.Mul(a, big.NewRat(101, 100)), b)
		},
	},
	{
		Name: "wbtc-20", YesPct: 60, Depth: 10_000, After: 600,
		Question: "Will WBTC trade at or above 20 WETH on dex-a at block %d?",
		yes: func(ctx context.Context, d *Devnet, b *big.Int) (bool, error) {
			return d.priceAtLeast(ctx, "dex-a", "WBTC", "WETH", big.NewRat(20, 1), b)
		},
	},
	{
		Name: "usdc-depeg", YesPct: 15, Depth: 10_000, After: 1200,
		Question: "Will USDC trade below 0.995 DAI on dex-a at block %d?",
		yes: func(ctx context.Context, d *Devnet, b *big.Int) (bool, error) {
			above, err := d.priceAtLeast(ctx, "dex-a", "USDC", "DAI", big.NewRat(995, 1000), b)
			return !above, err
		},
	},
}

// The market parameters every seeded market shares.
var (
	marketOutcomes   = []string{"Yes", "No"}
	marketCollateral = "USDC"
	marketFee        = new(big.Int).Mul(big.NewInt(2), big.NewInt(1e16)) // 2% of 1e18
)

// Accounts beyond the ten dev accounts: the market oracle and the noise
// bettors, derived from the same mnemonic, funded when markets are seeded.
const (
	oracleIndex   = 10
	bettorFirst   = 11
	bettorCount   = 2
	bettorUSDC    = 200_000
	gasMarket     = 5_000_000 // the factory deploys a whole market maker
	gasFunding    = 1_500_000
	gasMarketCall = 600_000 // buy, sell, report: two curve-point searches each
)

// deployMarkets deploys the conditional tokens and the market factory,
// prepares each spec's condition, creates and funds its market, and funds
// the oracle and the bettors, in two blocks.
func deployMarkets(ctx context.Context, d *Devnet) error {
	s := d.deployer
	usdc, ok := d.tokens[marketCollateral]
	if !ok {
		return fmt.Errorf("no %s to use as collateral", marketCollateral)
	}
	oracleKey, err := extraKey(oracleIndex)
	if err != nil {
		return err
	}
	oracle := accountAddress(oracleKey)
	head, err := d.chain.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return err
	}
	var txs []*types.Transaction
	send := func(tx *types.Transaction, err error) error {
		if err != nil {
			return err
		}
		txs = append(txs, tx)
		return nil
	}
	ctf, tx, err := deployRaw(ctx, d, s, contracts.ConditionalTokensMetaData.Bin, gasDeployLarge)
	if err := send(tx, err); err != nil {
		return fmt.Errorf("conditional tokens: %w", err)
	}
	factory, tx, err := deployRaw(ctx, d, s, contracts.FixedProductMarketMakerFactoryMetaData.Bin, gasDeployLarge)
	if err := send(tx, err); err != nil {
		return fmt.Errorf("market factory: %w", err)
	}
	if err := send(s.transfer(ctx, oracle, new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether)))); err != nil {
		return err
	}
	markets := make([]Market, len(marketSpecs))
	for i, spec := range marketSpecs {
		resolve := head.Number.Uint64() + spec.After
		q := fmt.Sprintf(spec.Question, resolve)
		qid := crypto.Keccak256Hash([]byte(q))
		cond := crypto.Keccak256Hash(oracle.Bytes(), qid.Bytes(), common.BigToHash(big.NewInt(int64(len(marketOutcomes)))).Bytes())
		if err := send(d.call(ctx, s, ctf, ctfABI.PackPrepareCondition(oracle, qid, big.NewInt(int64(len(marketOutcomes)))), nil, gasCall)); err != nil {
			return err
		}
		create := facABI.PackCreateFixedProductMarketMaker(ctf, usdc, [][32]byte{cond}, marketFee)
		if err := send(d.call(ctx, s, factory, create, nil, gasMarket)); err != nil {
			return err
		}
		markets[i] = Market{
			Name: spec.Name, QuestionID: qid, Question: q, Outcomes: append([]string(nil), marketOutcomes...),
			ConditionID: cond, Oracle: oracle,
			// The factory creates with CREATE; a contract's nonce starts at 1.
			Address:    crypto.CreateAddress(factory, uint64(i+1)),
			Collateral: marketCollateral, ResolveBlock: resolve,
		}
	}
	if err := waitAll(ctx, d.chain.client, d.chain.commit, txs); err != nil {
		return err
	}

	// Second block: liquidity with each market's starting price, and the
	// bettors' gas and collateral.
	txs = txs[:0]
	dec := d.decimals(marketCollateral)
	total := new(big.Int)
	for _, spec := range marketSpecs {
		total.Add(total, units(spec.Depth, dec))
	}
	if err := send(d.call(ctx, s, usdc, tokenABI.PackMint(s.addr, total), nil, gasCall)); err != nil {
		return err
	}
	for i, spec := range marketSpecs {
		amt := units(spec.Depth, dec)
		if err := send(d.call(ctx, s, usdc, tokenABI.PackApprove(markets[i].Address, amt), nil, gasCall)); err != nil {
			return err
		}
		// Pool balances yes:no = (100-p):p price Yes at p%.
		hint := []*big.Int{big.NewInt(100 - spec.YesPct), big.NewInt(spec.YesPct)}
		if err := send(d.call(ctx, s, markets[i].Address, fpmmABI.PackAddFunding(amt, hint), nil, gasFunding)); err != nil {
			return err
		}
	}
	// The oracle is also the market maker of the markets the schedule
	// opens later: it gets their liquidity now (only the deployer mints).
	if err := send(d.call(ctx, s, usdc, tokenABI.PackMint(oracle, units(scheduleReserve, dec)), nil, gasCall)); err != nil {
		return err
	}
	for i := range bettorCount {
		k, err := extraKey(bettorFirst + i)
		if err != nil {
			return err
		}
		if err := send(s.transfer(ctx, accountAddress(k), new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether)))); err != nil {
			return err
		}
		if err := send(d.call(ctx, s, usdc, tokenABI.PackMint(accountAddress(k), units(bettorUSDC, dec)), nil, gasCall)); err != nil {
			return err
		}
	}
	if err := waitAll(ctx, d.chain.client, d.chain.commit, txs); err != nil {
		return err
	}
	for _, m := range markets {
		got, err := d.readAddress(ctx, m.Address, fpmmABI.PackConditionalTokens())
		if err != nil || got != ctf {
			return fmt.Errorf("market %s: no market maker at %s (%v)", m.Name, m.Address.Hex(), err)
		}
	}
	if d.manifest.Contracts == nil {
		d.manifest.Contracts = map[string]common.Address{}
	}
	d.manifest.Contracts[ContractConditionalTokens] = ctf
	d.manifest.Contracts[ContractFPMMFactory] = factory
	d.mu.Lock()
	defer d.mu.Unlock()
	d.manifest.Markets = markets
	d.answers = map[string]answerFunc{}
	for i, m := range markets {
		d.answers[m.Name] = marketSpecs[i].yes
	}
	return nil
}

var (
	ctfABI  = contracts.NewConditionalTokens()
	fpmmABI = contracts.NewFixedProductMarketMaker()
	facABI  = contracts.NewFixedProductMarketMakerFactory()
)

// deployRaw deploys creation code without constructor arguments.
func deployRaw(ctx context.Context, d *Devnet, s *sender, bin string, gas uint64) (common.Address, *types.Transaction, error) {
	o := s.opts(ctx, gas, nil)
	tx := types.NewTx(&types.DynamicFeeTx{
		ChainID: big.NewInt(ChainID), Nonce: o.Nonce.Uint64(), GasTipCap: o.GasTipCap, GasFeeCap: o.GasFeeCap,
		Gas: gas, Data: common.FromHex(bin),
	})
	signed, err := o.Signer(s.addr, tx)
	if err != nil {
		return common.Address{}, nil, err
	}
	if err := d.chain.client.SendTransaction(ctx, signed); err != nil {
		return common.Address{}, nil, err
	}
	return crypto.CreateAddress(s.addr, signed.Nonce()), signed, nil
}

// extraKey derives m/44'/60'/0'/0/i from the test mnemonic.
func extraKey(i int) (*ecdsa.PrivateKey, error) {
	dp, err := accounts.ParseDerivationPath(fmt.Sprintf("m/44'/60'/0'/0/%d", i))
	if err != nil {
		return nil, err
	}
	k, err := wallet.DeriveKey(TestMnemonic, "", dp)
	if err != nil {
		return nil, fmt.Errorf("derive account %d: %w", i, err)
	}
	return k, nil
}

func (d *Devnet) decimals(symbol string) uint8 {
	for _, t := range d.manifest.Tokens {
		if strings.EqualFold(t.Symbol, symbol) {
			return t.Decimals
		}
	}
	return 18
}

func (d *Devnet) readAddress(ctx context.Context, to common.Address, input []byte) (common.Address, error) {
	out, err := d.chain.client.CallContract(ctx, callMsg(to, input), nil)
	if err != nil {
		return common.Address{}, err
	}
	if len(out) != 32 {
		return common.Address{}, fmt.Errorf("%s returned %d bytes, not an address", to.Hex(), len(out))
	}
	return common.BytesToAddress(out), nil
}

// midPrice is a DEX pool's price of base in quote (whole tokens) at block.
func (d *Devnet) midPrice(ctx context.Context, dex, base, quote string, block *big.Int) (*big.Rat, error) {
	x, ok := d.manifest.DEX(dex)
	if !ok {
		return nil, fmt.Errorf("no DEX %s", dex)
	}
	var pair common.Address
	for _, p := range x.Pairs {
		if (p.Base == base && p.Quote == quote) || (p.Base == quote && p.Quote == base) {
			pair = p.Address
		}
	}
	if pair == (common.Address{}) {
		return nil, fmt.Errorf("%s has no %s/%s pool", dex, base, quote)
	}
	out, err := d.chain.client.CallContract(ctx, callMsg(pair, pairABI.PackGetReserves()), block)
	if err != nil {
		return nil, fmt.Errorf("%s %s/%s reserves: %w", dex, base, quote, err)
	}
	r, err := pairABI.UnpackGetReserves(out)
	if err != nil {
		return nil, err
	}
	r0, r1 := r.Reserve0, r.Reserve1
	// Uniswap V2 sorts a pair's tokens by address.
	if d.tokens[base].Cmp(d.tokens[quote]) > 0 {
		r0, r1 = r1, r0
	}
	if r0.Sign() == 0 {
		return nil, fmt.Errorf("%s %s/%s pool is empty", dex, base, quote)
	}
	num := new(big.Int).Mul(r1, pow10(d.decimals(base)))
	den := new(big.Int).Mul(r0, pow10(d.decimals(quote)))
	return new(big.Rat).SetFrac(num, den), nil
}

func (d *Devnet) priceAtLeast(ctx context.Context, dex, base, quote string, min *big.Rat, block *big.Int) (bool, error) {
	p, err := d.midPrice(ctx, dex, base, quote, block)
	if err != nil {
		return false, err
	}
	return p.Cmp(min) >= 0, nil
}

func pow10(n uint8) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }
