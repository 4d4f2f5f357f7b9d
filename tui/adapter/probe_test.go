package adapter

import (
	"testing"
	"time"
)

// The window counts the share of failed reads over the last 20 and the
// slowest read that answered; old reads leave it.
func TestChainProbesWindow(t *testing.T) {
	t.Parallel()
	var p chainProbes
	for range 14 {
		p.add(true, 10*time.Millisecond)
	}
	for range 6 {
		p.add(false, 0)
	}
	if rate, slow := p.add(true, 3*time.Second); rate != 0.3 || slow != 3*time.Second {
		t.Fatalf("rate %v slowest %v, want 0.3 and 3s", rate, slow)
	}
	for range 20 {
		p.add(true, 20*time.Millisecond)
	}
	if rate, slow := p.add(true, 20*time.Millisecond); rate != 0 || slow != 20*time.Millisecond {
		t.Fatalf("after 20 good reads: rate %v slowest %v", rate, slow)
	}
}
