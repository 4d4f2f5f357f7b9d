package clob

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
)

// SignatureType says who signs for the maker and how the exchange checks it.
type SignatureType uint8

const (
	// EOA: the maker is the externally owned account that signs.
	EOA SignatureType = 0
	// PolyProxy: an EOA signs for the Polymarket proxy wallet it owns (the maker).
	PolyProxy SignatureType = 1
	// PolyGnosisSafe: an EOA signs for the Polymarket Safe it owns (the maker).
	PolyGnosisSafe SignatureType = 2
	// Poly1271: the deposit wallet (maker and signer) validates an ERC-1271
	// signature its owner EOA made; new accounts must use this.
	Poly1271 SignatureType = 3
)

func (t SignatureType) String() string {
	switch t {
	case EOA:
		return "EOA"
	case PolyProxy:
		return "POLY_PROXY"
	case PolyGnosisSafe:
		return "POLY_GNOSIS_SAFE"
	case Poly1271:
		return "POLY_1271"
	}
	return fmt.Sprintf("signature type %d", uint8(t))
}

// Order is the V2 order the exchange verifies. Expiration is not signed; it
// travels beside the order for GTD orders (unix seconds, 0 = none).
type Order struct {
	Salt          *big.Int // below 2^53: the API carries it as a JSON number
	Maker         common.Address
	Signer        common.Address
	TokenID       *big.Int
	MakerAmount   *big.Int
	TakerAmount   *big.Int
	Side          Side
	SignatureType SignatureType
	Timestamp     *big.Int // milliseconds since the epoch
	Metadata      common.Hash
	Builder       common.Hash
	Expiration    *big.Int
}

// SignedOrder is an order with the signature the exchange checks.
type SignedOrder struct {
	Order
	Signature []byte
}

// OrderTypeString is the EIP-712 encodeType of the V2 order.
const OrderTypeString = "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)"

const domainTypeString = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"

// typedDataSignTypeString is ERC-7739's nested type for the deposit wallet:
// the wallet's own domain fields wrap the order as "contents".
const typedDataSignTypeString = "TypedDataSign(Order contents,string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)" + OrderTypeString

var (
	orderTypeHash     = crypto.Keccak256Hash([]byte(OrderTypeString))
	domainTypeHash    = crypto.Keccak256Hash([]byte(domainTypeString))
	typedDataSignHash = crypto.Keccak256Hash([]byte(typedDataSignTypeString))
)

// Deposit wallet's ERC-7739 domain name and version.
const (
	depositWalletName    = "DepositWallet"
	depositWalletVersion = "1"
)

// maxSalt bounds salts to integers a JSON number (float64) carries exactly.
var maxSalt = new(big.Int).Lsh(big.NewInt(1), 53)

// NewSalt draws a random salt below 2^53.
func NewSalt() (*big.Int, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("order salt: %w", err)
	}
	return new(big.Int).SetUint64(binary.BigEndian.Uint64(b[:]) >> 11), nil
}

// DomainSeparator is the exchange's EIP-712 domain separator.
func (e Exchange) DomainSeparator() common.Hash {
	return crypto.Keccak256Hash(
		domainTypeHash[:],
		crypto.Keccak256([]byte(DomainName)),
		crypto.Keccak256([]byte(e.Version)),
		word(big.NewInt(e.ChainID)),
		common.LeftPadBytes(e.Address[:], 32),
	)
}

