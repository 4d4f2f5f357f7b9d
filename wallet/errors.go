package wallet

import "errors"

// Sentinel errors of the key side of the wallet. Operations wrap them with
// context (which account, which file, what to do), so test with errors.Is.
// None of them ever carries key material.
var (
	// ErrWrongPassphrase: the passphrase does not open the key (MAC mismatch).
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrEmptyPassphrase: a new or re-encrypted key needs a non-empty passphrase.
	ErrEmptyPassphrase = errors.New("empty passphrase: choose a non-empty passphrase to protect the key")
	// ErrCorruptKeystore: a keystore file or the names index cannot be read as
	// what it should be (bad JSON, unsupported cipher or KDF, broken fields).
	ErrCorruptKeystore = errors.New("corrupt keystore")
	// ErrDuplicateName: the account name is already taken.
	ErrDuplicateName = errors.New("account name already in use")
	// ErrDuplicateAccount: the key's address is already in the keystore.
	ErrDuplicateAccount = errors.New("account already in the keystore")
	// ErrUnknownAccount: no account has that name or address.
	ErrUnknownAccount = errors.New("unknown account")
	// ErrInvalidName: the name breaks the naming rules (see ValidateName).
	ErrInvalidName = errors.New("invalid account name")
	// ErrInvalidKey: the private key is not 32 bytes of hex in the curve's range.
	ErrInvalidKey = errors.New("invalid private key")
	// ErrInvalidMnemonic: not a BIP-39 English mnemonic (word count, unknown
	// word, checksum) or an unusable derivation path or index.
	ErrInvalidMnemonic = errors.New("invalid mnemonic")
)
