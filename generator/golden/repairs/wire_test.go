package repairs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sigen-dev/sigen/generator/golden/repairs"
)

// serve answers every request with status and body, and records the last
// request's path, query and body.
func serve(t *testing.T, status int, body string) (*repairs.Client, *http.Request, *[]byte) {
	t.Helper()
	var last http.Request
	var sent []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent, _ = io.ReadAll(r.Body)
		last = *r
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := repairs.NewClient(repairs.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return c, &last, &sent
}

// A schema $ref to a response object whose schema sits under x-content:
// the response decodes into that schema's type.
func TestCaptionThroughResponseRef(t *testing.T) {
	c, _, _ := serve(t, 200, `{"text":"1\n00:00:01,000 --> 00:00:02,000\nhello","lines":3}`)
	got, err := c.GetCaption(context.Background(), "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "1\n00:00:01,000 --> 00:00:02,000\nhello" || got.Lines == nil || *got.Lines != 3 {
		t.Errorf("GetCaption = %+v", got)
	}
}

// A schema $ref to a response object with standard content.
func TestStatusThroughResponseRef(t *testing.T) {
	c, _, _ := serve(t, 200, `{"state":"done"}`)
	got, err := c.GetCaptionStatus(context.Background(), "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State == nil || *got.State != "done" {
		t.Errorf("GetCaptionStatus = %+v", got)
	}
}

// A response $ref to a description-only schema: the body is any JSON,
// kept as it came.
func TestResponseRefToSchemaIsRawJSON(t *testing.T) {
	body := `{"make":"Volvo","wheels":[1,2,3,4]}`
	c, req, _ := serve(t, 200, body)
	kind := repairs.KindVan
	got, err := c.GetVehicle(context.Background(), "v-1", &repairs.GetVehicleParams{Kind: &kind})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != body {
		t.Errorf("GetVehicle = %s, want %s", got, body)
	}
	if req.URL.Path != "/vehicles/v-1" || req.URL.Query().Get("kind") != "van" {
		t.Errorf("request %s", req.URL)
	}
}

// items $ref to another operation's parameter: the array's items have that
// parameter's enum type, and the query carries them; the response's
// property $ref into Vehicle/definitions decodes as its enum.
func TestItemsThroughParameterRef(t *testing.T) {
	c, req, _ := serve(t, 200, `[{"id":"v-12","kind":"bus","plate":null}]`)
	got, err := c.ListVehicles(context.Background(), &repairs.ListVehiclesParams{Kinds: []repairs.Kind{repairs.KindCar, repairs.KindVan}})
	if err != nil {
		t.Fatal(err)
	}
	if q := req.URL.Query()["kinds"]; len(q) != 2 || q[0] != "car" || q[1] != "van" {
		t.Errorf("query kinds = %q", q)
	}
	if len(got) != 1 || got[0].ID != "v-12" || got[0].Kind == nil || *got[0].Kind != repairs.VehicleKindBus {
		t.Fatalf("ListVehicles = %+v", got)
	}
	if !got[0].Plate.IsNull() {
		t.Errorf("plate = %+v, want null", got[0].Plate)
	}
	// pattern: 12 was read as the string "12"; minLength: "3" as 3.
	if err := (&repairs.Vehicle{ID: "x12"}).Validate(); err != nil {
		t.Errorf("Validate(x12) = %v", err)
	}
	if err := (&repairs.Vehicle{ID: "abc"}).Validate(); err == nil {
		t.Error(`Validate("abc") = nil; want a pattern error`)
	}
	if err := (&repairs.Vehicle{ID: "12"}).Validate(); err == nil {
		t.Error(`Validate("12") = nil; want a length error`)
	}
}

// The conflicting allOf property holds either an integer or an object, on
// the wire both ways.
func TestAllOfConflictUnion(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		check      func(*repairs.Order) bool
	}{
		{"integer", `{"id":"o-1","discount":15,"amount":100}`, func(o *repairs.Order) bool {
			return o.Discount != nil && o.Discount.Int64 != nil && *o.Discount.Int64 == 15
		}},
		{"object", `{"id":"o-1","discount":{"percent":12.5,"code":"SPRING"},"amount":100}`, func(o *repairs.Order) bool {
			d := o.Discount
			return d != nil && d.OrderDiscountVariant1 != nil && *d.OrderDiscountVariant1.Percent == 12.5 && *d.OrderDiscountVariant1.Code == "SPRING"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _, sent := serve(t, 200, tc.body)
			var in repairs.Order
			if err := json.Unmarshal([]byte(tc.body), &in); err != nil {
				t.Fatal(err)
			}
			res, err := c.CreateOrder(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if !sameJSON(t, string(*sent), tc.body) {
				t.Errorf("request body %s, want %s", *sent, tc.body)
			}
			if res.StatusCode != 200 || res.Status200 == nil || !tc.check(res.Status200) {
				t.Errorf("CreateOrder = %+v", res)
			}
			// amount: number here, integer there; the narrower integer won.
			if res.Status200.Amount == nil || *res.Status200.Amount != 100 {
				t.Errorf("amount = %v", res.Status200.Amount)
			}
		})
	}
}

// A schema $ref to a response without a body is any JSON.
func TestBodylessResponseRef(t *testing.T) {
	c, _, _ := serve(t, 202, `{"queued":[true]}`)
	res, err := c.CreateOrder(context.Background(), repairs.Order{ID: "o-1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 202 || string(res.Status202) != `{"queued":[true]}` {
		t.Errorf("CreateOrder = %+v", res)
	}
}

func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("decode %s: %v", a, err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}
