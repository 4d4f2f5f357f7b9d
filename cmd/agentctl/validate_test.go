package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/agent"
)

// A batch export published for an HTTP batch_uri is served by run's
// metrics server under /batches/ and fetched back byte for byte; nothing
// but a batch name is served.
func TestBatchesServedOverHTTP(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	srv := httptest.NewServer(batchHandler(home))
	defer srv.Close()
	payload := []byte(`{"version":"agentctl.batch.v1"}`)
	hash := crypto.Keccak256Hash(payload)
	uri, err := agent.DirPublisher(home+"/batches", srv.URL+"/batches")("momentum", hash, payload)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(uri, srv.URL+"/batches/0x") {
		t.Fatalf("uri %s", uri)
	}
	got, err := agent.FetchURI(context.Background(), uri)
	if err != nil || string(got) != string(payload) {
		t.Fatalf("fetched %q, %v", got, err)
	}
	for _, path := range []string{"/batches/", "/batches/../agentctl.db", "/batches/x.json", "/batches/" + hash.Hex()} {
		if _, err := agent.FetchURI(context.Background(), srv.URL+path); err == nil {
			t.Errorf("%s was served", path)
		}
	}
}
