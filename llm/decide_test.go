package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// validAction accepts {"action": "hold"|"swap", "confidence": 0..1}.
func validAction(raw json.RawMessage) error {
	var d struct {
		Action     string   `json:"action"`
		Confidence *float64 `json:"confidence"`
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return err
	}
	if d.Action != "hold" && d.Action != "swap" {
		return fmt.Errorf("action %q is not hold or swap", d.Action)
	}
	if d.Confidence == nil || *d.Confidence < 0 || *d.Confidence > 1 {
		return errors.New("confidence must be a number from 0 to 1")
	}
	return nil
}

func TestDecideJSON(t *testing.T) {
	t.Parallel()
	const good = `{"action":"hold","confidence":0.6}`
	cases := []struct {
		name     string
		replies  []string
		wantJSON string
		calls    int
		// for failures: substrings of the error and the replies kept
		wantErr     string
		wantReplies []string
	}{
		{name: "first reply valid", replies: []string{good}, wantJSON: good, calls: 1},
		{name: "fenced with prose", replies: []string{"Decision:\n```json\n" + good + "\n```"}, wantJSON: good, calls: 1},
		{name: "prose then fixed", replies: []string{"I would hold for now.", good}, wantJSON: good, calls: 2},
		{name: "schema error then fixed", replies: []string{`{"action":"sell","confidence":0.6}`, good}, wantJSON: good, calls: 2},
		{
			name:    "bad twice",
			replies: []string{`{"action":"sell","confidence":0.6}`, `{"action":"swap","confidence":7}`},
			calls:   2, wantErr: `try 1: the object does not match the schema: action "sell" is not hold or swap; try 2: the object does not match the schema: confidence`,
			wantReplies: []string{`{"action":"sell","confidence":0.6}`, `{"action":"swap","confidence":7}`},
		},
		{
			name:    "two objects, then trailing prose",
			replies: []string{good + good, good + "\nHope that helps"},
			calls:   2, wantErr: "unexpected text after the JSON object",
			wantReplies: []string{good + good, good + "\nHope that helps"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rc := &recorder{}
			srv := ollamaServer(t, rc, ollamaReplies(tc.replies...))
			reply, err := DecideJSON(context.Background(), newTestOllama(t, srv.URL), decideReq(), validAction)
			if n := rc.count("POST /api/chat"); n != tc.calls {
				t.Errorf("%d calls, want %d", n, tc.calls)
			}
			if reply.PromptTokens != 31*tc.calls || reply.CompletionTokens != 17*tc.calls {
				t.Errorf("tokens %d/%d, want summed over %d calls", reply.PromptTokens, reply.CompletionTokens, tc.calls)
			}
			if tc.wantErr == "" {
				if err != nil || string(reply.JSON) != tc.wantJSON {
					t.Fatalf("reply %s err %v", reply.JSON, err)
				}
			} else {
				var de *DecisionError
				if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want a DecisionError containing %q", err, tc.wantErr)
				}
				if fmt.Sprint(de.Replies) != fmt.Sprint(tc.wantReplies) {
					t.Errorf("replies = %q, want %q", de.Replies, tc.wantReplies)
				}
			}
			if tc.calls < 2 {
				return
			}
			// The retry shows the model its own reply and what was wrong with it.
			msgs := rc.body("POST /api/chat", 1)["messages"].([]any)
			if len(msgs) != 4 {
				t.Fatalf("retry has %d messages, want system, user, assistant, user", len(msgs))
			}
			asst, fix := msgs[2].(map[string]any), msgs[3].(map[string]any)
			if asst["role"] != "assistant" || asst["content"] != tc.replies[0] {
				t.Errorf("assistant message = %v", asst)
			}
			if fix["role"] != "user" || !strings.HasPrefix(fix["content"].(string), "Your reply was rejected: ") {
				t.Errorf("feedback message = %v", fix)
			}
		})
	}
}

func TestDecideJSONProviderDown(t *testing.T) {
	t.Parallel()
	// A server error is not a bad decision: it comes back as is, after one call.
	rc := &recorder{}
	srv := ollamaServer(t, rc, func(w http.ResponseWriter, _ *http.Request, b map[string]any) {
		writeOllamaNotFound(w, b["model"].(string))
	})
	_, err := DecideJSON(context.Background(), newTestOllama(t, srv.URL), decideReq(), validAction)
	var nf *ModelNotPulledError
	var de *DecisionError
	if !errors.As(err, &nf) || errors.As(err, &de) || rc.count("POST /api/chat") != 1 {
		t.Errorf("err = %v", err)
	}
	if err.Error() != "model qwen2.5:3b is not pulled: run `ollama pull qwen2.5:3b`" {
		t.Errorf("message = %q", err.Error())
	}
}

func TestDecideJSONRetryUnreachable(t *testing.T) {
	t.Parallel()
	// First reply is bad, the retry hits a dead server: still a DecisionError,
	// carrying the one reply received and the provider error underneath.
	var calls atomic.Int32
	srv := ollamaServer(t, &recorder{}, func(w http.ResponseWriter, r *http.Request, b map[string]any) {
		if calls.Add(1) == 1 {
			ollamaReplies("no idea")(w, r, b)
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"error":"server busy, please try again.  maximum pending requests exceeded"}`)
	})
	_, err := DecideJSON(context.Background(), newTestOllama(t, srv.URL), decideReq(), nil)
	var de *DecisionError
	var pe *ProviderError
	if !errors.As(err, &de) || len(de.Replies) != 1 || de.Replies[0] != "no idea" || !errors.As(err, &pe) || pe.StatusCode != 503 {
		t.Errorf("err = %#v", err)
	}
}
