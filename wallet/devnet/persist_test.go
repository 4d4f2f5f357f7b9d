package devnet

import (
	"context"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// openHomeManual opens the devnet of home with blocks committed by hand.
func openHomeManual(t *testing.T, home string) *Devnet {
	t.Helper()
	d, err := OpenHome(context.Background(), home, Options{Manual: true})
	if err != nil {
		t.Fatalf("OpenHome: %v", err)
	}
	return d
}

func TestHomeChainResumesWhereItStopped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	home := t.TempDir()
	d := openHomeManual(t, home)
	m1 := d.Manifest()
	if m1.Chain != ChainDir || m1.Seeded == nil {
		t.Fatalf("manifest of a home chain: chain %q seeded %v", m1.Chain, m1.Seeded)
	}
	// A transfer the second run must still see, and a few blocks on top.
	to := common.HexToAddress("0x00000000000000000000000000000000000000a1")
	if err := d.Fund(ctx, to, big.NewInt(12345), nil); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		d.Commit()
	}
	head1, _ := d.Client().HeaderByNumber(ctx, nil)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	d2 := openHomeManual(t, home)
	defer d2.Close()
	head2, err := d2.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if head2.Hash() != head1.Hash() {
		t.Fatalf("resumed at block %d %s, stopped at %d %s", head2.Number, head2.Hash(), head1.Number, head1.Hash())
	}
	if bal, _ := d2.Client().BalanceAt(ctx, to, nil); bal.Int64() != 12345 {
		t.Fatalf("balance after restart %v, want 12345", bal)
	}
	m2 := d2.Manifest()
	if m2.WETH != m1.WETH || m2.Contracts[ContractAnchor] != m1.Contracts[ContractAnchor] || *m2.Seeded != *m1.Seeded {
		t.Fatalf("resumed manifest differs: %+v vs %+v", m2, m1)
	}
	// Nothing was deployed again: the deployer's nonce is where it was, and
	// new blocks carry on with rising timestamps.
	if len(d2.answers) != len(m2.Markets) {
		t.Fatalf("%d market answers rebuilt for %d markets", len(d2.answers), len(m2.Markets))
	}
	if err := d2.Fund(ctx, to, big.NewInt(1), nil); err != nil {
		t.Fatalf("send on the resumed chain: %v", err)
	}
	head3, _ := d2.Client().HeaderByNumber(ctx, nil)
	if head3.Number.Uint64() <= head1.Number.Uint64() || head3.Time <= head1.Time {
		t.Fatalf("after restart block %d time %d, before %d time %d", head3.Number, head3.Time, head1.Number, head1.Time)
	}
	if got, _ := LoadManifest(home); got.Seeded == nil || *got.Seeded != *m1.Seeded {
		t.Fatalf("manifest in the home lost its seeded block: %+v", got)
	}
}

func TestHomeChainProblemsAreErrorsNamingTheDirectory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// One seeded home to copy broken variants from.
	src := t.TempDir()
	d := openHomeManual(t, src)
	d.Close()

	cases := []struct {
		name  string
		spoil func(t *testing.T, home string)
		want  string
	}{
		{"manifest missing", func(t *testing.T, home string) {
			os.Remove(filepath.Join(home, ManifestFile))
		}, "no devnet manifest describes|devnet.json that describes it is missing"},
		{"chain missing", func(t *testing.T, home string) {
			os.RemoveAll(filepath.Join(home, ChainDir))
		}, "is missing"},
		{"another devnet's manifest", func(t *testing.T, home string) {
			m, _ := LoadManifest(home)
			m.Seeded.Hash = common.HexToHash("0x01")
			m.Save(home)
		}, "is not the chain the manifest describes"},
		{"corrupt database", func(t *testing.T, home string) {
			db := filepath.Join(home, ChainDir, nodeName, "chaindata")
			files, _ := os.ReadDir(db)
			for _, f := range files {
				if strings.HasPrefix(f.Name(), "MANIFEST") || strings.HasSuffix(f.Name(), ".sst") {
					os.WriteFile(filepath.Join(db, f.Name()), []byte("garbage"), 0o644)
				}
			}
		}, "cannot be opened"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			copyDir(t, src, home)
			tc.spoil(t, home)
			before, _ := os.ReadFile(filepath.Join(home, ManifestFile))
			d, err := OpenHome(ctx, home, Options{Manual: true})
			if err == nil {
				d.Close()
				t.Fatal("opened a broken home chain")
			}
			var cerr *ChainDirError
			if !errors.As(err, &cerr) || cerr.Dir != filepath.Join(home, ChainDir) {
				t.Fatalf("error %v does not name %s", err, filepath.Join(home, ChainDir))
			}
			if !matchesAny(err.Error(), tc.want) || !strings.Contains(err.Error(), "agentctl devnet --reset") {
				t.Fatalf("error %q: want %q and the way out", err, tc.want)
			}
			after, _ := os.ReadFile(filepath.Join(home, ManifestFile))
			if string(before) != string(after) {
				t.Fatal("the failed open rewrote the manifest")
			}
		})
	}
}

func TestHomeChainFromAnotherGenesisIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A chain with a different genesis in the directory.
	ch, err := newChain(nil, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	ch.commit()
	ch.close()
	_, err = Start(context.Background(), Options{Manual: true, DataDir: dir, Manifest: &Manifest{ChainID: ChainID}})
	var cerr *ChainDirError
	if !errors.As(err, &cerr) || !strings.Contains(err.Error(), "holds another chain") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("want a foreign-genesis error naming %s, got %v", dir, err)
	}
}

func TestSetAsideKeepsTheOldChain(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	d := openHomeManual(t, home)
	old := d.Manifest().Seeded
	d.Close()
	moved, err := SetAside(home)
	if err != nil || len(moved) != 2 {
		t.Fatalf("SetAside: %v %v", moved, err)
	}
	if !HasChain(filepath.Join(home, ChainDir+".old")) {
		t.Fatal("the old chain is not kept as chain.old")
	}
	d2 := openHomeManual(t, home)
	defer d2.Close()
	if *d2.Manifest().Seeded == *old {
		t.Fatal("after SetAside the same chain came back")
	}
}

func TestAnswerOfReadsEveryScheduledName(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"weth-3000", "dexb-premium", "weth3010-b900", "premium-b1200", "wbtc20.1-b1500"} {
		if _, ok := answerOf(name); !ok {
			t.Errorf("no answer rebuilt for %s", name)
		}
	}
	for _, name := range []string{"weth-b900", "someone-else-b12", "wbtcx-b3"} {
		if _, ok := answerOf(name); ok {
			t.Errorf("answer rebuilt for unknown market %s", name)
		}
	}
}

func matchesAny(s, alts string) bool {
	for _, a := range strings.Split(alts, "|") {
		if strings.Contains(s, a) {
			return true
		}
	}
	return false
}

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if e.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Noise traders on a resumed chain keep the WETH and approvals they set up
// before: a restart does not wrap another 1,000 ETH of each one's balance.
func TestNoiseTradersResumeWithoutWrappingAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	home := t.TempDir()
	opts := Options{NoiseTraders: 1, NoScenery: true}
	d, err := OpenHome(ctx, home, opts)
	if err != nil {
		t.Fatal(err)
	}
	trader := d.Manifest().Accounts[noiseAccounts[0]].Address
	weth, _ := d.balanceOf(ctx, d.Manifest().WETH, trader)
	if weth.Sign() == 0 {
		t.Fatal("the noise trader wrapped no WETH")
	}
	d.Close()
	d, err = OpenHome(ctx, home, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { d.Close() }()
	before, _ := d.Client().BalanceAt(ctx, trader, nil)
	d.Close()
	d, err = OpenHome(ctx, home, opts)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := d.Client().BalanceAt(ctx, trader, nil)
	spent := new(big.Int).Sub(before, after)
	if spent.Cmp(units(1, 18)) > 0 {
		t.Fatalf("a restart cost the noise trader %s wei: it wrapped its ETH again", spent)
	}
}
