package audit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// MaxFileSize is the largest file the scanner reads; bigger ones are
// reported and skipped rather than read into memory.
const MaxFileSize = 32 << 20

// Options tune a scan.
type Options struct {
	// Root is the directory finding paths are made relative to. Empty
	// means: the scanned directory when exactly one is given, else the
	// current directory.
	Root string
	// Jobs is the number of files parsed in parallel (default GOMAXPROCS).
	Jobs int
	// Exclude lists detector ids not to run.
	Exclude []string
	// Progress, when set, is called after each file is parsed.
	Progress func(done, total int)
}

// FileReport is what the scanner says about one file besides findings.
type FileReport struct {
	Path        string
	Lines       int
	Contracts   int
	Diagnostics []solidity.Diagnostic
	// Dropped counts diagnostics beyond those kept.
	Dropped int
	// Note explains a file that could not be analysed (too big, binary).
	Note string
}

// Result is the outcome of a scan.
type Result struct {
	Root       string
	Files      []FileReport
	Findings   []Finding
	Suppressed int
	Project    *Project
}

// Scan parses every Solidity file under paths and runs the detectors.
// Unreadable paths are an error; unparsable code is not (it becomes
// diagnostics and the rest of the file is still analysed).
func Scan(ctx context.Context, paths []string, opts Options) (*Result, error) {
	if len(paths) == 0 {
		return nil, errors.New("nothing to scan: give a Solidity file or a directory")
	}
	root, err := scanRoot(paths, opts.Root)
	if err != nil {
		return nil, err
	}
	files, err := collect(paths)
	if err != nil {
		return nil, err
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	res := &Result{Root: root, Files: make([]FileReport, len(files))}
	parsed := make([]*File, len(files))
	var next, done atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, len(files))
	for w := 0; w < min(jobs, max(len(files), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) || ctx.Err() != nil {
					return
				}
				parsed[i], res.Files[i], errs[i] = parseFile(root, files[i])
				if opts.Progress != nil {
					opts.Progress(int(done.Add(1)), len(files))
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var units []*File
	for _, f := range parsed {
		if f != nil {
			units = append(units, f)
		}
	}
	res.Project = NewProject(units)
	exclude := map[string]bool{}
	for _, id := range opts.Exclude {
		exclude[id] = true
	}
	findings := Analyze(res.Project, exclude, jobs)
	res.Findings, res.Suppressed = suppress(res.Project, findings)
	for i := range res.Files {
		if f := parsed[i]; f != nil {
			res.Files[i].Contracts = len(f.Unit.Contracts)
		}
	}
	return res, nil
}

// scanRoot decides what finding paths are relative to.
func scanRoot(paths []string, root string) (string, error) {
	if root == "" {
		if len(paths) == 1 {
			if st, err := os.Stat(paths[0]); err == nil && st.IsDir() {
				root = paths[0]
			}
		}
		if root == "" {
			root = "."
		}
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("root %s: %w", root, err)
	}
	return abs, nil
}

// collect lists the files to scan: .sol files under directories (skipping
// dependency and hidden folders), and every file named explicitly.
func collect(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if abs, err := filepath.Abs(p); err == nil && !seen[abs] {
			seen[abs] = true
			out = append(out, abs)
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, unwrapPathErr(err))
		}
		if !st.IsDir() {
			add(p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("cannot read %s: %w", path, unwrapPathErr(err))
			}
			if d.IsDir() {
				name := d.Name()
				if path != p && (name == "node_modules" || (strings.HasPrefix(name, ".") && name != ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(d.Name(), ".sol") {
				add(path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseFile reads and parses one file. Files that are too big or binary
// get a note instead of a parse.
func parseFile(root, abs string) (*File, FileReport, error) {
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = abs
	}
	rel = filepath.ToSlash(rel)
	rep := FileReport{Path: rel}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, rep, fmt.Errorf("cannot read %s: %w", rel, unwrapPathErr(err))
	}
	if st.Size() > MaxFileSize {
		rep.Note = fmt.Sprintf("skipped: %d MB is over the %d MB limit for one source file", st.Size()>>20, MaxFileSize>>20)
		return nil, rep, nil
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, rep, fmt.Errorf("cannot read %s: %w", rel, unwrapPathErr(err))
	}
	if looksBinary(src) {
		rep.Note = "skipped: binary data, not Solidity source"
		return nil, rep, nil
	}
	u := solidity.Parse(rel, src)
	rep.Lines = len(u.Lines)
	if len(src) == 0 {
		rep.Lines = 0
		rep.Note = "empty file"
	}
	rep.Diagnostics, rep.Dropped = u.Diagnostics, u.DroppedDiagnostics
	if len(u.Contracts) == 0 && len(src) > 0 && len(u.Diagnostics) == 0 {
		rep.Note = "no contracts"
	}
	return &File{Path: rel, Unit: u}, rep, nil
}

// looksBinary reports data with NUL bytes in its first 8 KB: Solidity
// source never contains them.
func looksBinary(b []byte) bool {
	if len(b) > 8192 {
		b = b[:8192]
	}
	for _, c := range b {
		if c == 0 {
			return true
		}
	}
	return false
}
