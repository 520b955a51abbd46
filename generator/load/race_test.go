//go:build race

package load

// slowdown scales the time bounds of tests that guard against hangs: the
// race detector makes code several times slower.
const slowdown = 10
