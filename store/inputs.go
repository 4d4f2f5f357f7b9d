package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// InputsVersion names the Inputs document format.
const InputsVersion = "agentctl.inputs.v1"

// Inputs is everything needed to make a decision again: the observation
// facts, the exact prompt in its three parts, the model and its digest, the
// sampling parameters, and what the policy was given. Large parts are blobs
// named by their keccak256, so a system prompt or schema shared by many
// decisions is stored once. The document itself is a blob too, and its hash
// is the record's Inputs field, inside the record's canonical encoding.
type Inputs struct {
	Version string `json:"version"`
	// Brain is "rules" or the model's provider kind ("ollama", "openai", ...).
	Brain string `json:"brain"`
	// Model is the provider-side model name; ModelDigest what the server
	// reported for it (Ollama's manifest digest, an OpenAI-style fingerprint).
	Model       string `json:"model,omitempty"`
	ModelDigest string `json:"modelDigest,omitempty"`
	// Facts names the observation's canonical facts (its hash is the
	// record's obs_digest); Block and Time say when they were read.
	Facts common.Hash `json:"facts"`
	Block uint64      `json:"block"`
	Time  int64       `json:"time"`
	// System, User and Schema name the prompt's parts: trusted
	// instructions, the observation with fenced untrusted data, the reply's
	// JSON schema. Absent for the rules brain.
	System *common.Hash `json:"system,omitempty"`
	User   *common.Hash `json:"user,omitempty"`
	Schema *common.Hash `json:"schema,omitempty"`
	// Sampling parameters as sent; nil means the server's default.
	Temperature *float64 `json:"temperature,omitempty"`
	Seed        *int     `json:"seed,omitempty"`
	MaxTokens   int      `json:"maxTokens,omitempty"`
	// Check names what the policy judged the plan with (JSON, its format
	// is the runtime's); absent when the policy was not consulted.
	Check *common.Hash `json:"check,omitempty"`
	// Policy names the rule set the plan was judged by (JSON, the
	// runtime's format): one blob per agent configuration.
	Policy *common.Hash `json:"policy,omitempty"`
	// Reads names the chain reads Plan made (JSON, the strategies
	// package's Tape: each eth_call, code read and header with its answer),
	// served back when the plan is made again offline. Absent when Plan
	// read nothing or was not run, and in documents written before it.
	Reads *common.Hash `json:"reads,omitempty"`
}

// Encode returns the document's bytes (JSON, fields in declaration order).
func (in *Inputs) Encode() []byte {
	b, _ := json.Marshal(in) // plain fields: cannot fail
	return b
}

// Refs lists the blobs the document names, facts first.
func (in *Inputs) Refs() []common.Hash {
	out := []common.Hash{in.Facts}
	for _, h := range []*common.Hash{in.System, in.User, in.Schema, in.Check, in.Policy, in.Reads} {
		if h != nil {
			out = append(out, *h)
		}
	}
	return out
}

// DecodeInputs parses an Inputs document, strictly: unknown fields or a
// different version are refused rather than half-understood.
func DecodeInputs(b []byte) (Inputs, error) {
	var in Inputs
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return Inputs{}, fmt.Errorf("inputs document: %w", err)
	}
	if in.Version != InputsVersion {
		return Inputs{}, fmt.Errorf("inputs document: version %q is not %q", in.Version, InputsVersion)
	}
	if in.Facts == (common.Hash{}) {
		return Inputs{}, errors.New("inputs document: no observation facts")
	}
	return in, nil
}

// BlobHash is the key of a blob: keccak256 of its bytes.
func BlobHash(b []byte) common.Hash { return crypto.Keccak256Hash(b) }

