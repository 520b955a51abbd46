//go:build !unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"time"
)

func setProcessGroup(cmd *exec.Cmd) { cmd.WaitDelay = 5 * time.Second }

// maxRSS is unknown off Unix.
func maxRSS(*os.ProcessState) int64 { return 0 }

func maybeWrapper() {}

// wrap is not supported off Unix: peak memory is reported as unknown.
func wrap(*exec.Cmd) (func() int64, error) { return nil, errors.New("not supported") }
