package authentication_test

import (
	"context"
	"fmt"
	"log"

	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
	"github.com/sigen-dev/sigen/runtime/oas"
)

// Example creates an authentication session, lets the (fake) end user log
// in, and reads the result back. The client fetches one token and reuses it.
func Example() {
	// In-process fakes of api.signicat.com: the token endpoint and the
	// Authentication REST API. Against the real API, drop them and the
	// WithBaseURL and WithTokenURL options below.
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "sandbox-round-apple-123", ClientSecret: "fakeCl13n7S3Cr3T"})
	defer tokens.Close()
	api := fakeapi.NewSignicatAuth(tokens)
	defer api.Close()

	c, err := authentication.NewClient(
		authentication.WithClientCredentials("sandbox-round-apple-123", "fakeCl13n7S3Cr3T"),
		authentication.WithBaseURL(api.BaseURL()),
		authentication.WithTokenURL(tokens.TokenURL()),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	session, err := c.CreateSession(ctx, nil, authentication.SessionRequest{
		Flow:                authentication.FlowRedirect,
		AllowedProviders:    oas.NewNullable([]string{"nbid"}),
		RequestedAttributes: []string{"name", "nin"},
		CallbackURLs: &authentication.CallbackURLs{
			Success: "https://example.com/ok",
			Abort:   "https://example.com/abort",
			Error:   "https://example.com/error",
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", session.ID, session.Status)
	fmt.Println("send the user to:", *session.AuthenticationURL)

	// The user logs in with Norwegian BankID.
	api.Complete(session.ID, "nbid", map[string]any{"name": "Kari Nordmann", "nin": map[string]any{"value": "01018012345", "issuingCountry": "NO", "type": "BIRTH"}})

	done, err := c.GetSession(ctx, session.ID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("status:", done.Status, "via", *done.Provider)
	fmt.Println("subject:", *done.Subject.Name, *done.Subject.Nin.Value)
	fmt.Println("token requests:", tokens.TokenRequests())

	// Output:
	// created: 5e551000-0000-4000-8000-000000000001 CREATED
	// send the user to: https://example.signicat.com/broker/sp/external-service/login?messageId=5e551000-0000-4000-8000-000000000001
	// status: SUCCESS via nbid
	// subject: Kari Nordmann 01018012345
	// token requests: 1
}
