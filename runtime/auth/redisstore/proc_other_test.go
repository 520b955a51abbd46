//go:build !linux

package redisstore

import "os/exec"

// dieWithParent does nothing where the kernel offers no parent-death
// signal; TestMain and t.Cleanup still stop the processes they started.
func dieWithParent(cmd *exec.Cmd) {}
