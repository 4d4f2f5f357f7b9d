package tui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"
)

// Run shows the TUI on the terminal until the user quits. It returns the
// boot error when the runtime could not start. Quitting drains through
// Options.Drain; call Drained on the returned model to know whether the
// drain finished before the TUI exited (a second ctrl+c does not wait).
func Run(ctx context.Context, o Options, popts ...tea.ProgramOption) (*Model, error) {
	m := New(ctx, o)
	p := tea.NewProgram(m, popts...)
	_, err := p.Run()
	if m.bootErr != nil {
		return m, m.bootErr
	}
	if errors.Is(err, tea.ErrInterrupted) {
		err = nil // SIGINT: the caller drains as for q
	}
	return m, err
}
