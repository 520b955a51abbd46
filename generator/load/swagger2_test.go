package load

import (
	"context"
	"testing"
)

// Null entries in a Swagger 2.0 document made kin-openapi's converter panic
// (found by FuzzLoadAndBuild).
func TestSwagger2Nulls(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"path item", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /records:\n  /b: {}\n",
			"spec.yaml:4:12: #/paths/~1records: null value; an object is needed"},
		{"parameter", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\nparameters:\n  p: null\n",
			"spec.yaml:5:6: #/parameters/p: null value; an object is needed"},
		{"response", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\nresponses:\n  r: ~\n",
			"spec.yaml:5:6: #/responses/r: null value; an object is needed"},
		{"security definition", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\nsecurityDefinitions:\n  s:\n",
			"spec.yaml:5:5: #/securityDefinitions/s: null value; an object is needed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Data(context.Background(), "/nonexistent/spec.yaml", "spec.yaml", []byte(tt.src), Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("Data() error = %v, want %q", err, tt.want)
			}
		})
	}
}
