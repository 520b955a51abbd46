//go:build unix

package main

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// TestMain lets the test binary serve as the rusage wrapper (wrap runs
// os.Executable) and as a child that holds SIGEN_CORPUS_TEST_HOG_MB of memory.
func TestMain(m *testing.M) {
	maybeWrapper()
	if mb, err := strconv.Atoi(os.Getenv("SIGEN_CORPUS_TEST_HOG_MB")); err == nil {
		hog := make([]byte, mb<<20)
		for i := 0; i < len(hog); i += 4096 {
			hog[i] = 1
		}
		os.Exit(int(hog[len(hog)-1]) + 3) // exit 3: checks that the exit code passes through
	}
	os.Exit(m.Run())
}

var ballast []byte

func TestWrapPeak(t *testing.T) {
	// Make this process big: without the wrapper, vfork+exec would charge
	// its 256 MB to the child.
	ballast = make([]byte, 256<<20)
	for i := 0; i < len(ballast); i += 4096 {
		ballast[i] = 1
	}
	defer func() { ballast = nil }()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, mb := range []int{0, 100} {
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), "SIGEN_CORPUS_TEST_HOG_MB="+strconv.Itoa(max(mb, 1)))
		peak, err := wrap(cmd)
		if err != nil {
			t.Fatal(err)
		}
		err = cmd.Run()
		got := peak() >> 20
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
			t.Errorf("hog %d MB: Run() = %v, want exit status 3", mb, err)
		}
		// The bound only has to tell the child's memory from the test
		// process's 256 MB ballast; the race detector roughly doubles a
		// process's footprint.
		if got < int64(mb) || got > int64(mb)+200 {
			t.Errorf("hog %d MB: peak = %d MB, want %d..%d", mb, got, mb, mb+200)
		}
	}
}
