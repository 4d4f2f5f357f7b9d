//go:build unix

package main

import (
	"os"
	"os/signal"
	"strconv"
	"syscall"
)

// limitFileSize applies AGENTCTL_TEST_FSIZE as RLIMIT_FSIZE: no file may
// grow past it, so writes fail as on a full disk (EFBIG; SIGXFSZ ignored).
func limitFileSize() {
	n, err := strconv.ParseUint(os.Getenv("AGENTCTL_TEST_FSIZE"), 10, 64)
	if err != nil {
		return
	}
	signal.Ignore(syscall.SIGXFSZ)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
		panic(err)
	}
}
