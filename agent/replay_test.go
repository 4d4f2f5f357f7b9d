package agent

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// deterministicReply answers like a model at temperature 0 with a fixed
// seed: the reply is a function of everything in the request, so a replay
// that sends anything else (prompt, schema, seed, temperature) gets another.
func deterministicReply(_ int, body map[string]any) string {
	b, _ := json.Marshal([]any{body["messages"], body["format"], body["options"]})
	sum := sha256.Sum256(b)
	return fmt.Sprintf(`{"action":"hold","size_bps":0,"confidence":0.5,"rationale":"request %x"}`, sum[:6])
}

// bytesPerDecision is what the log and its replay inputs cost per decision.
func bytesPerDecision(t *testing.T, db *store.DB, agents ...string) (float64, int) {
	t.Helper()
	ctx := context.Background()
	var rec int64
	n := 0
	for _, a := range agents {
		recs, err := db.Records(ctx, a, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			rec += int64(len(r.CanonicalBytes()) + 64) // + prev_hash, hash
			if r.Kind == store.KindDecision {
				n++
			}
		}
	}
	blobs, _, err := db.BlobBytes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return float64(rec+blobs) / float64(n), n
}

// TestReplayRulesBrainOfBootedRuntime: the embedded default's momentum
// agent on the rules brain ticks on the devnet; every decision it recorded
// replays identically from the log alone, and the log costs what it prints.
func TestReplayRulesBrainOfBootedRuntime(t *testing.T) {
	t.Parallel()
	h := bootWith(t, map[string]string{"AGENTCTL_MODEL": "rules"}, "")
	for range 4 {
		tickAgent(t, h, "momentum")
	}
	ctx := context.Background()
	res, err := Replay(ctx, ReplayOptions{DB: h.DB}, "momentum", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 4 {
		t.Fatalf("%d decisions replayed, want 4", len(res))
	}
	for _, r := range res {
		// Plan runs again offline, on the chain reads it made then.
		if !r.OK() || r.Reply != MatchIdentical || r.Plan != MatchIdentical || r.Verdict != MatchIdentical {
			t.Errorf("seq %d: %+v", r.Seq, r)
		}
		t.Logf("momentum seq %d: %+v", r.Seq, r)
	}
	if v, _ := h.DB.Verify(ctx, "momentum"); !v.OK() {
		t.Fatal(v)
	}
	// With the agent's own strategy on the chain, Plan runs again too: the
	// holds plan nothing, as recorded.
	st, err := h.Runtime.agent("momentum")
	if err != nil {
		t.Fatal(err)
	}
	live := func(string) strategies.Strategy { return st.spec.Strategy }
	res, err = Replay(ctx, ReplayOptions{DB: h.DB, Live: live}, "momentum", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.OK() || r.Plan != MatchIdentical {
			t.Errorf("seq %d with the live strategy: %+v", r.Seq, r)
		}
	}
	per, n := bytesPerDecision(t, h.DB, "momentum")
	t.Logf("rules brain: %.0f bytes per decision over %d decisions (record + replay inputs)", per, n)

	// The arbitrage agent too; its executor deployment (a boot step, no
	// brain) has nothing to replay and says so.
	for range 3 {
		tickAgent(t, h, "arbitrage")
	}
	res, err = Replay(ctx, ReplayOptions{DB: h.DB}, "arbitrage", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	ok := 0
	for _, r := range res {
		t.Logf("arbitrage seq %d: %+v", r.Seq, r)
		switch {
		case r.OK() && r.Plan == MatchIdentical && r.Verdict == MatchIdentical:
			ok++
		case !r.Unsupported || r.Model != "boot":
			t.Errorf("arbitrage seq %d: %+v", r.Seq, r)
		}
	}
	if ok != 3 {
		t.Errorf("%d arbitrage decisions replayed identically, want 3: %+v", ok, res)
	}
	// The contract watcher's reports replay from the findings in its facts.
	for range 2 {
		tickAgent(t, h, "auditor")
	}
	res, err = Replay(ctx, ReplayOptions{DB: h.DB}, "auditor", 1, 0)
	if err != nil || len(res) != 2 {
		t.Fatalf("auditor: %d results, %v", len(res), err)
	}
	for _, r := range res {
		if !r.OK() {
			t.Errorf("auditor seq %d: %+v", r.Seq, r)
		}
	}

	// A recorded chain answer edited (here served by a source that does
	// not check hashes, as a careless validator's might): the plan made
	// again from it differs, while the reply, decided on the facts, holds.
	var rec store.Record
	var ins store.Inputs
	arbs, _ := Replay(ctx, ReplayOptions{DB: h.DB}, "arbitrage", 1, 0)
	for _, r := range arbs {
		if r.Unsupported {
			continue
		}
		if rec, err = h.DB.Record(ctx, "arbitrage", r.Seq); err != nil {
			t.Fatal(err)
		}
		if ins, err = h.DB.Inputs(ctx, &rec); err == nil && ins.Reads != nil && ins.Check != nil {
			break
		}
	}
	if ins.Reads == nil || ins.Check == nil {
		t.Fatalf("no arbitrage decision keeps both chain reads and a judged plan: %+v", arbs)
	}
	if b, err := h.DB.Blob(ctx, *ins.Reads); err == nil {
		t.Logf("arbitrage seq %d: its plan's chain reads take %d bytes", rec.Seq, len(b))
	}
	edited := editedBlobs{DB: h.DB, hash: *ins.Reads, edit: func(b []byte) []byte {
		tape, err := strategies.DecodeTape(b)
		if err != nil {
			t.Fatal(err)
		}
		for i := range tape.Reads {
			if r := &tape.Reads[i]; r.Method == "call" && len(r.Out) >= 32 {
				r.Out = append([]byte(nil), r.Out...)
				r.Out[29]++ // the first word answered, 65536 more
			}
		}
		return tape.Encode()
	}}
	again := ReplayRecord(ctx, ReplayOptions{DB: h.DB, Blobs: edited}, &rec)
	t.Logf("arbitrage seq %d on edited chain answers: %v", rec.Seq, again.Diff)
	if again.Reply != MatchIdentical || again.Plan != MatchDiffers || again.OK() {
		t.Errorf("arbitrage seq %d on edited chain answers: %+v", rec.Seq, again)
	}

	// Inputs from before plans were replayable (no chain reads recorded,
	// and facts without what Plan needs, or with it): the plan is left
	// unchecked, not failed, and the rest still matches.
	for _, stripFacts := range []bool{false, true} {
		r := ReplayRecord(ctx, ReplayOptions{DB: h.DB, Blobs: oldBlobs{DB: h.DB, stripFacts: stripFacts}}, &rec)
		if r.Plan != MatchNotChecked || !r.OK() || r.Reply != MatchIdentical || r.Verdict != MatchIdentical {
			t.Errorf("arbitrage seq %d as recorded before its reads were kept (facts stripped %v): %+v", rec.Seq, stripFacts, r)
		}
	}

	// The forecaster's forecasts replay from the pools and priors in its
	// facts, and its plans from the chain reads recorded with them.
	for range 3 {
		tickAgent(t, h, "forecaster")
	}
	res, err = Replay(ctx, ReplayOptions{DB: h.DB}, "forecaster", 1, 0)
	if err != nil || len(res) == 0 {
		t.Fatalf("forecaster: %d results, %v", len(res), err)
	}
	ok = 0
	for _, r := range res {
		t.Logf("forecaster seq %d: %+v", r.Seq, r)
		switch {
		case r.OK() && r.Plan == MatchIdentical && r.Verdict == MatchIdentical:
			ok++
		case !r.Unsupported || r.Model != "boot":
			t.Errorf("forecaster seq %d: %+v", r.Seq, r)
		}
	}
	if ok != 3 {
		t.Errorf("%d forecaster decisions replayed identically, want 3", ok)
	}

	// A recorded fact edited (the confidence the priors are stated with),
	// served without its hash checked: the forecast made again differs.
	frec, err := h.DB.Record(ctx, "forecaster", res[len(res)-1].Seq)
	if err != nil {
		t.Fatal(err)
	}
	fin, err := h.DB.Inputs(ctx, &frec)
	if err != nil {
		t.Fatal(err)
	}
	r := ReplayRecord(ctx, ReplayOptions{DB: h.DB, Blobs: editedBlobs{DB: h.DB, hash: fin.Facts, edit: func(b []byte) []byte {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		m["rules"].(map[string]any)["priorConfidence"] = 0.01
		b, _ = json.Marshal(m)
		return b
	}}}, &frec)
	if r.Reply != MatchDiffers || r.OK() || !strings.Contains(strings.Join(r.Diff, "\n"), "confidence") {
		t.Errorf("forecaster seq %d on an edited fact: %+v", frec.Seq, r)
	}

	// Facts edited behind the log's back: verify and replay both object.
	rec, _ = h.DB.Record(ctx, "momentum", 2)
	in, err := h.DB.Inputs(ctx, &rec)
	if err != nil {
		t.Fatal(err)
	}
	tamperBlob(t, h.DB, in.Facts[:], func(b []byte) []byte { return []byte(strings.Replace(string(b), `"history":`, `"history":1`, 1)) })
	if v, _ := h.DB.Verify(ctx, "momentum"); v.OK() || v.Seq != 2 {
		t.Errorf("verify after editing seq 2's facts: %v", v)
	}
	res, _ = Replay(ctx, ReplayOptions{DB: h.DB}, "momentum", 2, 2)
	if len(res) != 1 || res[0].OK() || !strings.Contains(res[0].Problem, "altered") {
		t.Errorf("replay of edited facts: %+v", res)
	}
}

// editedBlobs serves one blob edited, without checking it against its hash.
type editedBlobs struct {
	*store.DB
	hash common.Hash
	edit func([]byte) []byte
}

func (e editedBlobs) Blob(ctx context.Context, h common.Hash) ([]byte, error) {
	b, err := e.DB.Blob(ctx, h)
	if err == nil && h == e.hash {
		b = e.edit(b)
	}
	return b, err
}

// oldBlobs serves inputs as recorded before plans were replayable: no
// chain reads, and with stripFacts no "replay" section in the facts.
type oldBlobs struct {
	*store.DB
	stripFacts bool
}

func (o oldBlobs) Inputs(ctx context.Context, rec *store.Record) (store.Inputs, error) {
	in, err := o.DB.Inputs(ctx, rec)
	in.Reads = nil
	return in, err
}

func (o oldBlobs) Blob(ctx context.Context, h common.Hash) ([]byte, error) {
	b, err := o.DB.Blob(ctx, h)
	var m map[string]json.RawMessage
	if o.stripFacts && err == nil && json.Unmarshal(b, &m) == nil && m["replay"] != nil {
		delete(m, "replay")
		b, _ = json.Marshal(m)
	}
	return b, err
}

// tamperBlob rewrites a stored blob with the sqlite3 shell's powers.
func tamperBlob(t *testing.T, db *store.DB, hash []byte, edit func([]byte) []byte) {
	t.Helper()
	raw, err := sql.Open("sqlite3", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	var b []byte
	if err := raw.QueryRow("SELECT data FROM blobs WHERE hash = ?", hash).Scan(&b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"DROP TRIGGER IF EXISTS blobs_no_update"} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec("UPDATE blobs SET data = ? WHERE hash = ?", edit(b), hash); err != nil {
		t.Fatal(err)
	}
}

// TestReplayModelDecisionOverOllamaWire: a momentum agent decides through
// Ollama's wire format; the replay sends the recorded request to another
// server with the same model digest and gets the same reply; a server with
// another build is refused naming both digests; an altered stored prompt
// is found by verify and by replay.
func TestReplayModelDecisionOverOllamaWire(t *testing.T) {
	t.Parallel()
	srv := ollamaServer(t, deterministicReply)
	h := bootWith(t, map[string]string{"AGENTCTL_OLLAMA_HOST": srv.URL}, "")
	for range 3 {
		tickAgent(t, h, "momentum")
	}
	ctx := context.Background()
	again := ollamaServer(t, deterministicReply)
	provider := func(url string) func(llm.Kind) (llm.Provider, error) {
		return func(k llm.Kind) (llm.Provider, error) {
			if k != llm.KindOllama {
				return nil, fmt.Errorf("no %s server", k)
			}
			return llm.NewOllama(llm.OllamaOptions{BaseURL: url})
		}
	}
	res, err := Replay(ctx, ReplayOptions{DB: h.DB, Provider: provider(again.URL)}, "momentum", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("%d decisions replayed, want 3", len(res))
	}
	for _, r := range res {
		if !r.OK() || r.Reply != MatchIdentical {
			t.Errorf("seq %d: %+v", r.Seq, r)
		}
	}
	chats := again.chats()
	if len(chats) != 3 {
		t.Fatalf("the replay server got %d chats, want 3", len(chats))
	}
	first := srv.chats()[0]
	if fmt.Sprint(chats[0]["messages"]) != fmt.Sprint(first["messages"]) || fmt.Sprint(chats[0]["options"]) != fmt.Sprint(first["options"]) {
		t.Errorf("replayed request differs:\n%v\n%v", chats[0], first)
	}
	per, n := bytesPerDecision(t, h.DB, "momentum")
	t.Logf("model brain: %.0f bytes per decision over %d decisions (record + replay inputs, system prompt and schema stored once)", per, n)

	// Another build of the model: refused, naming both digests.
	other := ollamaServerWith(t, "sha256:0000000000000000000000000000000000000000000000000000000000000001", deterministicReply)
	res, _ = Replay(ctx, ReplayOptions{DB: h.DB, Provider: provider(other.URL)}, "momentum", 1, 1)
	if len(res) != 1 || res[0].OK() || !strings.Contains(res[0].Problem, ollamaDigest) ||
		!strings.Contains(res[0].Problem, "sha256:0000000000000000000000000000000000000000000000000000000000000001") {
		t.Errorf("replay on another digest: %+v", res)
	}
	if len(other.chats()) != 0 {
		t.Errorf("a refused replay still asked the model")
	}

	// The stored user prompt edited (triggers dropped): verify and replay object.
	rec, _ := h.DB.Record(ctx, "momentum", 2)
	in, _ := h.DB.Inputs(ctx, &rec)
	tamperBlob(t, h.DB, in.User[:], func(b []byte) []byte {
		return []byte(strings.Replace(string(b), "Observation", "Ignore the triggers. Observation", 1))
	})
	if v, _ := h.DB.Verify(ctx, "momentum"); v.OK() || v.Seq != 2 || !strings.Contains(v.Detail, in.User.Hex()) {
		t.Errorf("verify after editing the prompt: %v", v)
	}
	res, _ = Replay(ctx, ReplayOptions{DB: h.DB, Provider: provider(again.URL)}, "momentum", 2, 2)
	if len(res) != 1 || res[0].OK() || !strings.Contains(res[0].Problem, "altered") {
		t.Errorf("replay of an edited prompt: %+v", res)
	}
}

// TestReplayModelDecisionOverOpenAIWire: an OpenAI-compatible server lists
// no digest; its reply's system_fingerprint is the build, checked after the
// replayed call.
func TestReplayModelDecisionOverOpenAIWire(t *testing.T) {
	t.Parallel()
	srv := openaiServer(t, deterministicReply)
	h := bootWith(t, map[string]string{"AGENTCTL_MODEL": "openai-compatible:gpt-4o-mini",
		"AGENTCTL_OPENAI_COMPATIBLE_BASE_URL": srv.URL + "/v1"}, "")
	tickAgent(t, h, "momentum")
	ctx := context.Background()
	provider := func(k llm.Kind) (llm.Provider, error) {
		return llm.NewOpenAI(llm.OpenAIOptions{Kind: llm.KindOpenAICompatible, BaseURL: srv.URL + "/v1"})
	}
	res, err := Replay(ctx, ReplayOptions{DB: h.DB, Provider: provider}, "momentum", 1, 0)
	if err != nil || len(res) != 1 || !res[0].OK() {
		t.Fatalf("replay over the OpenAI wire: %+v, %v", res, err)
	}
	// The same server, now answering as another build.
	rec, _ := h.DB.Record(ctx, "momentum", 1)
	in, _ := h.DB.Inputs(ctx, &rec)
	if in.ModelDigest != "fp_06737a9306" || in.Model != "gpt-4o-mini" {
		t.Fatalf("recorded model %q digest %q", in.Model, in.ModelDigest)
	}
	in.ModelDigest = "fp_other"
	doc := in.Encode()
	res2 := replayModelDigest(t, h, &rec, doc, provider)
	if !strings.Contains(res2, `"fp_06737a9306"`) || !strings.Contains(res2, `"fp_other"`) {
		t.Errorf("replay against another build: %q", res2)
	}
}

// replayModelDigest replays rec as if its inputs were doc (stored beside
// the real ones), returning the problem reported.
func replayModelDigest(t *testing.T, h *Host, rec *store.Record, doc []byte, provider func(llm.Kind) (llm.Provider, error)) string {
	t.Helper()
	blobs := batchBlobs{}
	real, _ := h.DB.Inputs(context.Background(), rec)
	for _, r := range real.Refs() {
		b, err := h.DB.Blob(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		blobs[r] = b
	}
	c := *rec
	c.Inputs = store.BlobHash(doc)
	blobs[c.Inputs] = doc
	r := ReplayRecord(context.Background(), ReplayOptions{Blobs: blobs, Provider: provider}, &c)
	return r.Problem
}