// check refuses an order the exchange could not settle.
func (o *Order) check() error {
	for name, v := range map[string]*big.Int{"salt": o.Salt, "tokenId": o.TokenID, "makerAmount": o.MakerAmount, "takerAmount": o.TakerAmount, "timestamp": o.Timestamp} {
		if v == nil || v.Sign() < 0 || v.BitLen() > 256 {
			return fmt.Errorf("order %s must be a uint256, got %v", name, v)
		}
	}
	if o.Salt.Cmp(maxSalt) >= 0 {
		return fmt.Errorf("order salt %s is not below 2^53: the API carries it as a JSON number", o.Salt)
	}
	if o.MakerAmount.Sign() == 0 || o.TakerAmount.Sign() == 0 {
		return errors.New("order maker and taker amounts must be positive")
	}
	if o.Side > Sell {
		return fmt.Errorf("order side %d is neither BUY (0) nor SELL (1)", o.Side)
	}
	if o.SignatureType > Poly1271 {
		return fmt.Errorf("order %s is unknown", o.SignatureType)
	}
	if o.Expiration != nil && o.Expiration.Sign() < 0 {
		return errors.New("order expiration must not be negative")
	}
	return nil
}

// StructHash is hashStruct(order) under OrderTypeString.
func (o *Order) StructHash() common.Hash {
	return crypto.Keccak256Hash(
		orderTypeHash[:],
		word(o.Salt),
		common.LeftPadBytes(o.Maker[:], 32),
		common.LeftPadBytes(o.Signer[:], 32),
		word(o.TokenID),
		word(o.MakerAmount),
		word(o.TakerAmount),
		word(big.NewInt(int64(o.Side))),
		word(big.NewInt(int64(o.SignatureType))),
		word(o.Timestamp),
		o.Metadata[:],
		o.Builder[:],
	)
}

// Hash is the order's EIP-712 digest under ex; the CLOB uses it as the
// order ID.
func (o *Order) Hash(ex Exchange) common.Hash {
	return digest(ex.DomainSeparator(), o.StructHash())
}

// depositWalletDigest is what the deposit wallet's owner signs: the order
// nested in ERC-7739 TypedDataSign, under the exchange's domain.
func (o *Order) depositWalletDigest(ex Exchange) common.Hash {
	s := crypto.Keccak256Hash(
		typedDataSignHash[:],
		o.StructHash().Bytes(),
		crypto.Keccak256([]byte(depositWalletName)),
		crypto.Keccak256([]byte(depositWalletVersion)),
		word(big.NewInt(ex.ChainID)),
		common.LeftPadBytes(o.Signer[:], 32),
		make([]byte, 32),
	)
	return digest(ex.DomainSeparator(), s)
}

func digest(domain, structHash common.Hash) common.Hash {
	return crypto.Keccak256Hash([]byte{0x19, 0x01}, domain[:], structHash[:])
}

func word(v *big.Int) []byte { return math.U256Bytes(new(big.Int).Set(v)) }

// HashSigner signs 32-byte digests with one key; *wallet.Signer is one.
type HashSigner interface {
	Address() common.Address
	SignHash(hash []byte) ([]byte, error)
}

// SigningDigest is the 32-byte digest the signing key signs for o on ex:
// the order's EIP-712 hash, or for a deposit wallet (Poly1271) the order
// nested in ERC-7739 TypedDataSign.
func (o *Order) SigningDigest(ex Exchange) common.Hash {
	if o.SignatureType == Poly1271 {
		return o.depositWalletDigest(ex)
	}
	return o.Hash(ex)
}

// Sign signs o for ex with key. For EOA the key is the maker; for proxy and
// Safe orders it is the signer that owns the maker; for Poly1271 the maker
// and signer are the deposit wallet and key is its owner, whose signature is
// wrapped the way the wallet's ERC-1271 check unwraps it (see Attach).
func Sign(o Order, ex Exchange, key HashSigner) (*SignedOrder, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if o.SignatureType != Poly1271 && o.Signer != key.Address() {
		return nil, fmt.Errorf("%s order: signer %s is not the signing key %s", o.SignatureType, o.Signer.Hex(), key.Address().Hex())
	}
	sig, err := signDigest(key, o.SigningDigest(ex))
	if err != nil {
		return nil, err
	}
	return Attach(o, ex, sig)
}