// storeBlobs writes c's blobs (once per content) and checks that its
// Inputs document and every blob it names are stored: a record never
// commits to inputs the database cannot show.
func (a *appender) storeBlobs(ctx context.Context, c *Record) error {
	for _, b := range c.Blobs {
		if len(b) > MaxFieldBytes {
			return fmt.Errorf("store: record %s: a blob is %d bytes, more than the %d allowed", c.Agent, len(b), MaxFieldBytes)
		}
		if _, err := a.tx.ExecContext(ctx, "INSERT INTO blobs (hash, data) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING",
			BlobHash(b).Bytes(), nonNil(b)); err != nil {
			return fmt.Errorf("store: record %s: store blob: %w", c.Agent, err)
		}
	}
	if c.Inputs == (common.Hash{}) {
		return nil
	}
	in, err := loadInputs(ctx, a.tx, c.Inputs)
	if err != nil {
		return fmt.Errorf("store: record %s: %w", c.Agent, err)
	}
	if in.Facts != c.ObsDigest {
		return fmt.Errorf("store: record %s: inputs name facts %s but the record's obs_digest is %s", c.Agent, in.Facts.Hex(), c.ObsDigest.Hex())
	}
	for _, h := range in.Refs() {
		if _, err := readBlob(ctx, a.tx, h); err != nil {
			return fmt.Errorf("store: record %s: %w", c.Agent, err)
		}
	}
	return nil
}

// Blob returns the blob stored under h, checked against its hash.
func (db *DB) Blob(ctx context.Context, h common.Hash) ([]byte, error) {
	return readBlob(ctx, db.r, h)
}

// Inputs returns the Inputs document a record names, checked against the
// record's hash; ErrNotFound when the record carries none.
func (db *DB) Inputs(ctx context.Context, rec *Record) (Inputs, error) {
	if rec.Inputs == (common.Hash{}) {
		return Inputs{}, fmt.Errorf("%w: record %s/%d has no replay inputs (written before encoding v2, or a completion)", ErrNotFound, rec.Agent, rec.Seq)
	}
	return loadInputs(ctx, db.r, rec.Inputs)
}

func loadInputs(ctx context.Context, q querier, h common.Hash) (Inputs, error) {
	b, err := readBlob(ctx, q, h)
	if err != nil {
		return Inputs{}, err
	}
	return DecodeInputs(b)
}

// readBlob reads a blob and refuses one whose bytes no longer hash to its key.
func readBlob(ctx context.Context, q querier, h common.Hash) ([]byte, error) {
	var b []byte
	err := q.QueryRowContext(ctx, "SELECT data FROM blobs WHERE hash = ?", h.Bytes()).Scan(&b)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("%w: blob %s is missing", ErrNotFound, h.Hex())
	case err != nil:
		return nil, fmt.Errorf("store: read blob %s: %w", h.Hex(), err)
	}
	if got := BlobHash(b); got != h {
		return nil, fmt.Errorf("blob %s was altered: its bytes hash to %s", h.Hex(), got.Hex())
	}
	return b, nil
}

// verifyInputs checks what a v2 record commits to: its Inputs document and
// every blob that names, each against its hash. "" when intact.
func verifyInputs(ctx context.Context, q querier, rec *Record) string {
	if rec.Inputs == (common.Hash{}) {
		return ""
	}
	in, err := loadInputs(ctx, q, rec.Inputs)
	if err != nil {
		return "replay inputs: " + err.Error()
	}
	if in.Facts != rec.ObsDigest {
		return fmt.Sprintf("replay inputs name facts %s, not the record's obs_digest %s", in.Facts.Hex(), rec.ObsDigest.Hex())
	}
	for _, h := range in.Refs() {
		if _, err := readBlob(ctx, q, h); err != nil {
			return "replay inputs: " + err.Error()
		}
	}
	return ""
}

// BlobBytes sums the bytes of every stored blob, and BlobCount counts them:
// with the records' own sizes, what replayable decisions cost on disk.
func (db *DB) BlobBytes(ctx context.Context) (bytes int64, count int64, err error) {
	err = db.r.QueryRowContext(ctx, "SELECT coalesce(sum(length(data) + 32), 0), count(*) FROM blobs").Scan(&bytes, &count)
	if err != nil {
		return 0, 0, fmt.Errorf("store: measure blobs: %w", err)
	}
	return bytes, count, nil
}
