package wallet

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// testMnemonic is the public Hardhat/Foundry/Anvil development mnemonic.
const testMnemonic = "test test test test test test test test test test test junk"

func TestDeriveKeyPublicTestMnemonic(t *testing.T) {
	t.Parallel()
	cases := []struct {
		mnemonic string
		index    uint32
		want     string
	}{
		{testMnemonic, 0, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"},
		{testMnemonic, 1, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"},
		{testMnemonic, 2, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"},
		// Case and extra whitespace are normalised away.
		{"  Test TEST test test\ttest test test test test test test JUNK\n", 0, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"},
	}
	for _, c := range cases {
		path, err := AccountPath(c.index)
		if err != nil {
			t.Fatal(err)
		}
		key, err := DeriveKey(c.mnemonic, "", path)
		if err != nil {
			t.Fatalf("index %d: %v", c.index, err)
		}
		if got := crypto.PubkeyToAddress(key.PublicKey); got != common.HexToAddress(c.want) {
			t.Errorf("index %d: address %s, want %s", c.index, got, c.want)
		}
	}
}

func TestDeriveKeyParsedPathMatchesAccountPath(t *testing.T) {
	t.Parallel()
	parsed, err := accounts.ParseDerivationPath("m/44'/60'/0'/0/1")
	if err != nil {
		t.Fatal(err)
	}
	built, _ := AccountPath(1)
	if parsed.String() != built.String() {
		t.Fatalf("AccountPath(1) = %s, want %s", built, parsed)
	}
	// A BIP-39 passphrase changes the seed, hence the account.
	plain, _ := DeriveKey(testMnemonic, "", parsed)
	salted, err := DeriveKey(testMnemonic, "extra words", parsed)
	if err != nil {
		t.Fatal(err)
	}
	if plain.D.Cmp(salted.D) == 0 {
		t.Fatal("BIP-39 passphrase did not change the derived key")
	}
}

// Vectors from the BIP-39 reference (Trezor) test set, passphrase "TREZOR".
func TestMnemonicSeedSpecVectors(t *testing.T) {
	t.Parallel()
	cases := []struct{ mnemonic, seed string }{
		{
			"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
			"c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
		},
		{
			"legal winner thank year wave sausage worth useful legal winner thank yellow",
			"2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607",
		},
	}
	for _, c := range cases {
		seed, err := MnemonicSeed(c.mnemonic, "TREZOR")
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(seed); got != c.seed {
			t.Errorf("seed of %q:\n got %s\nwant %s", c.mnemonic, got, c.seed)
		}
	}
}

// BIP-32 test vector 1 (seed 000102...0f), private keys along m/0'/1/2'/2/1000000000.
func TestDeriveFromSeedBIP32Vector1(t *testing.T) {
	t.Parallel()
	seed, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f")
	cases := []struct{ path, key string }{
		{"m", "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"},
		{"m/0'", "edb2e14f9ee77d26dd93b4ecede8d16ed408ce149b6cd80b0715a2d911a0afea"},
		{"m/0'/1", "3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368"},
		{"m/0'/1/2'", "cbce0d719ecf7431d88e6a89fa1483e02e35092af60c042b1df2ff59fa424dca"},
		{"m/0'/1/2'/2", "0f479245fb19a38a1954c5c7c0ebab2f9bdfd96a17563ef28a6a4b1a2a764ef4"},
		{"m/0'/1/2'/2/1000000000", "471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8"},
	}
	for _, c := range cases {
		var path accounts.DerivationPath
		if c.path != "m" {
			var err error
			if path, err = accounts.ParseDerivationPath(c.path); err != nil {
				t.Fatal(err)
			}
		}
		key, err := deriveFromSeed(seed, path)
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if got := hex.EncodeToString(crypto.FromECDSA(key)); got != c.key {
			t.Errorf("%s: key %s, want %s", c.path, got, c.key)
		}
	}
}

func TestNormalizeMnemonicRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, mnemonic, want, secret string
	}{
		{"empty", "", "has 0 words", ""},
		{"eleven words", "test test test test test test test test test test junk", "has 11 words", ""},
		{"unknown word", "test test test test test zzyzxq test test test test test junk", "word 6 is not in the BIP-39", "zzyzxq"},
		{"bad checksum", strings.Repeat("abandon ", 12), "checksum does not match", "abandon"},
		{"bad checksum 2", "test test test test test test test test test test test test", "checksum does not match", "test"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := NormalizeMnemonic(c.mnemonic)
			if !errors.Is(err, ErrInvalidMnemonic) {
				t.Fatalf("err = %v, want ErrInvalidMnemonic", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %q, want it to say %q", err, c.want)
			}
			if c.secret != "" && strings.Contains(err.Error(), c.secret) {
				t.Errorf("err = %q echoes a mnemonic word", err)
			}
		})
	}
}

func TestAccountPathRange(t *testing.T) {
	t.Parallel()
	if _, err := AccountPath(hardenedOffset - 1); err != nil {
		t.Errorf("largest index rejected: %v", err)
	}
	if _, err := AccountPath(hardenedOffset); !errors.Is(err, ErrInvalidMnemonic) {
		t.Errorf("index 2^31: err = %v, want ErrInvalidMnemonic", err)
	}
}

func BenchmarkDeriveKey(b *testing.B) {
	path, _ := AccountPath(0)
	for b.Loop() {
		if _, err := DeriveKey(testMnemonic, "", path); err != nil {
			b.Fatal(err)
		}
	}
}
