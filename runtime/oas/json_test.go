package oas

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestDecodeNumberPreserving(t *testing.T) {
	tests := []struct {
		in      string
		want    any
		wantErr bool
	}{
		{`9007199254740993`, json.Number("9007199254740993"), false},
		{`{"id":18446744073709551615,"x":1.5}`, map[string]any{"id": json.Number("18446744073709551615"), "x": json.Number("1.5")}, false},
		{`[1,"a",null,true]`, []any{json.Number("1"), "a", nil, true}, false},
		{` "s" `, "s", false},
		{`1 2`, nil, true},
		{`{} x`, nil, true},
		{`{`, nil, true},
		{``, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got any
			err := DecodeNumberPreserving([]byte(tt.in), &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("DecodeNumberPreserving(%s) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if err == nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DecodeNumberPreserving(%s) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
	t.Run("typed target", func(t *testing.T) {
		var v struct{ N int64 }
		if err := DecodeNumberPreserving([]byte(`{"N":9223372036854775807}`), &v); err != nil || v.N != 9223372036854775807 {
			t.Errorf("DecodeNumberPreserving into struct = %v, %v", v, err)
		}
	})
}
