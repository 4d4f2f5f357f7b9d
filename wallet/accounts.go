package wallet

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// IndexFile is the names index, kept beside the key files. Key files stay
// plain Web3 Secret Storage files that geth and Foundry read; the index only
// adds names, so losing it loses names, never keys.
const IndexFile = "names.json"

const (
	maxNameLen   = 32
	indexVersion = 1
	// maxKeyFileSize bounds what a directory scan reads; key files are ~500 bytes.
	maxKeyFileSize = 1 << 20
)

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// nameRule is quoted by every name error so the user knows what is allowed.
const nameRule = "use 1-32 characters: lowercase letters a-z, digits, '-' or '_', starting with a letter"

// Account is a key in the keystore. Name is empty for a key file that has no
// entry in the names index (e.g. one copied in from geth); refer to it by
// address. File is empty when the index names a key whose file is missing.
type Account struct {
	Name    string         `json:"name"`
	Address common.Address `json:"address"`
	File    string         `json:"file"`
}

// ValidateName reports whether name can name an account. Names start with a
// letter, so they never look like a 0x address.
func ValidateName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: the name is empty: %s", ErrInvalidName, nameRule)
	case len(name) > maxNameLen:
		return fmt.Errorf("%w: the name is %d characters long: %s", ErrInvalidName, len(name), nameRule)
	case !nameRE.MatchString(name):
		return fmt.Errorf("%w: %q: %s", ErrInvalidName, name, nameRule)
	}
	return nil
}

// index maps account names to addresses.
type index struct {
	Version int                       `json:"version"`
	Names   map[string]common.Address `json:"names"`
}

func (ks *Keystore) indexPath() string { return filepath.Join(ks.dir, IndexFile) }

func (ks *Keystore) loadIndex() (*index, error) {
	ix := &index{Version: indexVersion, Names: map[string]common.Address{}}
	b, err := os.ReadFile(ks.indexPath())
	if errors.Is(err, fs.ErrNotExist) {
		return ix, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read names index: %w", err)
	}
	if err := json.Unmarshal(b, ix); err != nil {
		return nil, fmt.Errorf("%w: names index %s is not valid JSON (%v): fix it or move it away; key files are not affected",
			ErrCorruptKeystore, ks.indexPath(), err)
	}
	if ix.Version != indexVersion {
		return nil, fmt.Errorf("%w: names index %s has version %d, this agentctl reads version %d",
			ErrCorruptKeystore, ks.indexPath(), ix.Version, indexVersion)
	}
	if ix.Names == nil {
		ix.Names = map[string]common.Address{}
	}
	for name := range ix.Names {
		if err := ValidateName(name); err != nil {
			return nil, fmt.Errorf("%w: names index %s: %v", ErrCorruptKeystore, ks.indexPath(), err)
		}
	}
	return ix, nil
}

func (ks *Keystore) saveIndex(ix *index) error {
	b, err := json.MarshalIndent(ix, "", "  ") // map keys come out sorted
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(ks.indexPath(), append(b, '\n')); err != nil {
		return fmt.Errorf("write names index: %w", err)
	}
	return nil
}

// nameOf returns the name given to addr, or "".
func (ix *index) nameOf(addr common.Address) string {
	for name, a := range ix.Names {
		if a == addr {
			return name
		}
	}
	return ""
}

// keyFiles scans the directory for key files, as geth does: any regular,
// non-hidden file whose JSON has a valid "address". Files that are not key
// files are ignored, so the directory can be shared with geth.
func (ks *Keystore) keyFiles() (map[common.Address][]string, error) {
	entries, err := os.ReadDir(ks.dir)
	if err != nil {
		return nil, fmt.Errorf("read keystore %s: %w", ks.dir, err)
	}
	files := map[common.Address][]string{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || name == IndexFile || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") {
			continue
		}
		path := filepath.Join(ks.dir, name)
		if info, err := e.Info(); err != nil || info.Size() > maxKeyFileSize {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		var head struct {
			Address string `json:"address"`
		}
		if json.Unmarshal(b, &head) != nil || !common.IsHexAddress(head.Address) {
			continue
		}
		addr := common.HexToAddress(head.Address)
		files[addr] = append(files[addr], path)
	}
	return files, nil
}

// List returns every key in the keystore: named accounts sorted by name,
// then unnamed key files by address. A named account whose key file is
// missing has an empty File.
func (ks *Keystore) List() ([]Account, error) {
	ix, err := ks.loadIndex()
	if err != nil {
		return nil, err
	}
	files, err := ks.keyFiles()
	if err != nil {
		return nil, err
	}
	var out []Account
	for addr, paths := range files {
		for _, p := range paths {
			out = append(out, Account{Name: ix.nameOf(addr), Address: addr, File: p})
		}
	}
	// A name whose key file is gone is still listed (File ""), so that a
	// "name already in use" error always matches something the user can see.
	for name, addr := range ix.Names {
		if len(files[addr]) == 0 {
			out = append(out, Account{Name: name, Address: addr})
		}
	}
	slices.SortFunc(out, func(a, b Account) int {
		switch {
		case a.Name != "" && b.Name == "":
			return -1
		case a.Name == "" && b.Name != "":
			return 1
		case a.Name != b.Name:
			return strings.Compare(a.Name, b.Name)
		case a.Address != b.Address:
			return a.Address.Cmp(b.Address)
		}
		return strings.Compare(a.File, b.File)
	})
	return out, nil
}

// Find resolves ref, an account name or a 0x address, to its key file.
func (ks *Keystore) Find(ref string) (Account, error) {
	ix, err := ks.loadIndex()
	if err != nil {
		return Account{}, err
	}
	files, err := ks.keyFiles()
	if err != nil {
		return Account{}, err
	}
	var acc Account
	if strings.HasPrefix(ref, "0x") || strings.HasPrefix(ref, "0X") {
		if !common.IsHexAddress(ref) {
			return Account{}, fmt.Errorf("%w: %q is not a valid address: use 0x and 40 hex digits, or an account name", ErrUnknownAccount, ref)
		}
		acc.Address = common.HexToAddress(ref)
		acc.Name = ix.nameOf(acc.Address)
	} else {
		addr, ok := ix.Names[ref]
		if !ok {
			return Account{}, fmt.Errorf("%w: no account named %q in %s: list the accounts to see their names, or use a 0x address",
				ErrUnknownAccount, ref, ks.dir)
		}
		acc.Name, acc.Address = ref, addr
	}
	paths := files[acc.Address]
	switch len(paths) {
	case 0:
		if err := ks.unreadableKeyFile(acc.Address); err != nil {
			return Account{}, err
		}
		if acc.Name != "" {
			return Account{}, fmt.Errorf("%w: %q is %s but its key file is missing from %s: restore the file or import the key again",
				ErrUnknownAccount, acc.Name, acc.Address, ks.dir)
		}
		return Account{}, fmt.Errorf("%w: no key for %s in %s", ErrUnknownAccount, acc.Address, ks.dir)
	case 1:
		acc.File = paths[0]
		return acc, nil
	default:
		return Account{}, fmt.Errorf("%w: %s has %d key files in %s (%s): keep one and move the others away",
			ErrDuplicateAccount, acc.Address, len(paths), ks.dir, strings.Join(paths, ", "))
	}
}

// WriteFileAtomic writes data to path with mode 0600 through a hidden temp
// file in the same directory and a rename, so a reader sees the old content
// or the new one, never a torn file; on failure nothing is left behind.
func WriteFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable; best effort, some systems cannot fsync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
