package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

var ctfABI = NewConditionalTokens()

// ctf is a deployed ConditionalTokens with a collateral token.
type ctf struct {
	c          *chain
	addr       common.Address
	inst       *bind.BoundContract
	collateral token
}

func (c *chain) deployCTF() *ctf {
	c.t.Helper()
	addr := c.deploy(ConditionalTokensMetaData.Bin, nil)
	return &ctf{c: c, addr: addr, inst: ctfABI.Instance(c.client, addr), collateral: c.deployToken("USD Coin", "USDC", 6)}
}

func (x *ctf) conditionID(oracle common.Address, q common.Hash, n int64) [32]byte {
	x.c.t.Helper()
	return call(x.c.t, x.inst, ctfABI.PackGetConditionId(oracle, q, big.NewInt(n)), ctfABI.UnpackGetConditionId)
}

func (x *ctf) collectionID(parent, cond [32]byte, indexSet int64) [32]byte {
	x.c.t.Helper()
	return call(x.c.t, x.inst, ctfABI.PackGetCollectionId(parent, cond, big.NewInt(indexSet)), ctfABI.UnpackGetCollectionId)
}

func (x *ctf) positionID(collateral common.Address, coll [32]byte) *big.Int {
	x.c.t.Helper()
	return call(x.c.t, x.inst, ctfABI.PackGetPositionId(collateral, coll), ctfABI.UnpackGetPositionId)
}

func (x *ctf) balance(who common.Address, id *big.Int) *big.Int {
	x.c.t.Helper()
	return call(x.c.t, x.inst, ctfABI.PackBalanceOf(who, id), ctfABI.UnpackBalanceOf)
}

// outcomePosition is the position of outcome slot i of cond, backed by the collateral.
func (x *ctf) outcomePosition(cond [32]byte, i int) *big.Int {
	return x.positionID(x.collateral.addr, x.collectionID([32]byte{}, cond, 1<<i))
}

func ints(v ...int64) []*big.Int {
	out := make([]*big.Int, len(v))
	for i, n := range v {
		out[i] = big.NewInt(n)
	}
	return out
}

// TestConditionalTokenIDsMatchGnosis checks the IDs against vectors of the
// published Gnosis formulas: a real Polymarket market on Polygon (its YES
// token ID, as listed by Polymarket, for USDC.e collateral), and a nested
// collection whose value the Go implementation in strategies/predict
// computes independently (math/big, cross-checked with the bn256 library)
// and which must not depend on the order the conditions are nested in.
func TestConditionalTokenIDsMatchGnosis(t *testing.T) {
	t.Parallel()
	x := newChain(t).deployCTF()
	oracle := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	q := common.HexToHash("0x01")
	wantCond := crypto.Keccak256Hash(oracle.Bytes(), q.Bytes(), common.BigToHash(big.NewInt(3)).Bytes())
	cond2 := x.conditionID(oracle, q, 3)
	if common.Hash(cond2) != wantCond || wantCond != common.HexToHash("0xb58abc22346999d826d47ffef989d6e51792d178cd5ad8847c024f65e8929c9f") {
		t.Fatalf("conditionId = %x, want keccak256(oracle, questionId, 3) = %s", cond2, wantCond.Hex())
	}

	poly := common.HexToHash("0x25e73d2f118e87fc15df7cf736172737f0b82b7ec6ca6a24cd67ae341ed760fb")
	usdce := common.HexToAddress("0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174")
	yes := x.collectionID([32]byte{}, poly, 1)
	no := x.collectionID([32]byte{}, poly, 2)
	for _, tc := range []struct {
		name string
		got  [32]byte
		want string
	}{
		{"yes collection", yes, "0x04c763202fb36a38ec1441e151f174743b4c2abb8c6c0fdcfe0c3b67ea5befa7"},
		{"no collection", no, "0x6c350272004e285135a83c0aba8c3dd9da739a1b9d307c2de5992ae668650c28"},
		{"nested: yes, then slot 2 of cond2", x.collectionID(yes, cond2, 4), "0x454d60bdfd01e6a6629fac984451e3ba178602507c50ac1f7018bf15d92e822e"},
		{"nested: slot 2 of cond2, then yes", x.collectionID(x.collectionID([32]byte{}, cond2, 4), poly, 1), "0x454d60bdfd01e6a6629fac984451e3ba178602507c50ac1f7018bf15d92e822e"},
	} {
		if common.Hash(tc.got) != common.HexToHash(tc.want) {
			t.Errorf("%s = %x, want %s", tc.name, tc.got, tc.want)
		}
	}
	wantYes, _ := new(big.Int).SetString("70224002415726915146697406828863644162763565870559027191380082229342088681891", 10)
	eq(t, "Polymarket YES position ID", x.positionID(usdce, yes), wantYes)
	wantPos := new(big.Int).SetBytes(crypto.Keccak256(usdce.Bytes(), no[:]))
	eq(t, "NO position ID", x.positionID(usdce, no), wantPos)

	// A parent that is not a curve point is refused.
	bad := [32]byte{31: 4} // x = 4: 4³ + 3 has no square root mod P
	if _, err := bindCall(x.inst, ctfABI.PackGetCollectionId(bad, poly, big.NewInt(1)), ctfABI.UnpackGetCollectionId); revertReason(err) != "invalid parent collection ID" {
		t.Fatalf("bad parent: %v, want revert \"invalid parent collection ID\"", err)
	}
}

