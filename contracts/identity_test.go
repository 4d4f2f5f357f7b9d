package contracts

import (
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"
)

var idABI = NewIdentityRegistry()

func (c *chain) deployIdentity() *bind.BoundContract {
	c.t.Helper()
	return idABI.Instance(c.client, c.deploy(IdentityRegistryMetaData.Bin, nil))
}

// register registers an agent for from with uri and returns its agentId,
// read from the Registered event.
func (c *chain) register(from *bind.TransactOpts, reg *bind.BoundContract, uri string) *big.Int {
	c.t.Helper()
	rcpt := c.send(from, reg, idABI.PackRegister1(uri))
	evs := events(c.t, rcpt, reg.Address(), idABI.UnpackRegisteredEvent)
	if len(evs) != 1 {
		c.t.Fatalf("%d Registered events, want 1", len(evs))
	}
	if evs[0].Owner != from.From || evs[0].AgentURI != uri {
		c.t.Fatalf("Registered %+v: want owner %s, uri %q", evs[0], from.From, uri)
	}
	return evs[0].AgentId
}

func TestIdentityRegisterMintsSequentialAgents(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	reg := c.deployIdentity()
	uri := "data:application/json;base64,eyJuYW1lIjoibW9tZW50dW0ifQ=="
	// The return value of register(string) is the id the event names.
	ret, err := bind.Call(reg, &bind.CallOpts{From: c.alice.From}, idABI.PackRegister1(uri), idABI.UnpackRegister1)
	if err != nil {
		t.Fatal(err)
	}
	rcpt := c.send(c.alice, reg, idABI.PackRegister1(uri))
	transfers := events(t, rcpt, reg.Address(), idABI.UnpackTransferEvent)
	if len(transfers) != 1 || transfers[0].From != (common.Address{}) || transfers[0].To != c.alice.From || transfers[0].TokenId.Sign() != 0 {
		t.Fatalf("mint transfer %+v: want 0x0 -> alice, token 0", transfers)
	}
	if ret.Sign() != 0 {
		t.Fatalf("register returned %s, want 0 (the first agent)", ret)
	}
	if id := c.register(c.owner, reg, "https://agents.example.org/b.json"); id.Cmp(big.NewInt(1)) != 0 {
		t.Fatalf("second agent id %s, want 1", id)
	}
	zero := big.NewInt(0)
	if got := call(t, reg, idABI.PackTokenURI(zero), idABI.UnpackTokenURI); got != uri {
		t.Fatalf("tokenURI = %q", got)
	}
	if got := call(t, reg, idABI.PackOwnerOf(zero), idABI.UnpackOwnerOf); got != c.alice.From {
		t.Fatalf("ownerOf(0) = %s", got)
	}
	if got := call(t, reg, idABI.PackBalanceOf(c.alice.From), idABI.UnpackBalanceOf); got.Cmp(big.NewInt(1)) != 0 {
		t.Fatalf("balanceOf = %s", got)
	}
	if got := call(t, reg, idABI.PackGetAgentWallet(zero), idABI.UnpackGetAgentWallet); got != c.alice.From {
		t.Fatalf("agent wallet %s, want the registering owner", got)
	}
	if got := call(t, reg, idABI.PackGetMetadata(zero, "agentWallet"), idABI.UnpackGetMetadata); common.BytesToAddress(got) != c.alice.From || len(got) != 20 {
		t.Fatalf("metadata agentWallet = %x", got)
	}
	// Indexers learn the agent wallet from the registration's MetadataSet.
	set := events(t, rcpt, reg.Address(), idABI.UnpackMetadataSetEvent)
	if len(set) != 1 || set[0].MetadataKey != "agentWallet" || common.BytesToAddress(set[0].MetadataValue) != c.alice.From ||
		len(set[0].MetadataValue) != 20 || set[0].AgentId.Sign() != 0 {
		t.Fatalf("MetadataSet at registration %+v, want agentWallet = alice", set)
	}
	if got := call(t, reg, idABI.PackGetAgentWallet(big.NewInt(99)), idABI.UnpackGetAgentWallet); got != (common.Address{}) {
		t.Fatalf("agent wallet of an unknown agent %s, want zero", got)
	}
	if v := call(t, reg, idABI.PackGetVersion(), idABI.UnpackGetVersion); v != "2.0.0" {
		t.Fatalf("getVersion %q", v)
	}
	if _, err := bindCall(reg, idABI.PackOwnerOf(big.NewInt(2)), idABI.UnpackOwnerOf); err == nil || revertReason(err) != "ERC721: invalid token ID" {
		t.Fatalf("ownerOf(unregistered) = %v", err)
	}
	name := call(t, reg, idABI.PackName(), idABI.UnpackName)
	symbol := call(t, reg, idABI.PackSymbol(), idABI.UnpackSymbol)
	if name != "AgentIdentity" || symbol != "AGENT" {
		t.Fatalf("name/symbol %q/%q", name, symbol)
	}
}

