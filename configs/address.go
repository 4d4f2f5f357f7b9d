package configs

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// Address is a 0x-prefixed contract or account address as written.
type Address string

// Common returns the address as go-ethereum's type; call Check first.
func (a Address) Common() common.Address { return common.HexToAddress(string(a)) }

// Check accepts 0x and 40 hex digits, all lowercase, all uppercase, or
// mixed case with a correct EIP-55 checksum: a wrong checksum is a typo.
func (a Address) Check() error {
	s := string(a)
	if !strings.HasPrefix(s, "0x") || len(s) != 42 {
		return fmt.Errorf("%q is not an address (write 0x and 40 hex digits)", s)
	}
	hex := s[2:]
	for _, r := range hex {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return fmt.Errorf("%q is not an address: %q is not a hex digit", s, r)
		}
	}
	if strings.ToLower(hex) != hex && strings.ToUpper(hex) != hex && common.HexToAddress(s).Hex() != s {
		return fmt.Errorf("%q has a wrong EIP-55 checksum (check it for a typo; the checksummed form is %s)", s, common.HexToAddress(s).Hex())
	}
	if common.HexToAddress(s) == (common.Address{}) {
		return fmt.Errorf("%q is the zero address (give the real address)", s)
	}
	return nil
}

// looksLikeAddress tells an address reference from a symbol or a name.
func looksLikeAddress(s string) bool {
	return strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X")
}

var (
	nameRE   = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)
	symbolRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._$-]{0,15}$`)
	venueRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)
	envRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// The policy matches calls by their decoded ABI function name.
	methodRE   = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)
	strategyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$`)
)

const nameRule = "1-32 characters: lowercase letters, digits, '-' or '_', starting with a letter"

// checkURL accepts an absolute URL with one of the schemes and a host.
// Errors quote the URL redacted.
func checkURL(s string, schemes ...string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || !strings.Contains(s, "://") {
		return fmt.Errorf("%q is not a URL (write it like %s://host:port)", RedactURL(s), schemes[0])
	}
	ok := false
	for _, sc := range schemes {
		ok = ok || u.Scheme == sc
	}
	if !ok {
		return fmt.Errorf("%q has scheme %q (use %s)", RedactURL(s), u.Scheme, strings.Join(schemes, ", "))
	}
	if u.Hostname() == "" {
		return fmt.Errorf("%q has no host (write it like %s://host:port)", RedactURL(s), schemes[0])
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q has port %q (use 1-65535)", RedactURL(s), p)
		}
	}
	return nil
}

// checkHostPort accepts host:port with a numeric port, for listeners.
func checkHostPort(s string) error {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return fmt.Errorf("%q is not host:port (write it like 127.0.0.1:9464)", s)
	}
	if strings.ContainsAny(host, "/ ") {
		return fmt.Errorf("%q has a bad host %q (write it like 127.0.0.1:9464)", s, host)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q has port %q (use 0-65535)", s, port)
	}
	return nil
}
