package clob_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/ethereum/go-ethereum/common"
)

// TestAuthHeadersMatchOfficialClient builds L1 (ClobAuth) and L2 (HMAC)
// headers with our code and the official client for a table of keys,
// chains, nonces, methods, paths and bodies, and requires identical headers.
func TestAuthHeadersMatchOfficialClient(t *testing.T) {
	t.Parallel()
	type l1 struct {
		seed    string
		chainID int64
		ts      int64
		nonce   uint64
	}
	l1s := []l1{{"a", clob.Polygon, 1767225600, 0}, {"b", clob.Polygon, 1700000000, 7}, {"c", clob.Amoy, 1767225999, 123456789}, {"a", clob.Amoy, 1, 0}}
	type l2 struct {
		seed, secret, method, path string
		body                       *string
		ts                         int64
	}
	str := func(s string) *string { return &s }
	l2s := []l2{
		{"a", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==", "POST", "/order", str(`{"deferExec":false,"postOnly":true}`), 1767225600},
		{"b", "q83vEjRWeJq8AbCd_-0123456789abcdefABCDEF-_w=", "GET", "/data/orders", nil, 1767225601},
		{"c", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "DELETE", "/order", str(`{"orderID":"0xabc"}`), 1700000000},
		{"a", "-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_8=", "DELETE", "/orders", str(`["0x1","0x2"]`), 1767225602},
		{"b", "c2VjcmV0", "POST", "/v1/heartbeats", str(`{"heartbeat_id":""}`), 1767225603},
		{"c", "c2VjcmV0", "GET", "/balance-allowance", str(""), 1767225604},
	}
	var cases []map[string]any
	for _, c := range l1s {
		_, h := testKey(t, c.seed)
		cases = append(cases, map[string]any{"kind": "l1", "key": h, "chainId": c.chainID, "nonce": c.nonce, "timestamp": c.ts})
	}
	for _, c := range l2s {
		_, h := testKey(t, c.seed)
		m := map[string]any{"kind": "l2", "key": h, "creds": map[string]string{"key": "k-" + c.seed, "secret": c.secret, "passphrase": "pp-" + c.seed},
			"method": c.method, "requestPath": c.path, "timestamp": c.ts}
		if c.body != nil {
			m["body"] = *c.body
		}
		cases = append(cases, m)
	}
	res := runOfficial(t, cases)
	for i, c := range l1s {
		key, _ := testSigner(t, c.seed)
		var want struct {
			Headers map[string]string
			Hash    string
			Error   string
		}
		if err := json.Unmarshal(res[i], &want); err != nil || want.Error != "" {
			t.Fatalf("l1 %d: official client: %v %s", i, err, want.Error)
		}
		if h := clob.ClobAuthHash(c.chainID, key.Address(), c.ts, c.nonce).Hex(); h != want.Hash {
			t.Errorf("l1 %d: ClobAuth hash %s, official %s", i, h, want.Hash)
		}
		got, err := clob.L1Headers(key, c.chainID, c.ts, c.nonce)
		if err != nil {
			t.Fatal(err)
		}
		assertHeaders(t, fmt.Sprintf("l1 %d", i), got, want.Headers)
		if addr, nonce, err := clob.VerifyL1(got, c.chainID); err != nil || addr != key.Address() || nonce != c.nonce {
			t.Errorf("l1 %d: verify: %s %d %v", i, addr.Hex(), nonce, err)
		}
		if _, _, err := clob.VerifyL1(got, c.chainID+1); err == nil {
			t.Errorf("l1 %d: headers for chain %d verified on another chain", i, c.chainID)
		}
	}
	for j, c := range l2s {
		key, _ := testSigner(t, c.seed)
		var want struct {
			Headers map[string]string
			Error   string
		}
		if err := json.Unmarshal(res[len(l1s)+j], &want); err != nil || want.Error != "" {
			t.Fatalf("l2 %d: official client: %v %s", j, err, want.Error)
		}
		var body []byte
		if c.body != nil {
			body = []byte(*c.body)
		}
		got, err := clob.L2Headers(key.Address(), clob.Credentials{Key: "k-" + c.seed, Secret: c.secret, Passphrase: "pp-" + c.seed}, c.ts, c.method, c.path, body)
		if err != nil {
			t.Fatal(err)
		}
		assertHeaders(t, fmt.Sprintf("l2 %d", j), got, want.Headers)
	}
}

func assertHeaders(t *testing.T, name string, got map[string][]string, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: headers %v, official %v", name, got, want)
	}
	for k, v := range want {
		if g := got[k]; len(g) != 1 || g[0] != v {
			t.Errorf("%s: %s = %v, official client %q", name, k, g, v)
		}
	}
}

// TestCredentialsStayEncryptedAndUnprinted stores credentials beside a
// keystore, reads them back, and checks that the file, errors and logs
// never show the secret or passphrase.
func TestCredentialsStayEncryptedAndUnprinted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	acct := common.HexToAddress("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")
	creds := clob.Credentials{Key: "5d1a2b3c-key", Secret: "U3VwZXJTZWNyZXRITUFDS2V5Rm9yVGVzdHMxMjM0NTY=", Passphrase: "pass-phrase-XYZZY"}
	path := clob.CredentialsPath(dir, acct)
	if err := clob.SaveCredentials(path, acct, creds, "correct horse", clob.LightScryptN); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	secrets := []string{creds.Secret, creds.Passphrase, "XYZZY", "U3VwZXJTZWNyZXQ"}
	for _, s := range secrets {
		if bytes.Contains(raw, []byte(s)) {
			t.Fatalf("credentials file holds %q in clear", s)
		}
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("credentials file mode %v, want 0600", info.Mode().Perm())
	}
	if filepath.Dir(path) == dir {
		t.Error("credentials sit among the key files; the keystore scan would read them")
	}
	got, err := clob.LoadCredentials(path, acct, "correct horse")
	if err != nil || got != creds {
		t.Fatalf("load: %v, %v", got, err)
	}

	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	log.Info("loaded", "creds", got)
	var errs []string
	_, err = clob.LoadCredentials(path, acct, "wrong")
	errs = append(errs, err.Error())
	_, err = clob.LoadCredentials(path, common.HexToAddress("0x01"), "correct horse")
	errs = append(errs, err.Error())
	_, err = json.Marshal(got)
	errs = append(errs, fmt.Sprint(err))
	printed := fmt.Sprintf("%v %+v %#v %s", got, got, got, got) + logs.String() + strings.Join(errs, "\n")
	for _, s := range secrets {
		if strings.Contains(printed, s) {
			t.Errorf("secret %q printed: %s", s, printed)
		}
	}
	if !strings.Contains(errs[0], "password") || !strings.Contains(errs[1], "belong to") {
		t.Errorf("errors do not say what is wrong: %q", errs)
	}
	// A file others can read is refused rather than trusted.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := clob.LoadCredentials(path, acct, "correct horse"); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("world-readable credentials: %v", err)
	}
}
