package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/agentctl/agentctl/wallet"
)

func init() { registerCommand(newWalletCmd) }

// walletSubcommands holds wallet subcommands defined in other files (balance,
// send); each registers from its own init with registerWalletCommand.
var walletSubcommands []func(*app) *cobra.Command

func registerWalletCommand(newCmd func(*app) *cobra.Command) {
	walletSubcommands = append(walletSubcommands, newCmd)
}

// walletLightScrypt selects light scrypt for new keys. Only tests set it;
// real keys always get the standard parameters.
var walletLightScrypt bool

// Size limits on the files the wallet commands read.
const (
	maxSecretFile   = 64 << 10
	maxKeystoreFile = 1 << 20
)

func newWalletCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "wallet",
		Short: "Manage keys (Web3 Secret Storage keystore), check balances, send",
		Long: `Keys live in $AGENTCTL_HOME/keystore as Web3 Secret Storage v3 files
(scrypt), readable by geth and Foundry's cast. Accounts have names; any command
taking an account accepts its name or its 0x address. Passphrases come from
--password-file, AGENTCTL_PASSWORD, or a prompt without echo.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown wallet command %q: run 'agentctl wallet --help'", args[0])
			}
			return cmd.Help()
		},
	}
	cmd.AddCommand(newWalletNewCmd(a), newWalletImportCmd(a), newWalletListCmd(a), newWalletExportCmd(a))
	for _, newCmd := range walletSubcommands {
		cmd.AddCommand(newCmd(a))
	}
	return cmd
}

func newWalletNewCmd(a *app) *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "new --name NAME",
		Short: "Create a new random key",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ks, err := a.openKeystore()
			if err != nil {
				return err
			}
			if err := checkNameFree(ks, name); err != nil {
				return err
			}
			pass, err := a.password("New passphrase", true)
			if err != nil {
				return err
			}
			acc, err := ks.NewContext(cmd.Context(), name, pass)
			if err != nil {
				return walletError(err)
			}
			fmt.Fprintf(a.stdout, "Created %s %s\nKey file: %s\nKeep a backup of the key file and the passphrase: neither can be recovered.\n",
				acc.Name, acc.Address.Hex(), acc.File)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "name of the new account")
	cmd.MarkFlagRequired("name")
	return cmd
}

type importFlags struct {
	name, keyFile, keystoreFile, keystorePassFile, mnemonicFile, mnemonicPassFile string
	index                                                                         uint32
}

func newWalletImportCmd(a *app) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import --name NAME (--private-key-file F | --keystore F | --mnemonic-file F [--index I])",
		Short: "Import a key from a hex private key, a keystore file or a BIP-39 mnemonic",
		Long: `Imports one key under a new name and encrypts it with a new passphrase
(--password-file, AGENTCTL_PASSWORD or a prompt). Sources, exactly one:
  --private-key-file F   64 hex digits, with or without 0x
  --keystore F           a keystore JSON file from geth, cast, MetaMask...; its own
                         passphrase comes from --keystore-password-file or a prompt
  --mnemonic-file F      a BIP-39 mnemonic; the key at m/44'/60'/0'/0/I (--index I)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runWalletImport(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", "", "name of the imported account")
	fl.StringVar(&f.keyFile, "private-key-file", "", "file holding a hex private key")
	fl.StringVar(&f.keystoreFile, "keystore", "", "keystore JSON file (Web3 Secret Storage v3)")
	fl.StringVar(&f.keystorePassFile, "keystore-password-file", "", "file holding the passphrase of the --keystore file")
	fl.StringVar(&f.mnemonicFile, "mnemonic-file", "", "file holding a BIP-39 mnemonic")
	fl.StringVar(&f.mnemonicPassFile, "mnemonic-passphrase-file", "", "file holding the mnemonic's optional BIP-39 passphrase")
	fl.Uint32Var(&f.index, "index", 0, "account index I in m/44'/60'/0'/0/I (with --mnemonic-file)")
	cmd.MarkFlagRequired("name")
	return cmd
}

func (a *app) runWalletImport(cmd *cobra.Command, f importFlags) error {
	var sources []string
	for name, v := range map[string]string{"--private-key-file": f.keyFile, "--keystore": f.keystoreFile, "--mnemonic-file": f.mnemonicFile} {
		if v != "" {
			sources = append(sources, name)
		}
	}
	if len(sources) != 1 {
		return usagef("give exactly one of --private-key-file, --keystore or --mnemonic-file (got %d)", len(sources))
	}
	if cmd.Flags().Changed("index") && f.mnemonicFile == "" {
		return usagef("--index only applies to --mnemonic-file")
	}
	if f.keystorePassFile != "" && f.keystoreFile == "" {
		return usagef("--keystore-password-file only applies to --keystore")
	}
	if f.mnemonicPassFile != "" && f.mnemonicFile == "" {
		return usagef("--mnemonic-passphrase-file only applies to --mnemonic-file")
	}
	ks, err := a.openKeystore()
	if err != nil {
		return err
	}
	if err := checkNameFree(ks, f.name); err != nil {
		return err
	}

	// Read every input before asking for the new passphrase.
	var importFn func(pass string) (wallet.Account, error)
	switch {
	case f.keyFile != "":
		hexKey, err := readSecretFile("--private-key-file", f.keyFile, maxSecretFile)
		if err != nil {
			return err
		}
		importFn = func(pass string) (wallet.Account, error) { return ks.ImportPrivateKey(f.name, hexKey, pass) }
	case f.keystoreFile != "":
		blob, err := readSecretFile("--keystore", f.keystoreFile, maxKeystoreFile)
		if err != nil {
			return err
		}
		oldPass, err := a.keystoreFilePassword(f.keystorePassFile)
		if err != nil {
			return err
		}
		importFn = func(pass string) (wallet.Account, error) {
			return ks.ImportKeystore(f.name, []byte(blob), oldPass, pass)
		}
	default:
		mnemonic, err := readSecretFile("--mnemonic-file", f.mnemonicFile, maxSecretFile)
		if err != nil {
			return err
		}
		if _, err := wallet.NormalizeMnemonic(mnemonic); err != nil {
			return walletError(fmt.Errorf("--mnemonic-file: %w", err))
		}
		var bip39Pass string
		if f.mnemonicPassFile != "" {
			if bip39Pass, err = readFirstLine("--mnemonic-passphrase-file", f.mnemonicPassFile); err != nil {
				return err
			}
		}
		importFn = func(pass string) (wallet.Account, error) {
			return ks.ImportMnemonic(f.name, mnemonic, bip39Pass, f.index, pass)
		}
	}
	pass, err := a.password("New passphrase for "+f.name, true)
	if err != nil {
		return err
	}
	acc, err := importFn(pass)
	if err != nil {
		return walletError(err)
	}
	fmt.Fprintf(a.stdout, "Imported %s %s\nKey file: %s\n", acc.Name, acc.Address.Hex(), acc.File)
	return nil
}

func newWalletListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List accounts: name, address, key file",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ks, err := a.openKeystore()
			if err != nil {
				return err
			}
			accs, err := ks.List()
			if err != nil {
				return walletError(err)
			}
			if asJSON {
				if accs == nil {
					accs = []wallet.Account{}
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(accs)
			}
			if len(accs) == 0 {
				fmt.Fprintf(a.stdout, "No accounts in %s: create one with 'agentctl wallet new --name NAME'.\n", ks.Dir())
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tADDRESS\tFILE")
			for _, acc := range accs {
				name := acc.Name
				if name == "" {
					name = "-"
				}
				file := acc.File
				if file == "" {
					file = "(key file missing)"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", name, acc.Address.Hex(), file)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}

func newWalletExportCmd(a *app) *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "export NAME|ADDRESS --out FILE [--force]",
		Short: "Write an account's keystore JSON (encrypted, never a raw key) to a file",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !force {
				if _, err := os.Lstat(out); err == nil {
					return usagef("%s already exists: pass --force to overwrite it", out)
				}
			}
			ks, err := a.openKeystore()
			if err != nil {
				return err
			}
			acc, err := ks.Find(args[0])
			if err != nil {
				return walletError(err)
			}
			pass, err := a.password("Passphrase for "+args[0], false)
			if err != nil {
				return err
			}
			blob, err := ks.Export(args[0], pass)
			if err != nil {
				return walletError(err)
			}
			if err := writeExport(out, blob, force); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Exported %s to %s (keystore JSON, same passphrase)\n", acc.Address.Hex(), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "file to write the keystore JSON to (mode 0600)")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite --out if it exists")
	cmd.MarkFlagRequired("out")
	return cmd
}

// writeExport writes blob to path with mode 0600. Without force it never
// replaces an existing file; with force the old file is replaced atomically.
func writeExport(path string, blob []byte, force bool) (err error) {
	if !force {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			return usagef("%s already exists: pass --force to overwrite it", path)
		}
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if _, err = f.Write(blob); err == nil {
			err = f.Close()
		} else {
			f.Close()
		}
		if err != nil {
			os.Remove(path)
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*") // mode 0600
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(blob); err != nil {
		f.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// openKeystore opens $AGENTCTL_HOME/keystore.
func (a *app) openKeystore() (*wallet.Keystore, error) {
	return wallet.OpenKeystore(filepath.Join(a.home, "keystore"), wallet.KeystoreOptions{LightScrypt: walletLightScrypt})
}

// findAccount resolves a name or 0x address in the keystore (no passphrase needed).
func (a *app) findAccount(ref string) (wallet.Account, error) {
	ks, err := a.openKeystore()
	if err != nil {
		return wallet.Account{}, err
	}
	acc, err := ks.Find(ref)
	return acc, walletError(err)
}

// unlockAccount asks for the passphrase of ref and returns its signer. An
// unknown account fails before any prompt.
func (a *app) unlockAccount(ref string) (*wallet.Signer, error) {
	ks, err := a.openKeystore()
	if err != nil {
		return nil, err
	}
	if _, err := ks.Find(ref); err != nil {
		return nil, walletError(err)
	}
	pass, err := a.password("Passphrase for "+ref, false)
	if err != nil {
		return nil, err
	}
	s, err := ks.Unlock(ref, pass)
	return s, walletError(err)
}

// checkNameFree fails early (before any passphrase prompt) on a bad or taken name.
func checkNameFree(ks *wallet.Keystore, name string) error {
	if err := wallet.ValidateName(name); err != nil {
		return walletError(err)
	}
	if acc, err := ks.Find(name); err == nil {
		return walletError(fmt.Errorf("%w: %q already names %s: choose another --name", wallet.ErrDuplicateName, name, acc.Address.Hex()))
	} else if !errors.Is(err, wallet.ErrUnknownAccount) {
		return walletError(err)
	}
	return nil
}

// walletError maps the wallet's input errors to exit 2, with a hint on what to do.
func walletError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, wallet.ErrWrongPassphrase):
		return usageErr(fmt.Errorf("%w: check --password-file or AGENTCTL_PASSWORD, or type it again", err))
	case errors.Is(err, wallet.ErrUnknownAccount):
		return usageErr(fmt.Errorf("%w (see 'agentctl wallet list')", err))
	case errors.Is(err, wallet.ErrCorruptKeystore), errors.Is(err, wallet.ErrDuplicateName),
		errors.Is(err, wallet.ErrDuplicateAccount), errors.Is(err, wallet.ErrInvalidName),
		errors.Is(err, wallet.ErrInvalidKey), errors.Is(err, wallet.ErrInvalidMnemonic),
		errors.Is(err, wallet.ErrEmptyPassphrase):
		return usageErr(err)
	}
	return err
}

// keystoreFilePassword returns the passphrase of an imported keystore file:
// from file, else from a prompt. The global sources are for the new copy.
func (a *app) keystoreFilePassword(file string) (string, error) {
	if file != "" {
		return readFirstLine("--keystore-password-file", file)
	}
	if !a.isTerminal() {
		return "", usagef("no passphrase for the --keystore file: pass --keystore-password-file FILE (--password-file and AGENTCTL_PASSWORD set the new passphrase)")
	}
	fmt.Fprint(a.stderr, "Passphrase of the keystore file: ")
	pw, err := term.ReadPassword(int(a.stdin.(*os.File).Fd()))
	fmt.Fprintln(a.stderr)
	if err != nil {
		return "", fmt.Errorf("read passphrase: %w", err)
	}
	return string(pw), nil
}

// readSecretFile reads a small input file. Errors name the flag and the
// file, never its content.
func readSecretFile(flag, path string, limit int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", usagef("%s: %v", flag, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return "", usagef("%s: read %s: %v", flag, path, err)
	}
	if int64(len(b)) > limit {
		return "", usagef("%s: %s is larger than %d bytes: is it the right file?", flag, path, limit)
	}
	return string(b), nil
}

// readFirstLine reads a passphrase file; only the first line counts, as with --password-file.
func readFirstLine(flag, path string) (string, error) {
	s, err := readSecretFile(flag, path, maxSecretFile)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimRight(line, "\r"), nil
}