// TestConditionLifecycle prepares a condition, splits collateral into
// positions, merges some back, has the oracle report and redeems.
func TestConditionLifecycle(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	x := c.deployCTF()
	oracle, alice := c.owner, c.alice
	q := crypto.Keccak256Hash([]byte("Will it rain?"))
	rc := c.send(alice, x.inst, ctfABI.PackPrepareCondition(oracle.From, q, big.NewInt(3)))
	cond := x.conditionID(oracle.From, q, 3)
	ev := findLog(t, rc, func(l *types.Log) (*ConditionalTokensConditionPreparation, error) {
		return ctfABI.UnpackConditionPreparationEvent(l)
	})
	if ev.ConditionId != cond || ev.Oracle != oracle.From || ev.QuestionId != q || ev.OutcomeSlotCount.Int64() != 3 {
		t.Fatalf("ConditionPreparation = %+v", ev)
	}
	c.reverts(alice, x.inst, ctfABI.PackPrepareCondition(oracle.From, q, big.NewInt(3)), "condition already prepared")
	c.reverts(alice, x.inst, ctfABI.PackPrepareCondition(oracle.From, q, big.NewInt(1)), "there should be more than one outcome slot")
	c.reverts(alice, x.inst, ctfABI.PackPrepareCondition(oracle.From, q, big.NewInt(257)), "too many outcome slots")

	amt := big.NewInt(1_000_000)
	c.mint(x.collateral, alice.From, amt)
	c.send(alice, x.collateral.inst, tokenABI.PackApprove(x.addr, amt))
	split := func(partition []*big.Int, n int64) []byte {
		return ctfABI.PackSplitPosition(x.collateral.addr, [32]byte{}, cond, partition, big.NewInt(n))
	}
	c.reverts(alice, x.inst, split(ints(1), 10), "got empty or singleton partition")
	c.reverts(alice, x.inst, split(ints(1, 3), 10), "partition not disjoint")
	c.reverts(alice, x.inst, split(ints(1, 8), 10), "got invalid index set")
	c.send(alice, x.inst, split(ints(1, 2, 4), 600_000))
	// A partial partition splits a position, not collateral: {1|2} -> {1}, {2}.
	c.reverts(alice, x.inst, split(ints(1, 2), 10), "ERC1155: burn amount exceeds balance")
	c.send(alice, x.inst, split(ints(3, 4), 400_000))
	c.send(alice, x.inst, split(ints(1, 2), 400_000))
	p := []*big.Int{x.outcomePosition(cond, 0), x.outcomePosition(cond, 1), x.outcomePosition(cond, 2)}
	for i, want := range []int64{1_000_000, 1_000_000, 1_000_000} {
		eq(t, "position balance", x.balance(alice.From, p[i]), big.NewInt(want))
	}
	eq(t, "collateral held by the contract", c.tokenBalance(x.collateral, x.addr), amt)

	// Merge 100k full sets back into collateral.
	c.send(alice, x.inst, ctfABI.PackMergePositions(x.collateral.addr, [32]byte{}, cond, ints(1, 2, 4), big.NewInt(100_000)))
	eq(t, "collateral back", c.tokenBalance(x.collateral, alice.From), big.NewInt(100_000))

	redeem := ctfABI.PackRedeemPositions(x.collateral.addr, [32]byte{}, cond, ints(1, 2, 4))
	c.reverts(alice, x.inst, redeem, "result for condition not received yet")
	c.reverts(alice, x.inst, ctfABI.PackReportPayouts(q, ints(1, 0, 1)), "condition not prepared or found") // alice is not the oracle
	c.reverts(oracle, x.inst, ctfABI.PackReportPayouts(q, ints(0, 0, 0)), "payout is all zeroes")
	c.send(oracle, x.inst, ctfABI.PackReportPayouts(q, ints(1, 0, 2)))
	c.reverts(oracle, x.inst, ctfABI.PackReportPayouts(q, ints(1, 0, 2)), "payout denominator already set")
	den := call(t, x.inst, ctfABI.PackPayoutDenominator(cond), ctfABI.UnpackPayoutDenominator)
	eq(t, "payout denominator", den, big.NewInt(3))
	eq(t, "payout numerator 2", call(t, x.inst, ctfABI.PackPayoutNumerators(cond, big.NewInt(2)), ctfABI.UnpackPayoutNumerators), big.NewInt(2))

	// 900k of each slot: slot 0 pays 1/3, slot 2 pays 2/3, both rounded down.
	rc = c.send(alice, x.inst, redeem)
	red := findLog(t, rc, func(l *types.Log) (*ConditionalTokensPayoutRedemption, error) {
		return ctfABI.UnpackPayoutRedemptionEvent(l)
	})
	want := big.NewInt(900_000/3 + 900_000*2/3)
	eq(t, "payout", red.Payout, want)
	eq(t, "collateral after redeem", c.tokenBalance(x.collateral, alice.From), new(big.Int).Add(big.NewInt(100_000), want))
	for i := range p {
		eq(t, "burnt position", x.balance(alice.From, p[i]), new(big.Int))
	}
}

