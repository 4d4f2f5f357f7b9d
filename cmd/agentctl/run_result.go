package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/store"
)

// runResult says whether a run that reached its end did its job. Exit 0
// claims the agents could trade and every decision was recorded: a run
// whose log could not be written, or in which every agent sat paused at the
// end (nothing could trade), failed. last is the agents' state just before
// the drain, which marks every agent stopped.
func runResult(last []agent.Snapshot, db *store.DB) error {
	var errs []error
	if db != nil {
		if err := db.WriteFailure(); err != nil {
			errs = append(errs, fmt.Errorf("the decision log could not be written, so this run did not record everything (%w): free space or fix the home's permissions, then check it with `agentctl verify`", err))
		}
	}
	if len(last) > 0 {
		var paused []string
		for _, s := range last {
			if s.Status != agent.StatusPaused {
				paused = nil
				break
			}
			paused = append(paused, fmt.Sprintf("%s (%s)", s.Name, s.Reason))
		}
		if paused != nil {
			errs = append(errs, fmt.Errorf("every agent was paused at the end of the run, so none could trade: %s", strings.Join(paused, "; ")))
		}
	}
	return errors.Join(errs...)
}

// checkHomeWritable refuses to start a runtime in a home it cannot record
// in, before anything else fails there with a less helpful message.
func (a *app) checkHomeWritable() error {
	f, err := os.CreateTemp(a.home, ".agentctl-write-check-*")
	if err != nil {
		return fmt.Errorf("home %s is not writable (%v): agentctl records every decision there; make it writable or pass --home DIR", a.home, err)
	}
	f.Close()
	return os.Remove(f.Name())
}
