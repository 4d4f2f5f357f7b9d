package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// DecisionError is a decision that failed for good: the model answered, but
// not with a valid object, twice (or answered badly once and then the retry
// could not be made). The caller records it as a failed decision and takes
// no action.
type DecisionError struct {
	// Replies is the raw text of every reply received, first try first.
	Replies []string
	// Errs says why each try failed, in order; the last one may be a
	// provider error if the retry could not reach the model.
	Errs []error
}

func (e *DecisionError) Error() string {
	parts := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		parts[i] = fmt.Sprintf("try %d: %v", i+1, err)
	}
	return "no valid decision from the model: " + strings.Join(parts, "; ")
}

func (e *DecisionError) Unwrap() []error { return e.Errs }

// DecideJSON asks p for a JSON object, checks it, and on a bad reply asks
// once more with the problem shown to the model:
//
//  1. p.Decide(req). A provider error (server down, timeout, 4xx) is
//     returned as is: the model was not heard, so nothing was decided.
//  2. The reply must be one JSON object (ExtractJSON) and pass validate
//     (nil accepts any object). If it does, it is returned.
//  3. Otherwise the request is repeated with the bad reply as an assistant
//     message and the error as a user message. A valid second reply is
//     returned; anything else gives a *DecisionError holding both replies.
//
// The returned Reply is the last one received, with tokens and latency
// summed over both tries so the caller can account for the whole decision.
func DecideJSON(ctx context.Context, p Provider, req Request, validate func(json.RawMessage) error) (Reply, error) {
	first, err := p.Decide(ctx, req)
	bad := replyProblem(&first, err, validate)
	if bad == nil {
		return first, nil
	}
	var merr *MalformedError
	if err != nil && !errors.As(err, &merr) {
		return first, err
	}

	retry := req
	retry.Messages = slices.Clip(req.Messages)
	if first.Text != "" {
		retry.Messages = append(retry.Messages, Message{Role: RoleAssistant, Content: first.Text})
	}
	retry.Messages = append(retry.Messages, Message{Role: RoleUser, Content: "Your reply was rejected: " +
		truncate(bad.Error(), 500) + "\nReply again with exactly one JSON object that matches the schema, and no other text."})

	second, err := p.Decide(ctx, retry)
	second.PromptTokens += first.PromptTokens
	second.CompletionTokens += first.CompletionTokens
	second.Latency += first.Latency
	bad2 := replyProblem(&second, err, validate)
	if bad2 == nil {
		return second, nil
	}
	derr := &DecisionError{Replies: []string{first.Text}, Errs: []error{bad, bad2}}
	if err == nil || errors.As(err, &merr) {
		derr.Replies = append(derr.Replies, second.Text)
	}
	return second, derr
}

// replyProblem is nil for a usable reply, else why it is not.
func replyProblem(r *Reply, err error, validate func(json.RawMessage) error) error {
	if err != nil {
		return err
	}
	if len(r.JSON) == 0 {
		// A provider that skipped extraction; do it here.
		js, xerr := ExtractJSON(r.Text)
		if xerr != nil {
			return &MalformedError{Text: r.Text, Err: xerr}
		}
		r.JSON = js
	}
	if validate == nil {
		return nil
	}
	if verr := validate(r.JSON); verr != nil {
		return fmt.Errorf("the object does not match the schema: %w", verr)
	}
	return nil
}
