//go:build !race

package generator

// slowdown scales the time bounds of tests that guard against hangs.
const slowdown = 1
