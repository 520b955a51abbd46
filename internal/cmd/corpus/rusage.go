//go:build unix

package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// Peak memory of a child process tree.
//
// ru_maxrss from wait4 covers a process and every descendant it waited for,
// but os/exec starts children with vfork (CLONE_VM), so the high-water mark
// of the *parent's* memory is charged to the child when it execs: a harness
// that has just decoded a 13 MB spec would report its own size for every
// small build. So the measured command is run under a copy of this binary in
// wrapper mode, a small process whose own footprint is the only thing added
// to the child's figure; it reports the child's ru_maxrss on fd 3.

const wrapperEnv = "SIGEN_CORPUS_RUSAGE_WRAPPER"

// maybeWrapper runs the wrapper and exits if this process is one.
func maybeWrapper() {
	if os.Getenv(wrapperEnv) != "1" {
		return
	}
	os.Exit(wrapper(os.Args[1:]))
}

func wrapper(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "corpus wrapper: no command")
		return 2
	}
	report := os.NewFile(3, "rusage")
	syscall.CloseOnExec(3) // not for the go command and its compilers
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = withoutEnv(os.Environ(), wrapperEnv)
	err := cmd.Run()
	if cmd.ProcessState != nil && report != nil {
		fmt.Fprintf(report, "maxrss %d\n", maxRSS(cmd.ProcessState))
		report.Close()
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.ExitCode() > 0:
		return ee.ExitCode()
	default:
		fmt.Fprintf(os.Stderr, "corpus wrapper: %v\n", err)
		return 125
	}
}

// wrap rewrites cmd to run under the wrapper and returns a function that
// must be called after cmd.Wait (or a failed Start) to read the child's peak
// RSS in bytes (0 when unknown).
func wrap(cmd *exec.Cmd) (peak func() int64, err error) {
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
	cmd.Env = append(cmd.Env, wrapperEnv+"=1")
	cmd.ExtraFiles = append(cmd.ExtraFiles, w)
	got := make(chan int64, 1)
	go func() {
		defer r.Close()
		var n int64
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "maxrss "); ok {
				n, _ = strconv.ParseInt(v, 10, 64)
			}
		}
		got <- n
	}()
	return func() int64 {
		w.Close() // our copy; the reader ends when the wrapper's closes too
		return <-got
	}, nil
}

func withoutEnv(env []string, key string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}