// Attach joins o and the 65-byte signature its signing key made over
// o.SigningDigest(ex) into the order the exchange checks. For Poly1271 the
// signature is wrapped (ERC-7739): signature || app domain separator ||
// contents hash || type string || uint16 length.
func Attach(o Order, ex Exchange, sig []byte) (*SignedOrder, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if len(sig) != 65 {
		return nil, fmt.Errorf("order signature is %d bytes, want 65", len(sig))
	}
	sig = append([]byte(nil), sig...)
	if sig[64] < 27 {
		sig[64] += 27
	}
	if o.Expiration == nil {
		o.Expiration = new(big.Int)
	}
	switch o.SignatureType {
	case EOA:
		if o.Maker != o.Signer {
			return nil, fmt.Errorf("EOA order: maker %s must be the signer %s", o.Maker.Hex(), o.Signer.Hex())
		}
		return &SignedOrder{Order: o, Signature: sig}, nil
	case PolyProxy, PolyGnosisSafe:
		return &SignedOrder{Order: o, Signature: sig}, nil
	case Poly1271:
		if o.Maker != o.Signer {
			return nil, fmt.Errorf("deposit wallet order: maker %s must be the signer %s (the wallet)", o.Maker.Hex(), o.Signer.Hex())
		}
		dom, contents := ex.DomainSeparator(), o.StructHash()
		out := make([]byte, 0, 65+64+len(OrderTypeString)+2)
		out = append(out, sig...)
		out = append(out, dom[:]...)
		out = append(out, contents[:]...)
		out = append(out, OrderTypeString...)
		out = binary.BigEndian.AppendUint16(out, uint16(len(OrderTypeString)))
		return &SignedOrder{Order: o, Signature: out}, nil
	}
	return nil, fmt.Errorf("order %s is unknown", o.SignatureType)
}

// signDigest signs with V in {27, 28}, as Ethereum wallets do.
func signDigest(key HashSigner, h common.Hash) ([]byte, error) {
	sig, err := key.SignHash(h[:])
	if err != nil {
		return nil, fmt.Errorf("sign order: %w", err)
	}
	if len(sig) != 65 {
		return nil, fmt.Errorf("sign order: signature is %d bytes, want 65", len(sig))
	}
	out := append([]byte(nil), sig...)
	if out[64] < 27 {
		out[64] += 27
	}
	return out, nil
}

// RecoverSigner returns the EOA whose signature sig is over the order's
// digest: for Poly1271 it unwraps the deposit-wallet envelope and checks
// that it names this exchange and order. The exchange checks the rest
// (who owns the proxy, Safe or wallet).
func RecoverSigner(s *SignedOrder, ex Exchange) (common.Address, error) {
	h := s.Hash(ex)
	sig := s.Signature
	if s.SignatureType == Poly1271 {
		want := 65 + 64 + len(OrderTypeString) + 2
		if len(sig) != want {
			return common.Address{}, fmt.Errorf("deposit wallet signature is %d bytes, want %d", len(sig), want)
		}
		dom, contents := ex.DomainSeparator(), s.StructHash()
		if common.BytesToHash(sig[65:97]) != dom || common.BytesToHash(sig[97:129]) != contents ||
			string(sig[129:129+len(OrderTypeString)]) != OrderTypeString ||
			binary.BigEndian.Uint16(sig[want-2:]) != uint16(len(OrderTypeString)) {
			return common.Address{}, errors.New("deposit wallet signature does not wrap this order for this exchange")
		}
		h, sig = s.depositWalletDigest(ex), sig[:65]
	}
	return recoverDigest(h, sig)
}

func recoverDigest(h common.Hash, sig []byte) (common.Address, error) {
	if len(sig) != 65 {
		return common.Address{}, fmt.Errorf("signature is %d bytes, want 65", len(sig))
	}
	rs := append([]byte(nil), sig...)
	if rs[64] >= 27 {
		rs[64] -= 27
	}
	pub, err := crypto.SigToPub(h[:], rs)
	if err != nil {
		return common.Address{}, fmt.Errorf("recover signer: %w", err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}
