package wallet

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
)

type rpcReply struct{}

func (rpcReply) Error() string  { return "nonce too low" }
func (rpcReply) ErrorCode() int { return -32000 }

// Only a node's own error reply or a connection never made mean the send
// certainly did not reach the node; everything else may have.
func TestIsNodeAnswer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("send: %w", rpcReply{}), true},
		{fmt.Errorf("post: %w", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), true},
		{fmt.Errorf("post: %w", &net.OpError{Op: "read", Err: syscall.ECONNRESET}), false},
		{fmt.Errorf("post: %w", io.EOF), false},
		{io.ErrUnexpectedEOF, false},
		{errors.New("502 Bad Gateway: bad gateway"), false},
	} {
		if got := isNodeAnswer(tc.err); got != tc.want {
			t.Errorf("isNodeAnswer(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
