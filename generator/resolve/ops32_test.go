package resolve

import (
	"strings"
	"testing"
)

// Methods a client cannot generate are located errors, never a silent
// "generated 0 of 1 operations".
func TestAdditionalOperationsRefused(t *testing.T) {
	for _, tc := range []struct{ item, want string }{
		{"    connect: {responses: {'200': {description: ok}}}\n",
			"spec.yaml:5:14: #/paths/~1x/connect: CONNECT operations are not generated"},
		{"    additionalOperations:\n      'BAD METHOD': {responses: {'200': {description: ok}}}\n",
			`spec.yaml:6:21: #/paths/~1x/additionalOperations/BAD METHOD: additionalOperations method "BAD METHOD" is not an HTTP method token`},
		{"    additionalOperations:\n      get: {responses: {'200': {description: ok}}}\n",
			`#/paths/~1x/additionalOperations/get: additionalOperations method "get" has its own field in a path item`},
	} {
		_, err := buildString(t, "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n"+tc.item)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.item, err, tc.want)
		}
	}
}
