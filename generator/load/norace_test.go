//go:build !race

package load

// slowdown scales the time bounds of tests that guard against hangs.
const slowdown = 1
