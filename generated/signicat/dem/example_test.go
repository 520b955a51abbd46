package dem_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/dem"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// Example stores a log-in event as evidence, finds it again with a query
// and downloads its PDF report.
func Example() {
	// In-process fakes of api.signicat.com: the token endpoint and the DEM
	// API, on a fake clock so that dates are fixed. Against the real API,
	// drop them and the WithBaseURL, WithTokenURL and WithClock options.
	clock := authtest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "sandbox-round-apple-123", ClientSecret: "fakeCl13n7S3Cr3T", Clock: clock})
	defer tokens.Close()
	api := fakeapi.NewSignicatDEM(tokens, fakeapi.WithClock(clock))
	defer api.Close()

	c, err := dem.NewClient(
		dem.WithClientCredentials("sandbox-round-apple-123", "fakeCl13n7S3Cr3T"),
		dem.WithBaseURL(api.BaseURL()),
		dem.WithTokenURL(tokens.TokenURL()),
		dem.WithClock(clock),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// The liveness check needs no token.
	up, err := c.Ping(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("ping:", up, "- token requests:", tokens.TokenRequests())

	rec, err := c.CreateRecord(ctx, dem.RecordRequest{
		Type:     dem.RecordTypeLogIn,
		Metadata: map[string]any{"userId": "user-123", "provider": "nbid"},
		CoreData: map[string]any{"ipAddress": "203.0.113.10"},
		TTL:      365,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("stored:", *rec.ID, "expires", *rec.SystemMetadata.ExpiryDate)

	page, err := c.QueryRecords(ctx, nil, &dem.QueryRequestBody{And: []dem.QueryCondition{{
		Field: "metadata.userId", Operator: dem.QueryOperatorEq, Value: json.RawMessage(`"user-123"`),
	}}})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range page.Embedded["records"] {
		fmt.Println("found:", *r.ID, *r.SystemMetadata.Type)
	}

	report, err := c.GetRecordReport(ctx, *rec.ID)
	if err != nil {
		log.Fatal(err)
	}
	defer report.Close() // the caller closes the stream
	pdf, err := io.ReadAll(report)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("report: %.8q... %d bytes\n", pdf, len(pdf))
	fmt.Println("token requests:", tokens.TokenRequests())

	// Output:
	// ping: OK - token requests: 0
	// stored: dec00000-0000-4000-8000-000000000001 expires 2027-11-24
	// found: dec00000-0000-4000-8000-000000000001 LOG_IN
	// report: "%PDF-1.4"... 683 bytes
	// token requests: 1
}
