package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// progressBar draws "[=====     ] 45/131 files" on one terminal line,
// only for scans of more than min files, at most every 50 ms.
type progressBar struct {
	w     io.Writer
	min   int
	mu    sync.Mutex
	last  time.Time
	shown bool
}

func newProgressBar(w io.Writer, min int) *progressBar { return &progressBar{w: w, min: min} }

const barWidth = 30

// update is called from the parse workers after each file.
func (p *progressBar) update(done, total int) {
	if total <= p.min {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if done < total && time.Since(p.last) < 50*time.Millisecond {
		return
	}
	p.last = time.Now()
	fill := done * barWidth / total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d files", strings.Repeat("=", fill), strings.Repeat(" ", barWidth-fill), done, total)
	p.shown = true
}

// clear erases the bar so the report starts on a clean line.
func (p *progressBar) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[2K")
	}
}

// debugBuildInfo returns the main module's version from the build info.
func debugBuildInfo() (string, bool) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", false
	}
	return info.Main.Version, true
}
