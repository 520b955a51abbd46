package sign_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"

	"github.com/sigen-dev/sigen/generated/signicat/sign"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// Example uploads a PDF, puts it in a document collection, asks a signer
// to sign it, and downloads the signed result.
func Example() {
	// In-process fakes of api.signicat.com: the token endpoint and the Sign
	// API. Against the real API, drop them and the WithBaseURL and
	// WithTokenURL options below.
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "sandbox-round-apple-123", ClientSecret: "fakeCl13n7S3Cr3T"})
	defer tokens.Close()
	api := fakeapi.NewSignicatSign(tokens)
	defer api.Close()

	c, err := sign.NewClient(
		sign.WithClientCredentials("sandbox-round-apple-123", "fakeCl13n7S3Cr3T"),
		sign.WithBaseURL(api.BaseURL()),
		sign.WithTokenURL(tokens.TokenURL()),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// A *bytes.Reader lets the upload be replayed if its token is refused.
	doc, err := c.UploadDocumentWithPDF(ctx, bytes.NewReader([]byte("%PDF-1.7\n...contract...\n%%EOF\n")))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("uploaded:", doc.DocumentID, *doc.MimeType)

	col, err := c.CreateDocumentCollection(ctx, sign.DocumentCollection{
		Documents: []sign.DocumentReference{{DocumentID: doc.DocumentID}},
	})
	if err != nil {
		log.Fatal(err)
	}

	sessions, err := c.CreateSigningSessions(ctx, []sign.SigningSession{{
		Title: "Employment contract",
		Documents: []sign.SessionDocument{{
			Action: sign.SessionDocumentActionSign, DocumentCollectionID: *col.ID, DocumentID: doc.DocumentID,
		}},
		SigningSetup: []sign.SigningSetup{{
			SigningFlow:       sign.SigningSetupSigningFlowAuthenticationBased,
			IdentityProviders: []sign.IdentityProvider{{IdpName: "nbid"}},
		}},
	}})
	if err != nil {
		log.Fatal(err)
	}
	s := sessions[0]
	fmt.Println("signer goes to:", *s.SignatureURL)

	// The signer signs.
	api.Sign(*s.ID)

	got, err := c.GetSigningSession(ctx, *s.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("state:", *got.Lifecycle.State)
	result, err := c.GetDocument(ctx, got.Output.Signatures[0].ResultDocumentID)
	if err != nil {
		log.Fatal(err)
	}
	defer result.Close()
	signed, err := io.ReadAll(result)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("signed document: %d bytes, %s signature\n", len(signed), got.Output.Signatures[0].SignatureType)
	fmt.Println("token requests:", tokens.TokenRequests())

	// Output:
	// uploaded: d0c00000-0000-4000-8000-000000000001 application/pdf
	// signer goes to: https://example.sandbox.signicat.com/sign/?sessionId=5e551000-0000-4000-8000-000000000003
	// state: SIGNED
	// signed document: 49 bytes, PADES signature
	// token requests: 1
}

// ExampleClient_ListSigningSessionsAll walks every signing session; the
// iterator follows links.next from page to page.
func ExampleClient_ListSigningSessionsAll() {
	tokens := authtest.NewSignicat(authtest.SignicatConfig{})
	defer tokens.Close()
	api := fakeapi.NewSignicatSign(tokens)
	defer api.Close()
	c, err := sign.NewClient(
		sign.WithClientCredentials("sandbox-round-apple-123", "fakeCl13n7S3Cr3T"),
		sign.WithBaseURL(api.BaseURL()),
		sign.WithTokenURL(tokens.TokenURL()),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	doc, _ := c.UploadDocumentWithText(ctx, bytes.NewReader([]byte("I agree.")))
	col, _ := c.CreateDocumentCollection(ctx, sign.DocumentCollection{Documents: []sign.DocumentReference{{DocumentID: doc.DocumentID}}})
	var batch []sign.SigningSession
	for _, title := range []string{"Alice", "Bob", "Carol"} {
		batch = append(batch, sign.SigningSession{
			Title:        title,
			Documents:    []sign.SessionDocument{{Action: sign.SessionDocumentActionSign, DocumentCollectionID: *col.ID, DocumentID: doc.DocumentID}},
			SigningSetup: []sign.SigningSetup{{SigningFlow: sign.SigningSetupSigningFlowAuthenticationBased, IdentityProviders: []sign.IdentityProvider{{IdpName: "sbid"}}}},
		})
	}
	if _, err := c.CreateSigningSessions(ctx, batch); err != nil {
		log.Fatal(err)
	}

	limit := int32(2) // two per page: the walk takes two requests
	for s, err := range c.ListSigningSessionsAll(ctx, &sign.ListSigningSessionsParams{Limit: &limit, Sort: []string{"+createdAt"}}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(s.Title, *s.Lifecycle.State)
	}
	fmt.Println("pages fetched:", api.Len()-3)

	// Output:
	// Alice READY
	// Bob READY
	// Carol READY
	// pages fetched: 2
}
