//go:build !unix

package main

import (
	"errors"
	"os/exec"
	"time"
)

func maybeWrapper() {}

type usage struct {
	user, sys time.Duration
	maxRSS    int64
}

// wrap is not supported off Unix: CPU time comes from ProcessState and peak
// memory is unknown.
func wrap(*exec.Cmd) (func() (usage, bool), error) { return nil, errors.New("not supported") }