func TestIdentityURIAndMetadataBelongToTheOwner(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	reg := c.deployIdentity()
	id := c.register(c.alice, reg, "ipfs://old")

	c.reverts(c.owner, reg, idABI.PackSetAgentURI(id, "ipfs://hijack"), "IdentityRegistry: not the agent's owner or operator")
	authorized := func(who common.Address) bool {
		return call(t, reg, idABI.PackIsAuthorizedOrOwner(who, id), idABI.UnpackIsAuthorizedOrOwner)
	}
	if !authorized(c.alice.From) || authorized(c.owner.From) {
		t.Fatal("isAuthorizedOrOwner: want the owner only")
	}
	if _, err := bindCall(reg, idABI.PackIsAuthorizedOrOwner(c.alice.From, big.NewInt(42)), idABI.UnpackIsAuthorizedOrOwner); revertReason(err) != "ERC721: invalid token ID" {
		t.Fatalf("isAuthorizedOrOwner of an unknown agent: %v, want a revert", err)
	}
	c.send(c.alice, reg, idABI.PackApprove(c.owner.From, id))
	if !authorized(c.owner.From) {
		t.Fatal("isAuthorizedOrOwner: the approved address is authorized")
	}
	c.send(c.alice, reg, idABI.PackApprove(common.Address{}, id))
	rcpt := c.send(c.alice, reg, idABI.PackSetAgentURI(id, "ipfs://new"))
	up := events(t, rcpt, reg.Address(), idABI.UnpackURIUpdatedEvent)
	if len(up) != 1 || up[0].NewURI != "ipfs://new" || up[0].UpdatedBy != c.alice.From || up[0].AgentId.Cmp(id) != 0 {
		t.Fatalf("URIUpdated %+v", up)
	}
	if n := len(events(t, rcpt, reg.Address(), idABI.UnpackMetadataUpdateEvent)); n != 1 {
		t.Fatalf("%d ERC-4906 MetadataUpdate events, want 1", n)
	}
	if got := call(t, reg, idABI.PackTokenURI(id), idABI.UnpackTokenURI); got != "ipfs://new" {
		t.Fatalf("tokenURI = %q", got)
	}

	c.reverts(c.owner, reg, idABI.PackSetMetadata(id, "anchor", []byte{1}), "IdentityRegistry: not the agent's owner or operator")
	c.reverts(c.alice, reg, idABI.PackSetMetadata(id, "agentWallet", c.owner.From[:]), "IdentityRegistry: agentWallet is reserved: use setAgentWallet")
	value := common.HexToAddress("0xa11ce").Bytes()
	rcpt = c.send(c.alice, reg, idABI.PackSetMetadata(id, "agentctl.anchor", value))
	set := events(t, rcpt, reg.Address(), idABI.UnpackMetadataSetEvent)
	if len(set) != 1 || set[0].MetadataKey != "agentctl.anchor" || string(set[0].MetadataValue) != string(value) ||
		set[0].IndexedMetadataKey != crypto.Keccak256Hash([]byte("agentctl.anchor")) {
		t.Fatalf("MetadataSet %+v", set)
	}
	if got := call(t, reg, idABI.PackGetMetadata(id, "agentctl.anchor"), idABI.UnpackGetMetadata); string(got) != string(value) {
		t.Fatalf("getMetadata = %x", got)
	}
	if got := call(t, reg, idABI.PackGetMetadata(id, "unset"), idABI.UnpackGetMetadata); len(got) != 0 {
		t.Fatalf("unset key = %x", got)
	}

	// An approved operator may manage the agent; after a transfer the
	// agent wallet is cleared, since it was the old owner's.
	c.send(c.alice, reg, idABI.PackSetApprovalForAll(c.owner.From, true))
	c.send(c.owner, reg, idABI.PackSetAgentURI(id, "ipfs://by-operator"))
	c.send(c.owner, reg, idABI.PackTransferFrom(c.alice.From, c.owner.From, id))
	if got := call(t, reg, idABI.PackOwnerOf(id), idABI.UnpackOwnerOf); got != c.owner.From {
		t.Fatalf("owner after transfer %s", got)
	}
	if got := call(t, reg, idABI.PackGetAgentWallet(id), idABI.UnpackGetAgentWallet); got != (common.Address{}) {
		t.Fatalf("agent wallet after transfer %s, want cleared", got)
	}
	c.reverts(c.alice, reg, idABI.PackSetAgentURI(id, "ipfs://gone"), "IdentityRegistry: not the agent's owner or operator")
	// A contract that does not accept ERC-721 tokens cannot receive one by safe transfer.
	anchor := c.deploy(DecisionAnchorMetaData.Bin, nil)
	c.reverts(c.owner, reg, idABI.PackSafeTransferFrom(c.owner.From, anchor, id), "ERC721: transfer to non ERC721Receiver implementer")
}

