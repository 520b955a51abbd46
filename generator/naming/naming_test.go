package naming

import (
	"go/token"
	"testing"
)

func TestExported(t *testing.T) {
	tests := []struct{ in, want string }{
		{"getThing", "GetThing"},
		{"list-users", "ListUsers"},
		{"signicat-accountId", "SignicatAccountID"},
		{"@type", "Type"},
		{"2fa", "X2fa"},
		{"id", "ID"},
		{"callbackUrls", "CallbackUrls"},
		{"HTTPServer", "HTTPServer"},
		{"user_id", "UserID"},
		{"", "X"},
		{"---", "X"},
		{"type", "Type"},
		{"émail", "Émail"},
		{"日本", "X日本"},
		{"v2beta", "V2beta"},
		{"apiKey", "APIKey"},
		{"uuid", "UUID"},
		{"ID", "ID"},
		{"x-sigen", "XSigen"},
	}
	for _, tt := range tests {
		if got := Exported(tt.in); got != tt.want {
			t.Errorf("Exported(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnexported(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Type", "type_"},
		{"id", "id"},
		{"ID", "id"},
		{"accountId", "accountID"},
		{"string", "string_"},
		{"len", "len_"},
		{"1st", "x1st"},
	}
	for _, tt := range tests {
		if got := Unexported(tt.in); got != tt.want {
			t.Errorf("Unexported(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPackage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"authentication", "authentication"},
		{"Sign-API v2", "signapiv2"},
		{"2ch", "ch"},
		{"type", "typeapi"},
		{"", "api"},
		{"日本", "api"},
	}
	for _, tt := range tests {
		if got := Package(tt.in); got != tt.want {
			t.Errorf("Package(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScope(t *testing.T) {
	s := NewScope("Client")
	for _, want := range []string{"Client2", "Client3"} {
		if got := s.Unique("Client"); got != want {
			t.Errorf("Unique(Client) = %q, want %q", got, want)
		}
	}
	if got := s.Unique("Pet"); got != "Pet" {
		t.Errorf("Unique(Pet) = %q, want Pet", got)
	}
}

// FuzzExported checks that any input gives a valid, exported, non-keyword
// identifier, the same one every time.
func FuzzExported(f *testing.F) {
	for _, s := range []string{"getThing", "list-users", "@type", "2fa", "", "日本", "\xff", "a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id := Exported(s)
		if !token.IsIdentifier(id) || !token.IsExported(id) {
			t.Fatalf("Exported(%q) = %q: not a valid exported identifier", s, id)
		}
		if id != Exported(s) {
			t.Fatalf("Exported(%q) not deterministic", s)
		}
		u := Unexported(s)
		if !token.IsIdentifier(u) || IsReserved(u) {
			t.Fatalf("Unexported(%q) = %q: invalid or reserved", s, u)
		}
	})
}
