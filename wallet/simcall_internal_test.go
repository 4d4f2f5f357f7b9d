package wallet

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/rpc"
)

type rpcErr struct {
	code int
	msg  string
}

func (e rpcErr) Error() string  { return e.msg }
func (e rpcErr) ErrorCode() int { return e.code }

var _ rpc.Error = rpcErr{}

// The replies real nodes give for a missing method are verdicts; a node's
// other errors and transport failures are not.
func TestLacksMethod(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{rpcErr{-32601, "the method eth_simulateV1 does not exist/is not available"}, true}, // geth, ganache, infura
		{rpcErr{-32004, "Method eth_simulateV1 is not supported"}, true},                    // hardhat
		{rpcErr{-32600, "Unsupported method: eth_simulateV1"}, true},                        // hosted RPCs
		{rpcErr{-32000, "method not found"}, true},
		{rpcErr{-32000, "historical state not available"}, false},
		{rpcErr{-32602, "invalid params: block overrides not supported"}, false},
		{rpcErr{3, "execution reverted"}, false},
		{errors.New("Post \"http://127.0.0.1:1\": connection refused"), false},
		{errors.New("502 Bad Gateway: method not supported"), false}, // not a JSON-RPC answer
	} {
		if got := lacksMethod(tc.err); got != tc.want {
			t.Errorf("lacksMethod(%q) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
