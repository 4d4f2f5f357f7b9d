package bindgen

import (
	"strings"
	"testing"
	"testing/fstest"
)

const erc20ABI = `[{"type":"function","name":"totalSupply","inputs":[],"outputs":[{"name":"","type":"uint256"}],"stateMutability":"view"}]`

func TestGenerate(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"Token.json":  {Data: []byte(`{"contractName":"Token","abi":` + erc20ABI + `,"bytecode":"0x6000"}`)},
		"IToken.json": {Data: []byte(`{"contractName":"IToken","abi":` + erc20ABI + `,"bytecode":"0x"}`)},
		"notes.txt":   {Data: []byte("not an artifact")},
	}
	files, err := Generate(fsys, "contracts")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("got %d files, want 2", len(files))
	}
	tok := string(files["bind_token.go"])
	for _, want := range []string{"package contracts", "DO NOT EDIT", "func NewToken()", `Bin: "0x6000"`, "PackTotalSupply"} {
		if !strings.Contains(tok, want) {
			t.Errorf("bind_token.go lacks %q", want)
		}
	}
	if strings.Contains(string(files["bind_itoken.go"]), "Bin:") {
		t.Error("an interface without bytecode got a Bin")
	}
}

func TestGenerateRejectsBadArtifacts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"no artifacts", fstest.MapFS{}, "run `make contracts`"},
		{"not JSON", fstest.MapFS{"A.json": {Data: []byte("{")}}, "A.json is not valid JSON"},
		{"name mismatch", fstest.MapFS{"A.json": {Data: []byte(`{"contractName":"B","abi":[]}`)}}, `names contract "B"`},
		{"no abi", fstest.MapFS{"A.json": {Data: []byte(`{"contractName":"A"}`)}}, "A.json has no abi"},
		{"bad abi", fstest.MapFS{"A.json": {Data: []byte(`{"contractName":"A","abi":[{"type":"function","name":"f","inputs":[{"name":"x","type":"notatype"}]}]}`)}}, "binding A"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Generate(tc.fsys, "contracts")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}
