//go:build !unix

package main

import (
	"os"
	"os/exec"
	"time"
)

func setProcessGroup(cmd *exec.Cmd) { cmd.WaitDelay = 5 * time.Second }

// maxRSS is unknown off Unix.
func maxRSS(*os.ProcessState) int64 { return 0 }
