package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// AnchorStatus is where an anchor transaction stands.
type AnchorStatus string

// Anchor statuses. A dropped anchor keeps its seq range: the anchorer
// re-sends the same root and sets it pending again with the new tx hash.
const (
	AnchorPending   AnchorStatus = "pending"
	AnchorConfirmed AnchorStatus = "confirmed"
	AnchorDropped   AnchorStatus = "dropped"
)

// Anchor is a Merkle root over records FirstSeq..LastSeq of one agent, sent
// to an anchor contract.
type Anchor struct {
	ID       int64
	Agent    string
	FirstSeq uint64
	LastSeq  uint64
	Count    uint32 // LastSeq - FirstSeq + 1
	Root     common.Hash
	// Tree is how Root was built from the records' hashes.
	Tree     TreeKind
	ChainID  uint64
	Contract common.Address
	TxHash   common.Hash
	Block    uint64 // block of the confirmed transaction; 0 until then
	Status   AnchorStatus
	Created  time.Time
	Updated  time.Time
}

// Link is one record's place in the chain: the leaf of an anchor's tree.
type Link struct {
	Seq  uint64
	Hash common.Hash
}

// Links returns the seq and hash of agent's records first..last, in order.
func (db *DB) Links(ctx context.Context, agent string, first, last uint64) ([]Link, error) {
	return queryLinks(ctx, db.r, agent, first, last, -1)
}

// Unanchored returns up to limit records of agent not covered by any anchor
// (limit <= 0: all), oldest first: the next batch to anchor.
func (db *DB) Unanchored(ctx context.Context, agent string, limit int) ([]Link, error) {
	next, err := nextUnanchored(ctx, db.r, agent)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = -1
	}
	return queryLinks(ctx, db.r, agent, next, 1<<62, limit)
}

type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

func nextUnanchored(ctx context.Context, q querier, agent string) (uint64, error) {
	var last int64
	if err := q.QueryRowContext(ctx, "SELECT coalesce(max(last_seq), 0) FROM anchors WHERE agent = ?", agent).Scan(&last); err != nil {
		return 0, fmt.Errorf("store: read anchors of %s: %w", agent, err)
	}
	return uint64(last) + 1, nil
}