// TestERC1155Transfers covers operators and the receiver check.
func TestERC1155Transfers(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	x := c.deployCTF()
	owner, alice := c.owner, c.alice
	q := common.HexToHash("0x02")
	c.send(owner, x.inst, ctfABI.PackPrepareCondition(owner.From, q, big.NewInt(2)))
	cond := x.conditionID(owner.From, q, 2)
	c.mint(x.collateral, owner.From, big.NewInt(500))
	c.send(owner, x.collateral.inst, tokenABI.PackApprove(x.addr, big.NewInt(500)))
	c.send(owner, x.inst, ctfABI.PackSplitPosition(x.collateral.addr, [32]byte{}, cond, ints(1, 2), big.NewInt(500)))
	yes := x.outcomePosition(cond, 0)

	move := ctfABI.PackSafeTransferFrom(owner.From, alice.From, yes, big.NewInt(100), nil)
	c.reverts(alice, x.inst, move, "ERC1155: need operator approval for 3rd party transfers.")
	c.send(owner, x.inst, ctfABI.PackSetApprovalForAll(alice.From, true))
	if !call(t, x.inst, ctfABI.PackIsApprovedForAll(owner.From, alice.From), ctfABI.UnpackIsApprovedForAll) {
		t.Fatal("operator approval not recorded")
	}
	c.send(alice, x.inst, move)
	eq(t, "alice's balance", x.balance(alice.From, yes), big.NewInt(100))
	c.send(owner, x.inst, ctfABI.PackSetApprovalForAll(alice.From, false))
	c.reverts(alice, x.inst, move, "ERC1155: need operator approval for 3rd party transfers.")
	c.reverts(owner, x.inst, ctfABI.PackSafeTransferFrom(owner.From, alice.From, yes, big.NewInt(401), nil), "ERC1155: insufficient balance for transfer")
	// A contract without the receiver hook cannot be sent positions.
	c.reverts(owner, x.inst, ctfABI.PackSafeTransferFrom(owner.From, x.collateral.addr, yes, big.NewInt(1), nil), "execution reverted")
	got := call(t, x.inst, ctfABI.PackBalanceOfBatch([]common.Address{owner.From, alice.From}, []*big.Int{yes, yes}), ctfABI.UnpackBalanceOfBatch)
	if got[0].Int64() != 400 || got[1].Int64() != 100 {
		t.Fatalf("balanceOfBatch = %v, want [400 100]", got)
	}
	for _, id := range [][4]byte{{0x01, 0xff, 0xc9, 0xa7}, {0xd9, 0xb6, 0x7a, 0x26}} {
		if !call(t, x.inst, ctfABI.PackSupportsInterface(id), ctfABI.UnpackSupportsInterface) {
			t.Errorf("supportsInterface(%x) = false", id)
		}
	}
}

// findLog returns the first log of a receipt that unpacks as the event.
func findLog[E any](t *testing.T, rc *types.Receipt, unpack func(*types.Log) (*E, error)) *E {
	t.Helper()
	for _, l := range rc.Logs {
		if ev, err := unpack(l); err == nil {
			return ev
		}
	}
	t.Fatalf("no such event in tx %s (%d logs)", rc.TxHash.Hex(), len(rc.Logs))
	return nil
}
