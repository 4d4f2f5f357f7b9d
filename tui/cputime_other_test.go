//go:build !unix

package tui

import (
	"testing"
	"time"
)

// cpuTime is not measured here; the benchmark reports 0 CPU time.
func cpuTime(*testing.B) time.Duration { return 0 }
