package tui

import (
	"slices"
	"testing"
)

func TestRingKeepsTheNewest(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		limit, pushes int
		want          []int
	}{
		{3, 0, nil},
		{3, 2, []int{0, 1}},
		{3, 3, []int{0, 1, 2}},
		{3, 7, []int{4, 5, 6}},
		{1, 5, []int{4}},
		{0, 5, nil},
	} {
		r := newRing[int](c.limit)
		for i := range c.pushes {
			r.Push(i)
		}
		var got []int
		for i := range r.Len() {
			got = append(got, r.At(i))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("limit %d after %d pushes: %v, want %v", c.limit, c.pushes, got, c.want)
		}
		if tail := r.Tail(nil, 2); len(c.want) > 0 && !slices.Equal(tail, c.want[max(len(c.want)-2, 0):]) {
			t.Errorf("limit %d after %d pushes: tail %v", c.limit, c.pushes, tail)
		}
		if last, ok := r.Last(); ok != (len(c.want) > 0) || ok && last != c.want[len(c.want)-1] {
			t.Errorf("limit %d after %d pushes: last %v %v", c.limit, c.pushes, last, ok)
		}
		r.Reset()
		r.Push(42)
		if r.Len() != min(1, c.limit) {
			t.Errorf("after reset and a push: len %d", r.Len())
		}
	}
}

func TestLayoutAddsColumnsByPriority(t *testing.T) {
	t.Parallel()
	cols := []column{
		{title: "A", width: 10},
		{title: "B", width: 10, prio: 2},
		{title: "C", width: 5, prio: 1, flex: true},
		{title: "D", width: 20, prio: 3},
		{title: "E", width: 3, prio: 4},
	}
	for _, c := range []struct {
		w    int
		want []int
	}{
		{8, []int{10, 0, 0, 0, 0}},   // essentials are kept (and cut by the caller)
		{16, []int{10, 0, 5, 0, 0}},  // C fits, B does not
		{17, []int{10, 0, 6, 0, 0}},  // the spare width goes to the flex column
		{20, []int{10, 0, 5, 0, 3}},  // B does not fit but the smaller E does
		{27, []int{10, 10, 5, 0, 0}}, // B before E
		{31, []int{10, 10, 5, 0, 3}},
		{52, []int{10, 10, 5, 20, 3}}, // everything, exactly
		{60, []int{10, 10, 13, 20, 3}},
	} {
		if got := layout(cols, c.w); !slices.Equal(got, c.want) {
			t.Errorf("layout at %d = %v, want %v", c.w, got, c.want)
		}
	}
}
