package resolve

import (
	"strings"
	"testing"
)

// x-go-name on an operation without an operationId names it too, and is
// checked like any other.
func TestGoNameWithoutOperationID(t *testing.T) {
	const spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      x-go-name: %s\n      responses: {'204': {description: ok}}\n"
	api, err := buildString(t, strings.Replace(spec, "%s", "FetchX", 1))
	if err != nil || len(api.Operations) != 1 || api.Operations[0].Name != "FetchX" {
		t.Fatalf("Build = %v, %v; want one operation FetchX", api, err)
	}
	_, err = buildString(t, strings.Replace(spec, "%s", "'X() {}; func init() {}; func (c *Client) Y'", 1))
	want := `spec.yaml:6:18: #/paths/~1x/get/x-go-name: x-go-name "X() {}; func init() {}; func (c *Client) Y": not a Go identifier`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %s", err, want)
	}
}
