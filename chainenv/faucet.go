package chainenv

import (
	"context"

	"github.com/ethereum/go-ethereum/accounts"

	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// devnetFaucet is the dev account (m/44'/60'/0'/0/1 of the public test
// mnemonic) that pays for agents' gas on an external devnet.
const devnetFaucet = "m/44'/60'/0'/0/1"

// Faucet is the dev account that may give gas on the node c when it is the
// devnet of manifest m (chain 1337, public test keys); ok is false anywhere
// else.
func Faucet(ctx context.Context, c *wallet.Client, m *devnet.Manifest) (s *wallet.Signer, ok bool, err error) {
	id, err := c.ChainID(ctx)
	if err != nil || m == nil || id.Uint64() != devnet.ChainID || m.ChainID != devnet.ChainID || m.Mnemonic != devnet.TestMnemonic {
		return nil, false, err
	}
	path, err := accounts.ParseDerivationPath(devnetFaucet)
	if err != nil {
		return nil, false, err
	}
	key, err := wallet.DeriveKey(devnet.TestMnemonic, "", path)
	if err != nil {
		return nil, false, err
	}
	return wallet.NewSigner(key), true, nil
}
