package devnet

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/wallet"
)

// TestMnemonic is the publicly known test mnemonic that local dev chains
// (Hardhat, Anvil) use, so the devnet's accounts are the familiar ones. Its
// keys are public: never use them on a real chain.
const TestMnemonic = "test test test test test test test test test test test junk"

const (
	numDevAccounts = 10
	deployerIndex  = 0 // deploys, provides liquidity, funds agents
)

// noiseAccounts are the dev accounts noise traders use; the ones before them
// are free for the user and the runtime.
var noiseAccounts = []int{6, 7, 8, 9}

var (
	devAccountBalance = new(big.Int).Mul(big.NewInt(10_000), big.NewInt(params.Ether))
	deployerBalance   = new(big.Int).Mul(big.NewInt(10_000_000), big.NewInt(params.Ether))
)

// devAccounts derives the dev accounts m/44'/60'/0'/0/i from TestMnemonic,
// once per process: the derivation costs more than reopening a chain.
func devAccounts() ([]*ecdsa.PrivateKey, []Account, error) {
	k, err := devAccountsOnce()
	return k.keys, slices.Clone(k.accts), err
}

var devAccountsOnce = sync.OnceValues(func() (devKeys, error) {
	keys, accts, err := deriveDevAccounts()
	return devKeys{keys, accts}, err
})

type devKeys struct {
	keys  []*ecdsa.PrivateKey
	accts []Account
}

func deriveDevAccounts() ([]*ecdsa.PrivateKey, []Account, error) {
	keys := make([]*ecdsa.PrivateKey, numDevAccounts)
	accts := make([]Account, numDevAccounts)
	for i := range numDevAccounts {
		path := fmt.Sprintf("m/44'/60'/0'/0/%d", i)
		dp, err := accounts.ParseDerivationPath(path)
		if err != nil {
			return nil, nil, err
		}
		k, err := wallet.DeriveKey(TestMnemonic, "", dp)
		if err != nil {
			return nil, nil, fmt.Errorf("derive dev account %d: %w", i, err)
		}
		keys[i] = k
		accts[i] = Account{Name: fmt.Sprintf("dev%d", i), Path: path, Address: accountAddress(k)}
	}
	return keys, accts, nil
}

func accountAddress(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }
