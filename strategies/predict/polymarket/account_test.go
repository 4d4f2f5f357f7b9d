package polymarket

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

// TestSaveCredentialsKeepsWhatItCannotConfirm: the first save seals the
// key the CLOB derives; saving again keeps the file untouched; a file the
// passphrase does not open, or that holds another key, is kept and the
// error says --force; force replaces it; a CLOB that refuses is not a
// reason to touch the file.
func TestSaveCredentialsKeepsWhatItCannotConfirm(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	key, _ := crypto.GenerateKey()
	signer := wallet.NewSigner(key)
	srv := clobtest.New(t, clobtest.Options{})
	acc := Account{Agent: "poly", Address: signer.Address(), CLOB: srv.URL, ChainID: clob.Polygon,
		Credentials: clob.CredentialsPath(t.TempDir(), signer.Address())}

	first, err := acc.SaveCredentials(ctx, signer, "pw", 0, false, clob.LightScryptN)
	if err != nil || !first.Written || first.Key == "" {
		t.Fatalf("first save: %+v %v", first, err)
	}
	sealed, _ := os.ReadFile(acc.Credentials)
	again, err := acc.SaveCredentials(ctx, signer, "pw", 0, false, clob.LightScryptN)
	if err != nil || again.Written || again.Key != first.Key {
		t.Fatalf("second save: %+v %v", again, err)
	}
	if now, _ := os.ReadFile(acc.Credentials); string(now) != string(sealed) {
		t.Fatal("saving the same key again rewrote the file")
	}
	for name, try := range map[string]func() (Saved, error){
		"another passphrase": func() (Saved, error) { return acc.SaveCredentials(ctx, signer, "other", 0, false, clob.LightScryptN) },
		"another nonce":      func() (Saved, error) { return acc.SaveCredentials(ctx, signer, "pw", 1, false, clob.LightScryptN) },
	} {
		if _, err := try(); !errors.Is(err, ErrKept) || !strings.Contains(err.Error(), "--force") {
			t.Fatalf("%s: %v, want the file kept and --force named", name, err)
		}
		if now, _ := os.ReadFile(acc.Credentials); string(now) != string(sealed) {
			t.Fatalf("%s changed the file", name)
		}
	}
	srv.Fail("GET /auth/derive-api-key", clobtest.Fault{Status: 500})
	srv.Fail("POST /auth/api-key", clobtest.Fault{Status: 500})
	if _, err := acc.SaveCredentials(ctx, signer, "pw", 2, true, clob.LightScryptN); err == nil || errors.Is(err, ErrKept) {
		t.Fatalf("a refusing CLOB: %v", err)
	}
	if now, _ := os.ReadFile(acc.Credentials); string(now) != string(sealed) {
		t.Fatal("a refusing CLOB changed the file")
	}
	forced, err := acc.SaveCredentials(ctx, signer, "other", 2, true, clob.LightScryptN)
	if err != nil || !forced.Written || forced.Key == first.Key {
		t.Fatalf("--force with a new nonce: %+v %v", forced, err)
	}
	if c, err := clob.LoadCredentials(acc.Credentials, acc.Address, "other"); err != nil || c.Key != forced.Key {
		t.Fatalf("the forced file: %v", err)
	}
	if _, err := (Account{Agent: "poly", Address: acc.Address, CLOB: srv.URL, ChainID: clob.Polygon,
		Credentials: filepath.Join(t.TempDir(), "none.json")}).Client("other"); err == nil ||
		!strings.Contains(err.Error(), "agentctl polymarket credentials --agent poly") {
		t.Fatalf("no credentials file: %v", err)
	}
}
