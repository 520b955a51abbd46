//go:build unix

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

// Wrapper mode: a measured command runs as a child of a copy of this binary
// (env benchpeersWrapperEnv=1), which reports the child's user and system
// CPU time and ru_maxrss on fd 3. Without it, os/exec's vfork (CLONE_VM)
// would charge this harness's high-water mark to the child at exec.

const wrapperEnv = "SIGEN_BENCHPEERS_WRAPPER"

func maybeWrapper() {
	if os.Getenv(wrapperEnv) != "1" {
		return
	}
	os.Exit(wrapper(os.Args[1:]))
}

func wrapper(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "benchpeers wrapper: no command")
		return 125
	}
	report := os.NewFile(3, "rusage")
	syscall.CloseOnExec(3)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = withoutEnv(os.Environ(), wrapperEnv)
	err := cmd.Run()
	if ps := cmd.ProcessState; ps != nil && report != nil {
		fmt.Fprintf(report, "%d %d %d\n", ps.UserTime().Nanoseconds(), ps.SystemTime().Nanoseconds(), maxRSS(ps))
		report.Close()
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.ExitCode() > 0:
		return ee.ExitCode()
	default:
		fmt.Fprintf(os.Stderr, "benchpeers wrapper: %v\n", err)
		return 125
	}
}

// usage is what the wrapper reports about its child.
type usage struct {
	user, sys time.Duration
	maxRSS    int64 // bytes; 0 unknown
}

// wrap rewrites cmd to run under the wrapper; the returned function must be
// called after cmd has finished (or failed to start).
func wrap(cmd *exec.Cmd) (func() (usage, bool), error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Args = append([]string{self}, cmd.Args...)
	cmd.Path = self
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, wrapperEnv+"=1")
	cmd.ExtraFiles = append(cmd.ExtraFiles, w)
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(r)
		r.Close()
		got <- b
	}()
	return func() (usage, bool) {
		w.Close()
		var u usage
		var user, sys int64
		if _, err := fmt.Sscanf(string(<-got), "%d %d %d", &user, &sys, &u.maxRSS); err != nil {
			return usage{}, false
		}
		u.user, u.sys = time.Duration(user), time.Duration(sys)
		return u, true
	}, nil
}

// maxRSS is ru_maxrss of a finished process in bytes: on Linux the largest
// resident set of the process and of every descendant it waited for.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}

func withoutEnv(env []string, key string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if len(kv) > len(key) && kv[:len(key)+1] == key+"=" {
			continue
		}
		out = append(out, kv)
	}
	return out
}