func TestIdentityAgentWalletNeedsTheWalletsSignature(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	reg := c.deployIdentity()
	id := c.register(c.alice, reg, "ipfs://a")
	walletKey := newKey(t)
	wallet := crypto.PubkeyToAddress(walletKey.PublicKey)
	chainID, _ := c.client.ChainID(t.Context())
	typed := func(deadline *big.Int) apitypes.TypedData {
		return apitypes.TypedData{
			Types: apitypes.Types{
				"EIP712Domain":   {{Name: "name", Type: "string"}, {Name: "version", Type: "string"}, {Name: "chainId", Type: "uint256"}, {Name: "verifyingContract", Type: "address"}},
				"AgentWalletSet": {{Name: "agentId", Type: "uint256"}, {Name: "newWallet", Type: "address"}, {Name: "owner", Type: "address"}, {Name: "deadline", Type: "uint256"}},
			},
			PrimaryType: "AgentWalletSet",
			Domain: apitypes.TypedDataDomain{Name: "ERC8004IdentityRegistry", Version: "1",
				ChainId: (*math.HexOrDecimal256)(chainID), VerifyingContract: reg.Address().Hex()},
			Message: apitypes.TypedDataMessage{"agentId": id.String(), "newWallet": wallet.Hex(), "owner": c.alice.From.Hex(), "deadline": deadline.String()},
		}
	}
	// ERC-5267: the domain a signer reads is the one the contract checks.
	dom := call(t, reg, idABI.PackEip712Domain(), idABI.UnpackEip712Domain)
	if dom.Fields != [1]byte{0x0f} || dom.Name != "ERC8004IdentityRegistry" || dom.Version != "1" || dom.ChainId.Cmp(chainID) != 0 ||
		dom.VerifyingContract != reg.Address() || dom.Salt != [32]byte{} || len(dom.Extensions) != 0 {
		t.Fatalf("eip712Domain %+v", dom)
	}
	sign := func(deadline *big.Int) []byte {
		digest, _, err := apitypes.TypedDataAndHash(typed(deadline))
		if err != nil {
			t.Fatal(err)
		}
		sig, err := crypto.Sign(digest, walletKey)
		if err != nil {
			t.Fatal(err)
		}
		sig[64] += 27
		return sig
	}
	deadline := new(big.Int).SetUint64(c.now() + 120)
	good := sign(deadline)
	c.reverts(c.alice, reg, idABI.PackSetAgentWallet(id, wallet, new(big.Int).Add(deadline, big.NewInt(1)), good), "IdentityRegistry: invalid wallet signature")
	c.reverts(c.alice, reg, idABI.PackSetAgentWallet(id, wallet, big.NewInt(1), sign(big.NewInt(1))), "IdentityRegistry: signature expired")
	far := new(big.Int).SetUint64(c.now() + 3600)
	c.reverts(c.alice, reg, idABI.PackSetAgentWallet(id, wallet, far, sign(far)), "IdentityRegistry: deadline too far ahead")
	c.reverts(c.owner, reg, idABI.PackSetAgentWallet(id, wallet, deadline, good), "IdentityRegistry: not the agent's owner or operator")
	rcpt := c.send(c.alice, reg, idABI.PackSetAgentWallet(id, wallet, deadline, good))
	set := events(t, rcpt, reg.Address(), idABI.UnpackMetadataSetEvent)
	if len(set) != 1 || set[0].MetadataKey != "agentWallet" || common.BytesToAddress(set[0].MetadataValue) != wallet {
		t.Fatalf("MetadataSet %+v", set)
	}
	if got := call(t, reg, idABI.PackGetAgentWallet(id), idABI.UnpackGetAgentWallet); got != wallet {
		t.Fatalf("agent wallet %s, want %s", got, wallet)
	}
	c.send(c.alice, reg, idABI.PackUnsetAgentWallet(id))
	if got := call(t, reg, idABI.PackGetMetadata(id, "agentWallet"), idABI.UnpackGetMetadata); len(got) != 0 {
		t.Fatalf("agentWallet after unset = %x", got)
	}
}

func TestIdentityAnswersERC165(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	reg := c.deployIdentity()
	// The ERC-8004 functions agentctl relies on, as an ERC-165 interface id.
	var ercID [4]byte
	for _, sig := range []string{"register(string)", "setAgentURI(uint256,string)", "getMetadata(uint256,string)",
		"setMetadata(uint256,string,bytes)", "getAgentWallet(uint256)", "setAgentWallet(uint256,address,uint256,bytes)",
		"unsetAgentWallet(uint256)", "isAuthorizedOrOwner(address,uint256)", "getVersion()"} {
		sel := crypto.Keccak256([]byte(sig))[:4]
		for i := range ercID {
			ercID[i] ^= sel[i]
		}
	}
	for _, tc := range []struct {
		name string
		id   string
		want bool
	}{
		{"ERC-165", "01ffc9a7", true},
		{"ERC-721", "80ac58cd", true},
		{"ERC-721 Metadata", "5b5e139f", true},
		{"ERC-4906", "49064906", true},
		{"ERC-8004 identity", common.Bytes2Hex(ercID[:]), true},
		{"ERC-5267", common.Bytes2Hex(crypto.Keccak256([]byte("eip712Domain()"))[:4]), true},
		{"invalid (ERC-165 requires false)", "ffffffff", false},
		{"ERC-1155", "d9b67a26", false},
	} {
		var id [4]byte
		copy(id[:], common.FromHex(tc.id))
		if got := call(t, reg, idABI.PackSupportsInterface(id), idABI.UnpackSupportsInterface); got != tc.want {
			t.Errorf("supportsInterface(%s %s) = %v", tc.name, tc.id, got)
		}
	}
	if !strings.HasPrefix(IdentityRegistryMetaData.ABI, "[") {
		t.Fatal("binding has no ABI")
	}
}

// A contract wallet becomes the agent wallet when it answers ERC-1271 for
// the AgentWalletSet digest, and not otherwise.
func TestIdentityAgentWalletMayBeAContract(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	reg := c.deployIdentity()
	id := c.register(c.alice, reg, "ipfs://a")
	holder := newKey(t)
	w1271 := NewERC1271Wallet()
	contractWallet := c.deploy(ERC1271WalletMetaData.Bin, w1271.PackConstructor(crypto.PubkeyToAddress(holder.PublicKey)))
	chainID, _ := c.client.ChainID(t.Context())
	deadline := new(big.Int).SetUint64(c.now() + 60)
	digest, _, err := apitypes.TypedDataAndHash(apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain":   {{Name: "name", Type: "string"}, {Name: "version", Type: "string"}, {Name: "chainId", Type: "uint256"}, {Name: "verifyingContract", Type: "address"}},
			"AgentWalletSet": {{Name: "agentId", Type: "uint256"}, {Name: "newWallet", Type: "address"}, {Name: "owner", Type: "address"}, {Name: "deadline", Type: "uint256"}},
		},
		PrimaryType: "AgentWalletSet",
		Domain: apitypes.TypedDataDomain{Name: "ERC8004IdentityRegistry", Version: "1",
			ChainId: (*math.HexOrDecimal256)(chainID), VerifyingContract: reg.Address().Hex()},
		Message: apitypes.TypedDataMessage{"agentId": id.String(), "newWallet": contractWallet.Hex(), "owner": c.alice.From.Hex(), "deadline": deadline.String()},
	})
	if err != nil {
		t.Fatal(err)
	}
	stranger, _ := crypto.Sign(digest, newKey(t))
	c.reverts(c.alice, reg, idABI.PackSetAgentWallet(id, contractWallet, deadline, stranger), "IdentityRegistry: invalid wallet signature")
	sig, _ := crypto.Sign(digest, holder)
	c.send(c.alice, reg, idABI.PackSetAgentWallet(id, contractWallet, deadline, sig))
	if got := call(t, reg, idABI.PackGetAgentWallet(id), idABI.UnpackGetAgentWallet); got != contractWallet {
		t.Fatalf("agent wallet %s, want the contract wallet %s", got, contractWallet)
	}
}
