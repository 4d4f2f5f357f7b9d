// Package store keeps agentctl's state in one SQLite file
// ($AGENTCTL_HOME/agentctl.db): each agent's hash-chained decision log,
// idempotency keys of intents, trades, positions and PnL, and the anchors
// that put Merkle roots of the log on-chain. All SQL lives here.
//
// # Opening
//
// Open creates or opens the file in WAL mode with foreign keys on, a busy
// timeout and synchronous=NORMAL (Options.Durable selects FULL), then applies
// the embedded migrations (migrations/NNNN_name.sql, one transaction each,
// recorded in table schema_version). A database written by a newer agentctl
// is refused, as is a file that is not SQLite or is another program's
// SQLite database; the error says which and what to do.
//
// A new file is created with mode 0600. A *DB is safe for many goroutines.
// One goroutine owns the only write connection (BEGIN IMMEDIATE, so another
// process waits on the busy timeout instead of failing mid-transaction).
// Writes that queue up while it commits share the next transaction, each in
// its own SAVEPOINT so that one failing write rolls back only itself: a
// write call returns once its transaction has committed (with Durable, once
// it is on disk), and concurrent agents share fsyncs. Reads use a pool of
// read-only connections and run in parallel with the writer.
//
// # The decision log
//
// Each agent has its own chain of records, seq 1, 2, 3, ... without gaps.
// A record is a decision (KindDecision) or the completion of one
// (KindCompletion). The runtime's life cycle of a decision is:
//
//  1. Append a decision with Outcome pending and an Intent key before the
//     transaction is sent (TxHash too, when the signed transaction's hash is
//     known). Append refuses a second decision with the same Intent for the
//     agent (ErrDuplicateIntent), so a restarted runtime that checks
//     IntentExists, or simply appends first, never sends an intent twice.
//  2. After the receipt, Append a completion: Completes names the decision's
//     seq; it carries Time, TxHash, a final Outcome, Error and Receipt only.
//     A decision is completed at most once (ErrAlreadyCompleted).
//  3. After a crash, Pending lists decisions still waiting for a completion.
//
// A pending decision is also how an unknown outcome is kept: when the reply
// to a send or the receipt is lost, the runtime appends no completion until
// the chain says what happened (mined, reverted, or its nonce used by another
// transaction), then completes it with the trades that were made. Meanwhile
// the runtime counts the pending decision's planned spend against its daily
// and hourly limits, from the moment it was signed. No new outcome value is
// needed, so records written before this rule verify unchanged.
//
// Decisions that end at once (denied, hold, paper, failed) are appended with
// their final outcome and need no completion. Nothing ever updates a stored
// record: triggers refuse UPDATE and DELETE on table records. Those stop
// accidents, not an attacker who drops them; the hash chain (Verify) and the
// on-chain anchors find what was changed.
//
// # Canonical encoding and hash (version agentctl.record.v1)
//
// A record's hash is
//
//	hash = keccak256(canonical(record) || prev_hash)
//
// where prev_hash is the 32-byte hash of the agent's previous record (32
// zero bytes for seq 1) and keccak256 is Ethereum's (legacy Keccak, not
// NIST SHA3). canonical(record) is the concatenation of 23 fields, each
// written as a 4-byte big-endian unsigned length followed by that many bytes:
//
//	 #  field         content
//	 0  tag           the 18 ASCII bytes "agentctl.record.v1"
//	 1  agent         the agent's name
//	 2  seq           8-byte big-endian unsigned integer
//	 3  kind          "decision" or "completion"
//	 4  time          8-byte big-endian two's complement: Unix time in nanoseconds, UTC
//	 5  completes     8-byte big-endian unsigned integer (0 for a decision)
//	 6  intent        bytes
//	 7  strategy      bytes
//	 8  obs_digest    32 bytes, or empty
//	 9  obs_summary   bytes
//	10  prompt_hash   32 bytes, or empty
//	11  model         bytes
//	12  model_digest  bytes
//	13  reply         raw model reply bytes
//	14  action        JSON bytes as given, or empty
//	15  verdict       "allowed", "denied" or "none" (empty on a completion)
//	16  reasons       the list: each reason as a field (4-byte length + UTF-8
//	                  bytes), concatenated; an empty list is an empty field
//	17  approval      "auto", "approved", "denied", "timeout", "paper" or
//	                  "none" (empty on a completion)
//	18  simulation    JSON bytes, or empty
//	19  tx_hash       32 bytes, or empty
//	20  outcome       "pending", "confirmed", "reverted", "failed", "skipped" or "paper"
//	21  error         bytes
//	22  receipt       JSON bytes, or empty
//
// Record.CanonicalBytes and Record.ComputeHash implement exactly this.
// Integers are always present as 8 bytes (so their length prefix is
// 00000008). An absent value is a zero-length field (prefix 00000000): an
// empty string or byte slice, or the all-zero hash for the 32-byte digests.
// Strings are taken as their bytes, with no normalisation.
//
// # Encoding v2: replay inputs (version agentctl.record.v2)
//
// A record that carries replay inputs (Record.Inputs, non-zero) is encoded
// as v2: field 0 is the 18 ASCII bytes "agentctl.record.v2", fields 1-22
// are as above, and field 23 is inputs, the 32-byte keccak256 of the
// record's Inputs document. A record without inputs (every record written
// before v2, and completions) keeps the v1 encoding byte for byte, so old
// chains verify unchanged and a v2 record cannot be passed off as v1.
//
// The Inputs document (JSON, see Inputs; format "agentctl.inputs.v1") and
// the payloads it names by keccak256 (observation facts, whose hash is the
// record's obs_digest; system prompt, user prompt with the fenced untrusted
// data, reply schema; the policy's inputs; the chain reads Plan made, each
// eth_call, code read and header with its answer, optional and absent from
// documents written before it) live in table blobs, keyed by
// their hash and stored once however many records name them: a strategy's
// system prompt and schema cost their bytes once, not once per decision.
// Append stores a record's Blobs in its transaction and refuses inputs it
// cannot show. Verify recomputes the hash of the document and of every blob
// it names, so an edited prompt is found like an edited record.
//
// Table records has one column per field (same names; time is time_ns as an
// integer, absent digests are empty blobs) plus prev_hash and hash. Each
// column holds exactly the hashed bytes, except reasons, stored as a JSON
// array of strings (empty text for none), so another program can recompute
// every hash from a plain SELECT. The tests pin
// the encoding with hand-written bytes and a golden hash: changing it means a
// new tag, never an edit to this one.
//
// # Verification
//
// Verify walks an agent's records in seq order and reports the first broken
// seq: a gap (ProblemDeleted), a prev_hash that is not the previous record's
// hash (ProblemReordered: swapped, moved or inserted), or a hash that does
// not match the recomputed one (ProblemEdited). Table chain_heads, written in
// the same transaction as each record, also reveals records cut from the end.
//
// # Trades, positions and PnL
//
// A Trade is tied to the decision that made it (agent, seq, leg); amounts are
// base-10 integers in smallest units, never floats. Recording a trade moves
// the agent's positions (net token flows, gas as NativeToken) in the same
// transaction; AppendWithTrades stores a record and its trades atomically,
// and the record lists the trades in its receipt JSON, so they are hashed
// and anchored with it. VerifyTrades rebuilds the trades from the records
// and the positions from the trades: the tables the policy's caps read are
// checked like the log itself.
// Paper trades use the same tables, flagged, with their own positions. PnL
// is computed in Go with big.Rat; see MarkToMarket for the method.
//
// # Anchoring
//
// Anchors cover contiguous seq ranges of one agent. Unanchored lists the next
// records to anchor; MerkleTree builds the OpenZeppelin-compatible tree over
// their hashes; AddAnchor stores a root only if it is the root of those
// records; UpdateAnchor follows the transaction (pending, confirmed, dropped).
// Each anchor keeps its TreeKind: new anchors lay their tree out as
// @openzeppelin/merkle-tree's SimpleMerkleTree.of(hashes) does (sorted
// leaves, array tree), so anyone rebuilds a batch root from its records with
// that library; the first anchors' level-by-level tree still verifies.
package store
