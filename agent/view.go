package agent

import (
	"context"

	"github.com/agentctl/agentctl/llm"
)

// ModelStatuses asks each model server the agents use whether it answers
// now; Models holds what they said at boot. Read-only: the TUI's status
// bar polls it so "ollama down" clears once Ollama starts.
func (h *Host) ModelStatuses(ctx context.Context) []llm.Status { return h.probeModels(ctx) }
