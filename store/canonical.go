package store

import (
	"encoding/binary"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// canonicalTag opens every canonical encoding. It separates our hashes from
// any other keccak256 use and names the encoding version; a change to the
// encoding gets a new tag and a new migration, never a silent edit.
const canonicalTag = "agentctl.record.v1"

// canonicalTagV2 opens the encoding of a record that commits to its replay
// inputs: the v1 fields, then the inputs hash. A record without inputs keeps
// the v1 encoding, so records written before v2 verify unchanged.
const canonicalTagV2 = "agentctl.record.v2"

// recordColumns lists the hashed fields in canonical order; they are also the
// column names of table records (which adds prev_hash and hash).
var recordColumns = []string{
	"agent", "seq", "kind", "time_ns", "completes", "intent", "strategy",
	"obs_digest", "obs_summary", "prompt_hash", "model", "model_digest",
	"reply", "action", "verdict", "reasons", "approval", "simulation",
	"tx_hash", "outcome", "error", "receipt", "inputs",
}

// CanonicalBytes returns the exact bytes that are hashed for r, as specified
// in the package doc. r.Time must be set (Append sets it).
func (r *Record) CanonicalBytes() []byte {
	return r.appendCanonical(make([]byte, 0, r.canonicalSize()))
}

// ComputeHash returns keccak256(CanonicalBytes() || PrevHash). It does not
// modify r; compare it with r.Hash to check a record on its own.
func (r *Record) ComputeHash() common.Hash {
	return crypto.Keccak256Hash(r.CanonicalBytes(), r.PrevHash[:])
}

func (r *Record) canonicalSize() int {
	n := 24*4 + len(canonicalTagV2) + 3*8 + 4*32 // prefixes, tag, integers, digests
	n += len(r.Agent) + len(r.Kind) + len(r.Intent) + len(r.Strategy) + len(r.ObsSummary)
	n += len(r.Model) + len(r.ModelDigest) + len(r.Reply) + len(r.Action) + len(r.Verdict)
	n += len(r.Approval) + len(r.Simulation) + len(r.Outcome) + len(r.Error) + len(r.Receipt)
	for _, s := range r.Reasons {
		n += 4 + len(s)
	}
	return n
}

// appendCanonical appends the canonical encoding of r to b. The order here
// is the specification: it must match recordColumns and the package doc.
func (r *Record) appendCanonical(b []byte) []byte {
	if r.Inputs != (common.Hash{}) {
		b = appendBytes(b, canonicalTagV2)
	} else {
		b = appendBytes(b, canonicalTag)
	}
	b = appendBytes(b, r.Agent)
	b = appendUint(b, r.Seq)
	b = appendBytes(b, string(r.Kind))
	b = appendUint(b, uint64(r.Time.UnixNano()))
	b = appendUint(b, r.Completes)
	b = appendBytes(b, r.Intent)
	b = appendBytes(b, r.Strategy)
	b = appendDigest(b, r.ObsDigest)
	b = appendBytes(b, r.ObsSummary)
	b = appendDigest(b, r.PromptHash)
	b = appendBytes(b, r.Model)
	b = appendBytes(b, r.ModelDigest)
	b = appendBytes(b, r.Reply)
	b = appendBytes(b, r.Action)
	b = appendBytes(b, string(r.Verdict))
	b = appendReasons(b, r.Reasons)
	b = appendBytes(b, string(r.Approval))
	b = appendBytes(b, r.Simulation)
	b = appendDigest(b, r.TxHash)
	b = appendBytes(b, string(r.Outcome))
	b = appendBytes(b, r.Error)
	b = appendBytes(b, r.Receipt)
	if r.Inputs != (common.Hash{}) {
		b = appendBytes(b, r.Inputs[:])
	}
	return b
}

// appendBytes appends a field: uint32 big-endian length, then the bytes.
func appendBytes[T string | []byte](b []byte, v T) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
	return append(b, v...)
}

// appendUint appends an integer field: length 8, then 8 bytes big-endian.
func appendUint(b []byte, v uint64) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, v)
}

// appendDigest appends a 32-byte digest, or an empty field for the zero hash.
func appendDigest(b []byte, h common.Hash) []byte {
	if h == (common.Hash{}) {
		return binary.BigEndian.AppendUint32(b, 0)
	}
	return appendBytes(b, h[:])
}

// appendReasons appends the list as one field whose content is each reason
// encoded as a field; an empty list is an empty field.
func appendReasons(b []byte, reasons []string) []byte {
	n := 0
	for _, s := range reasons {
		n += 4 + len(s)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(n))
	for _, s := range reasons {
		b = appendBytes(b, s)
	}
	return b
}
