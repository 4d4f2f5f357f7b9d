package polymarket

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// HeartbeatEvery is how often a running agent with heartbeat: true tells
// the CLOB it is alive. Polymarket cancels every open order of an account
// whose heartbeats stop for about 10 s, so two may be lost in a row.
const HeartbeatEvery = 4 * time.Second

// stopTimeout bounds the cancel of the orders on a clean stop, well within
// the run's drain deadline.
const stopTimeout = 5 * time.Second

// withHeartbeat is the strategy of an agent that opted in to the CLOB's
// dead man's switch: while the agent runs it sends heartbeats, so if
// agentctl dies the CLOB cancels the account's open orders itself; on a
// clean stop it cancels them at once, as the switch would a few seconds
// later. Everything else is the embedded strategy's.
type withHeartbeat struct {
	*Strategy
	c     *clob.Client
	every time.Duration
}

// Background sends heartbeats until ctx ends (strategies.Background), then
// pulls the orders they kept alive.
func (h *withHeartbeat) Background(ctx context.Context, log *slog.Logger) {
	log = log.With("part", "clob")
	id, failing := "", false
	t := time.NewTicker(h.every)
	defer t.Stop()
	for {
		next, err := h.c.Heartbeat(ctx, id)
		switch {
		case ctx.Err() != nil:
		case err != nil:
			var api *clob.APIError
			if errors.As(err, &api) && !api.Retryable() {
				id = "" // a chain the CLOB no longer knows (it restarted): start a new one
			}
			if !failing {
				// Said once per streak: the CLOB may cancel the orders now.
				log.Warn("CLOB heartbeat failed: if it keeps failing the CLOB cancels the open orders", "err", err)
				failing = true
			}
		case err == nil:
			if failing {
				log.Info("CLOB heartbeat answered again")
			}
			id, failing = next, false
		}
		select {
		case <-ctx.Done():
			h.cancelOnStop(log)
			return
		case <-t.C:
		}
	}
}

// cancelOnStop cancels the account's open orders as the agent stops.
func (h *withHeartbeat) cancelOnStop(log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	r, err := h.c.CancelAll(ctx)
	if err != nil {
		log.Warn("heartbeat: the open orders were not cancelled on stop; the CLOB cancels them when the heartbeats time out", "err", err)
		return
	}
	log.Info("heartbeat: stopped; cancelled the open orders it kept alive", "cancelled", len(r.Canceled), "orders", r.Canceled)
}
