package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// DecodeCanonical parses canonical record bytes (see the package doc) back
// into a Record, so that a proof carrying only those bytes can be read by
// someone without the database. It is strict: the bytes must be exactly
// what CanonicalBytes would produce for the result (right tag, 23 fields for v1 or 24 for v2,
// 8-byte integers, 32-byte or empty digests, nothing left over), so one
// record has one encoding. PrevHash and Hash are not part of the encoding
// and are left zero.
func DecodeCanonical(b []byte) (Record, error) {
	var r Record
	d := canonReader{b: b}
	tag := d.field("tag")
	if string(tag) != canonicalTag && string(tag) != canonicalTagV2 && d.err == nil {
		return r, fmt.Errorf("canonical record: tag %q is neither %q nor %q", tag, canonicalTag, canonicalTagV2)
	}
	r.Agent = string(d.field("agent"))
	r.Seq = d.uint("seq")
	r.Kind = Kind(d.field("kind"))
	r.Time = time.Unix(0, int64(d.uint("time"))).UTC()
	r.Completes = d.uint("completes")
	r.Intent = string(d.field("intent"))
	r.Strategy = string(d.field("strategy"))
	r.ObsDigest = d.digest("obs_digest")
	r.ObsSummary = string(d.field("obs_summary"))
	r.PromptHash = d.digest("prompt_hash")
	r.Model = string(d.field("model"))
	r.ModelDigest = string(d.field("model_digest"))
	r.Reply = d.bytes("reply")
	r.Action = d.bytes("action")
	r.Verdict = Verdict(d.field("verdict"))
	r.Reasons = d.reasons()
	r.Approval = Approval(d.field("approval"))
	r.Simulation = d.bytes("simulation")
	r.TxHash = d.digest("tx_hash")
	r.Outcome = Outcome(d.field("outcome"))
	r.Error = string(d.field("error"))
	r.Receipt = d.bytes("receipt")
	if string(tag) == canonicalTagV2 {
		if r.Inputs = d.digest("inputs"); r.Inputs == (common.Hash{}) && d.err == nil {
			return Record{}, errors.New("canonical record: a v2 record must carry its inputs hash")
		}
	}
	if d.err != nil {
		return Record{}, fmt.Errorf("canonical record: %w", d.err)
	}
	if len(d.b) != 0 {
		return Record{}, fmt.Errorf("canonical record: %d bytes after the last field", len(d.b))
	}
	if again := r.CanonicalBytes(); string(again) != string(b) {
		return Record{}, errors.New("canonical record: not in canonical form (a digest of zeros written out, or a malformed reasons list)")
	}
	return r, nil
}

// canonReader reads length-prefixed fields, remembering the first error.
type canonReader struct {
	b   []byte
	err error
}

func (d *canonReader) field(name string) []byte {
	if d.err != nil {
		return nil
	}
	if len(d.b) < 4 {
		d.err = fmt.Errorf("field %s: truncated length", name)
		return nil
	}
	n := binary.BigEndian.Uint32(d.b)
	if uint64(n) > uint64(len(d.b)-4) {
		d.err = fmt.Errorf("field %s: length %d runs past the end (%d bytes left)", name, n, len(d.b)-4)
		return nil
	}
	v := d.b[4 : 4+n]
	d.b = d.b[4+n:]
	return v
}

func (d *canonReader) bytes(name string) []byte {
	v := d.field(name)
	if len(v) == 0 {
		return nil
	}
	return append([]byte(nil), v...)
}

func (d *canonReader) uint(name string) uint64 {
	v := d.field(name)
	if d.err == nil && len(v) != 8 {
		d.err = fmt.Errorf("field %s: %d bytes, want 8", name, len(v))
	}
	if d.err != nil {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func (d *canonReader) digest(name string) common.Hash {
	v := d.field(name)
	if d.err == nil && len(v) != 0 && len(v) != 32 {
		d.err = fmt.Errorf("field %s: %d bytes, want 32 or none", name, len(v))
	}
	return common.BytesToHash(v)
}

func (d *canonReader) reasons() []string {
	list := canonReader{b: d.field("reasons")}
	if d.err != nil {
		return nil
	}
	var out []string
	for len(list.b) > 0 && list.err == nil {
		out = append(out, string(list.field(fmt.Sprintf("reasons[%d]", len(out)))))
	}
	d.err = list.err
	return out
}
