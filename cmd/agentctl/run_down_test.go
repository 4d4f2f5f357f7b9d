package main

import (
	"context"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// At the end of a run, a node that no longer answers is named with what to
// do (the run then leaves its anchors to the next start instead of
// waiting on it); one that answers, or the in-process devnet, is fine.
func TestNodeDownAtTheEndOfARun(t *testing.T) {
	t.Parallel()
	d, err := devnet.Start(context.Background(), devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	url := d.Manifest().RPC
	c, err := wallet.Dial(context.Background(), url, wallet.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := nodeDown(c.Backend(), url); err != nil {
		t.Fatalf("a node that answers: %v", err)
	}
	d.Close()
	err = nodeDown(c.Backend(), url)
	if err == nil || !strings.Contains(err.Error(), "the node at "+url+" does not answer") || !strings.Contains(err.Error(), "start it again") {
		t.Fatalf("a node that is gone: %v", err)
	}
	if err := nodeDown(c.Backend(), ""); err != nil {
		t.Fatalf("the in-process devnet: %v", err)
	}
}
