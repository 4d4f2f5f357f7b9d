package store

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

func TestDecodeCanonicalRoundTrips(t *testing.T) {
	t.Parallel()
	full := decision("momentum", 3)
	full.Seq = 7
	full.Reply = []byte{0xff, 0xfe, 'x'} // not UTF-8: bytes survive exactly
	empty := &Record{Agent: "a", Seq: 1, Kind: KindDecision, Time: time.Unix(0, -5), Verdict: VerdictNone, Approval: ApprovalNone, Outcome: OutcomeSkipped, Reasons: []string{"", "x"}}
	done := completion("arbitrage", 2, OutcomeConfirmed)
	done.Seq, done.Time = 3, time.Unix(1_700_000_000, 1)
	for name, r := range map[string]*Record{"full": full, "empty fields": empty, "completion": done} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := r.CanonicalBytes()
			got, err := DecodeCanonical(b)
			if err != nil {
				t.Fatal(err)
			}
			if string(got.CanonicalBytes()) != string(b) {
				t.Fatal("decoded record encodes differently")
			}
			got.PrevHash = common.Hash{9}
			want := *r
			want.PrevHash = common.Hash{9}
			if got.ComputeHash() != want.ComputeHash() || got.Agent != r.Agent || got.Seq != r.Seq || !got.Time.Equal(r.Time) {
				t.Fatalf("decoded %+v", got)
			}
		})
	}
}

func TestDecodeCanonicalRejectsNonCanonicalBytes(t *testing.T) {
	t.Parallel()
	r := decision("a", 1)
	r.Seq = 1
	good := r.CanonicalBytes()
	// Where the obs_digest field starts: tag, agent, seq, kind, time, completes, intent, strategy.
	off := 0
	for range 8 {
		off += 4 + int(binary.BigEndian.Uint32(good[off:]))
	}
	zeroDigest := append(append(append([]byte(nil), good[:off]...), append([]byte{0, 0, 0, 32}, make([]byte, 32)...)...), good[off+36:]...)
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "field tag: truncated length"},
		{"wrong tag", append([]byte{0, 0, 0, 2, 'x', 'y'}, good[22:]...), `tag "xy"`},
		{"truncated length", good[:len(good)-3], "field receipt: truncated length"},
		{"truncated field", good[:len(good)-40], "runs past the end"},
		{"trailing byte", append(append([]byte(nil), good...), 0), "1 bytes after the last field"},
		{"zero digest written out", zeroDigest, "not in canonical form"},
	} {
		if _, err := DecodeCanonical(tc.b); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
}