func queryLinks(ctx context.Context, q querier, agent string, first, last uint64, limit int) ([]Link, error) {
	rows, err := q.QueryContext(ctx, "SELECT seq, hash FROM records WHERE agent = ? AND seq BETWEEN ? AND ? ORDER BY seq LIMIT ?",
		agent, int64(first), int64(last), limit)
	if err != nil {
		return nil, fmt.Errorf("store: query links of %s: %w", agent, err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var seq int64
		var hash []byte
		if err := rows.Scan(&seq, &hash); err != nil {
			return nil, fmt.Errorf("store: read links of %s: %w", agent, err)
		}
		if len(hash) != 32 {
			return nil, fmt.Errorf("store: record %s/%d has a %d-byte hash: run Verify", agent, seq, len(hash))
		}
		out = append(out, Link{Seq: uint64(seq), Hash: common.BytesToHash(hash)})
	}
	return out, rows.Err()
}

// AddAnchor records a new anchor, pending unless a.Status says otherwise.
// It must start right after the agent's last anchor, end at or before the
// chain head, and its Root must be the Merkle root of those records'
// hashes; anything else is refused, so a stored anchor is always one that
// verifies. On success a.ID, a.Count, a.Status and the times are filled.
func (db *DB) AddAnchor(ctx context.Context, a *Anchor) (int64, error) {
	if a == nil {
		return 0, errors.New("store: anchor is nil")
	}
	c := *a
	if c.Status == "" {
		c.Status = AnchorPending
	}
	switch {
	case c.Agent == "":
		return 0, errors.New("store: anchor: agent is empty")
	case !c.Status.valid():
		return 0, fmt.Errorf("store: anchor of %s: status %q is unknown: use pending, confirmed or dropped", c.Agent, c.Status)
	case c.FirstSeq == 0 || c.LastSeq < c.FirstSeq:
		return 0, fmt.Errorf("store: anchor of %s: seq range %d..%d is empty or starts at 0", c.Agent, c.FirstSeq, c.LastSeq)
	case !c.Tree.valid():
		return 0, fmt.Errorf("store: anchor of %s: unknown Merkle tree kind %d", c.Agent, c.Tree)
	case c.LastSeq-c.FirstSeq >= 1<<32-1:
		return 0, fmt.Errorf("store: anchor of %s: %d..%d is more records than one anchor can count", c.Agent, c.FirstSeq, c.LastSeq)
	}
	count := uint32(c.LastSeq - c.FirstSeq + 1)
	if c.Count != 0 && c.Count != count {
		return 0, fmt.Errorf("store: anchor of %s: count %d does not match seq range %d..%d (%d records)", c.Agent, c.Count, c.FirstSeq, c.LastSeq, count)
	}
	c.Count = count
	err := db.write(ctx, func(ctx context.Context, ap *appender) error {
		next, err := nextUnanchored(ctx, ap.tx, c.Agent)
		if err != nil {
			return err
		}
		if c.FirstSeq != next {
			return fmt.Errorf("store: anchor of %s must start at seq %d (right after the last anchor), not %d", c.Agent, next, c.FirstSeq)
		}
		links, err := queryLinks(ctx, ap.tx, c.Agent, c.FirstSeq, c.LastSeq, -1)
		if err != nil {
			return err
		}
		if uint64(len(links)) != uint64(c.Count) {
			return fmt.Errorf("store: anchor of %s: records %d..%d are not all recorded (found %d)", c.Agent, c.FirstSeq, c.LastSeq, len(links))
		}
		leaves := make([]common.Hash, len(links))
		for i, l := range links {
			leaves[i] = l.Hash
		}
		root, err := MerkleRootOf(c.Tree, leaves)
		if err != nil {
			return err
		}
		if root != c.Root {
			return fmt.Errorf("store: anchor of %s: root %s is not the Merkle root %s (%s tree) of records %d..%d", c.Agent, c.Root.Hex(), root.Hex(), c.Tree, c.FirstSeq, c.LastSeq)
		}
		c.Created, c.Updated = ap.now, ap.now
		res, err := ap.tx.ExecContext(ctx, `INSERT INTO anchors (agent, first_seq, last_seq, count, root, tree, chain_id, contract,
			tx_hash, block, status, created_ns, updated_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Agent, int64(c.FirstSeq), int64(c.LastSeq), int64(c.Count), c.Root[:], int64(c.Tree), int64(c.ChainID), c.Contract.Hex(),
			digestBytes(c.TxHash), int64(c.Block), string(c.Status), c.Created.UnixNano(), c.Updated.UnixNano())
		if err != nil {
			return fmt.Errorf("store: insert anchor of %s: %w", c.Agent, err)
		}
		c.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, err
	}
	*a = c
	return c.ID, nil
}

// UpdateAnchor moves anchor id to status with the given tx hash and block
// (a re-send after a drop gets a new tx hash; a confirmation gets its block).
func (db *DB) UpdateAnchor(ctx context.Context, id int64, status AnchorStatus, txHash common.Hash, block uint64) error {
	if !status.valid() {
		return fmt.Errorf("store: anchor %d: status %q is unknown: use pending, confirmed or dropped", id, status)
	}
	return db.write(ctx, func(ctx context.Context, a *appender) error {
		res, err := a.tx.ExecContext(ctx, "UPDATE anchors SET status = ?, tx_hash = ?, block = ?, updated_ns = ? WHERE id = ?",
			string(status), digestBytes(txHash), int64(block), a.now.UnixNano(), id)
		if err != nil {
			return fmt.Errorf("store: update anchor %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%w: anchor %d", ErrNotFound, id)
		}
		return nil
	})
}

// Anchors returns agent's anchors in seq order.
func (db *DB) Anchors(ctx context.Context, agent string) ([]Anchor, error) {
	return db.queryAnchors(ctx, "WHERE agent = ? ORDER BY first_seq", agent)
}

// AnchorFor returns the anchor covering agent's record seq, or ErrNotFound.
func (db *DB) AnchorFor(ctx context.Context, agent string, seq uint64) (Anchor, error) {
	as, err := db.queryAnchors(ctx, "WHERE agent = ? AND first_seq <= ? AND last_seq >= ?", agent, int64(seq), int64(seq))
	if err != nil {
		return Anchor{}, err
	}
	if len(as) == 0 {
		return Anchor{}, fmt.Errorf("%w: no anchor of %s covers seq %d", ErrNotFound, agent, seq)
	}
	return as[0], nil
}

func (db *DB) queryAnchors(ctx context.Context, where string, args ...any) ([]Anchor, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, agent, first_seq, last_seq, count, root, tree, chain_id, contract,
		tx_hash, block, status, created_ns, updated_ns FROM anchors `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: query anchors: %w", err)
	}
	defer rows.Close()
	var out []Anchor
	for rows.Next() {
		var a Anchor
		var first, last, count, tree, chainID, block, created, updated int64
		var root, txHash []byte
		var contract, status string
		if err := rows.Scan(&a.ID, &a.Agent, &first, &last, &count, &root, &tree, &chainID, &contract,
			&txHash, &block, &status, &created, &updated); err != nil {
			return nil, fmt.Errorf("store: read anchor: %w", err)
		}
		a.FirstSeq, a.LastSeq, a.Count, a.Tree = uint64(first), uint64(last), uint32(count), TreeKind(tree)
		a.Root, a.ChainID, a.Contract = common.BytesToHash(root), uint64(chainID), common.HexToAddress(contract)
		a.TxHash, a.Block, a.Status = common.BytesToHash(txHash), uint64(block), AnchorStatus(status)
		a.Created, a.Updated = time.Unix(0, created).UTC(), time.Unix(0, updated).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s AnchorStatus) valid() bool {
	return s == AnchorPending || s == AnchorConfirmed || s == AnchorDropped
}
