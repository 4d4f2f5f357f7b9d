package configs

import (
	"cmp"
	"maps"
	"slices"
	"time"
)

// address checks an address setting; required means empty is a problem.
// It reports whether the address is usable.
func (v *checker) address(path string, a Address, required bool) bool {
	if a == "" {
		if required {
			v.addf(path, "missing (give the 0x address)")
		}
		return false
	}
	if err := a.Check(); err != nil {
		v.addf(path, "%v", err)
		return false
	}
	return true
}

// decimal checks an amount; maxFrac >= 0 also bounds its decimal places.
// It reports whether the amount is usable.
func (v *checker) decimal(path string, d Decimal, maxFrac int, required bool) bool {
	if d == "" && !required {
		return false
	}
	if err := d.Check(); err != nil {
		v.addf(path, "%v", err)
		return false
	}
	if maxFrac >= 0 && d.FracDigits() > maxFrac {
		v.addf(path, "%q has %d decimal places but at most %d are possible here (round it)", string(d), d.FracDigits(), maxFrac)
		return false
	}
	return true
}

// positive checks that a duration is above zero.
func (v *checker) positive(path string, d time.Duration, example string) {
	if d <= 0 {
		v.addf(path, "%v is not positive (give a duration such as %s)", d, example)
	}
}

func sortedKeys[M ~map[K]V, K cmp.Ordered, V any](m M) []K {
	return slices.Sorted(maps.Keys(m))
}

// bpsRule is quoted by basis-point problems.
const bpsRule = "basis points from 0 to 10000; 50 is 0.5%"
