package evm

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit"
)

// MaxCodeFile bounds a bytecode file: far above the 24 KB code size limit
// (EIP-170), hex doubled, with room for whitespace.
const MaxCodeFile = 1 << 20

// ReadCode reads runtime bytecode from a file: hex text (an optional 0x
// prefix, whitespace and line breaks ignored) or raw binary.
func ReadCode(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory: --bytecode takes a file of runtime code", path)
	}
	if st.Size() > MaxCodeFile {
		return nil, fmt.Errorf("%s is %d KB: runtime code is at most 24 KB (48 KB as hex); is this the right file?", path, st.Size()>>10)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	return ParseCode(data, path)
}

// ParseCode decodes bytecode given as hex text or raw bytes; name labels
// errors.
func ParseCode(data []byte, name string) ([]byte, error) {
	text := strings.Join(strings.Fields(string(data)), "")
	text = strings.TrimPrefix(strings.TrimPrefix(text, "0x"), "0X")
	switch {
	case len(bytes.TrimSpace(data)) == 0 || text == "":
		return nil, fmt.Errorf("%s is empty: give the contract's runtime bytecode (hex or binary)", name)
	case isHex(text):
		if len(text)%2 != 0 {
			return nil, fmt.Errorf("%s: odd number of hex digits (%d): the bytecode is truncated", name, len(text))
		}
		code, err := hex.DecodeString(text)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		return code, nil
	case looksLikeText(data):
		if strings.Contains(string(data), "pragma solidity") || strings.Contains(string(data), "contract ") {
			return nil, fmt.Errorf("%s looks like Solidity source, not bytecode: scan it without --bytecode", name)
		}
		return nil, fmt.Errorf("%s is text but not hex: give runtime bytecode as hex digits (optionally 0x-prefixed) or raw binary", name)
	}
	return data, nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// looksLikeText reports printable ASCII throughout: binary code almost
// always holds bytes outside it (PUSH data, 0x00, 0xfe, 0xf3).
func looksLikeText(b []byte) bool {
	for _, c := range b {
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c > 0x7e {
			return false
		}
	}
	return true
}

// FileTarget describes bytecode read from a file.
type FileTarget struct {
	Path       string
	Kind       string // "contract" or "eip1167-clone"
	CodeSize   int
	Incomplete bool
	// Clone is the implementation an EIP-1167 clone points to; its code
	// is not in the file, so it is named, not analysed.
	Clone string
}

// ScanFile runs the bytecode detectors, the same ones the address mode
// runs, on runtime code read from path. Findings are labelled with label
// (the path as the user should see it).
func ScanFile(path, label string) (FileTarget, []audit.Finding, error) {
	code, err := ReadCode(path)
	if err != nil {
		return FileTarget{}, nil, err
	}
	t := FileTarget{Path: label, Kind: "contract", CodeSize: len(code)}
	if impl, ok := CloneTarget(code); ok {
		t.Kind, t.Clone = "eip1167-clone", impl.Hex()
	}
	findings, facts := Analyze(code, label)
	for i := range findings {
		findings[i].Address = "" // not deployed anywhere we know of
	}
	t.Incomplete = facts.Incomplete
	return t, findings, nil
}
