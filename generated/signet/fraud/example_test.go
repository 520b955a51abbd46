package fraud_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/sigen-dev/sigen/generated/signet/fraud"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// Example blacklists a user, checks the status, lists the blacklist and
// lifts the blacklisting. The client generates one Signet token and reuses
// it for every call.
func Example() {
	// In-process fakes of api.getsignet.xyz: the token service and the
	// fraud API, on a fake clock so that dates are fixed. Against the real
	// API, drop them and the WithBaseURL, WithTokenURL and WithClock options.
	clock := authtest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	tokens := authtest.NewSignet(authtest.SignetConfig{APIKey: "pk_test_5f1c2d", APISecret: "sk_test_9a8b7c6d", Clock: clock})
	defer tokens.Close()
	api := fakeapi.NewSignetFraud(tokens, fakeapi.WithClock(clock))
	defer api.Close()

	c, err := fraud.NewClient(
		fraud.WithSignetCredentials("pk_test_5f1c2d", "sk_test_9a8b7c6d"),
		fraud.WithBaseURL(api.BaseURL()),
		fraud.WithTokenURL(tokens.GenerateURL()),
		fraud.WithClock(clock),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	const user = "3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c"

	category, severity := fraud.BlacklistCategoryPaymentFraud, fraud.SeverityHigh
	res, err := c.CreateBlacklistEntry(ctx, fraud.BlacklistRequest{
		UserID:   user,
		Reasons:  []string{"chargeback_abuse"},
		Category: &category,
		Severity: &severity,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Data.Message)

	st, err := c.CheckBlacklistStatus(ctx, user)
	if err != nil {
		log.Fatal(err)
	}
	reason, _ := st.Data.Reason.Get()
	since, _ := st.Data.BlacklistedAt.Get()
	fmt.Println("blacklisted:", st.Data.IsBlacklisted, reason, since.Format(time.RFC3339))

	for entry, err := range c.ListBlacklistedUsersAll(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("listed:", entry.UserID, *entry.Category, *entry.Severity)
	}

	if _, err := c.RemoveBlacklistEntry(ctx, user); err != nil {
		log.Fatal(err)
	}
	st, err = c.CheckBlacklistStatus(ctx, user)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("blacklisted:", st.Data.IsBlacklisted)
	fmt.Println("tokens generated:", tokens.GenerateRequests(), "refreshed:", tokens.RefreshRequests())

	// Output:
	// User blacklisted successfully. Partner ID: 9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a
	// blacklisted: true chargeback_abuse 2026-11-24T08:00:00Z
	// listed: 3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c PAYMENT_FRAUD HIGH
	// blacklisted: false
	// tokens generated: 1 refreshed: 0
}
