package agent

import (
	"context"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/tools"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// gnosisWorld is the world, its devnet served over JSON-RPC on loopback,
// with Gnosis's own ConditionalTokens and FixedProductMarketMakerFactory
// (npm build artifacts) deployed by a market creator that is not agentctl,
// and one binary market on them in the devnet's USDC: its condition
// prepared for an oracle key of the test's, the market created through the
// factory and funded with 10,000 USDC so that outcome 0 (Yes) costs 0.25.
// Nothing of it is in the devnet's manifest.
type gnosisWorld struct {
	*world
	ctf, factory, market common.Address
	cond, qid            common.Hash
	ctfABI               abi.ABI
	oracle               *wallet.Transactor
	creator              *wallet.Transactor
}

func newGnosisWorld(t *testing.T) *gnosisWorld {
	t.Helper()
	ctfArt := tools.LoadArtifact(t, "@gnosis.pm/conditional-tokens-contracts", "build/contracts/ConditionalTokens.json")
	facArt := tools.LoadArtifact(t, "@gnosis.pm/conditional-tokens-market-makers", "build/contracts/FixedProductMarketMakerFactory.json")
	fpmmArt := tools.LoadArtifact(t, "@gnosis.pm/conditional-tokens-market-makers", "build/contracts/FixedProductMarketMaker.json")
	w := newWorldWith(t, devnet.Options{RPCAddr: "127.0.0.1:0"}) // served: a config can name it
	rng := rand.New(rand.NewPCG(0x6e, 0x05))
	creator, oracle := w.signer(rng, map[string]int64{"USDC": 10_000}), w.signer(rng, nil)
	g := &gnosisWorld{world: w, ctfABI: ctfArt.ABI,
		creator: w.client.Transactor(creator.Address(), creator.SignerFn(big.NewInt(devnet.ChainID))),
		oracle:  w.client.Transactor(oracle.Address(), oracle.SignerFn(big.NewInt(devnet.ChainID)))}
	g.ctf = g.send(t, g.creator, nil, ctfArt.Bytecode).ContractAddress
	g.factory = g.send(t, g.creator, nil, facArt.Bytecode).ContractAddress

	g.qid = crypto.Keccak256Hash([]byte("Will the test pass?"))
	g.send(t, g.oracle, &g.ctf, gnosisPack(t, ctfArt.ABI, "prepareCondition", oracle.Address(), g.qid, big.NewInt(2)))
	g.cond = predict.ConditionID(oracle.Address(), g.qid, 2)
	fee := new(big.Int).Div(predict.One, big.NewInt(50)) // 2%
	rc := g.send(t, g.creator, &g.factory, gnosisPack(t, facArt.ABI, "createFixedProductMarketMaker", g.ctf, w.usdc.Address, [][32]byte{g.cond}, fee))
	ev := facArt.ABI.Events["FixedProductMarketMakerCreation"]
	for _, l := range rc.Logs {
		if l.Address == g.factory && len(l.Topics) > 0 && l.Topics[0] == ev.ID {
			vals, err := ev.Inputs.NonIndexed().Unpack(l.Data)
			if err != nil {
				t.Fatal(err)
			}
			g.market = vals[0].(common.Address)
		}
	}
	if g.market == (common.Address{}) {
		t.Fatal("Gnosis's factory logged no market")
	}
	funding := units(10_000, 6)
	g.send(t, g.creator, &w.usdc.Address, tokenABIb.PackApprove(g.market, funding))
	g.send(t, g.creator, &g.market, gnosisPack(t, fpmmArt.ABI, "addFunding", funding, []*big.Int{big.NewInt(3), big.NewInt(1)}))
	return g
}

func (g *gnosisWorld) send(t *testing.T, from *wallet.Transactor, to *common.Address, data []byte) *types.Receipt {
	t.Helper()
	r, err := from.Send(context.Background(), wallet.Intent{To: to, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	g.waitBlock(r.BlockNumber)
	return r
}

// positionOf is the agent's balance of outcome i on Gnosis's contract,
// its position ID asked of that contract too.
func (g *gnosisWorld) positionOf(t *testing.T, owner common.Address, i int) (*big.Int, *big.Int) {
	t.Helper()
	call := func(method string, args ...any) []any {
		out, err := g.client.Backend().CallContract(context.Background(), callMsg(g.ctf, gnosisPack(t, g.ctfABI, method, args...)), nil)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		v, err := g.ctfABI.Unpack(method, out)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		return v
	}
	coll := call("getCollectionId", [32]byte{}, g.cond, predict.IndexSet(i))[0].([32]byte)
	id := call("getPositionId", g.usdc.Address, coll)[0].(*big.Int)
	return id, call("balanceOf", owner, id)[0].(*big.Int)
}

func gnosisPack(t *testing.T, a abi.ABI, method string, args ...any) []byte {
	t.Helper()
	data, err := a.Pack(method, args...)
	if err != nil {
		t.Fatalf("pack %s: %v", method, err)
	}
	return data
}
