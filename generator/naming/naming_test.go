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
		{"callbackUrls", "CallbackURLs"},
		{"callbackURLs", "CallbackURLs"},
		{"document_ids", "DocumentIDs"},
		{"documentIds", "DocumentIDs"},
		{"documentIDs", "DocumentIDs"},
		{"redirectUris", "RedirectURIs"},
		{"redirect_URIs", "RedirectURIs"},
		{"IDS", "IDs"},
		{"apis", "APIs"},
		{"sha256", "SHA256"},
		{"SHA-256", "SHA256"},
		{"sha256Sum", "SHA256Sum"},
		{"httpsProxy", "HTTPSProxy"},
		{"HTTPSProxy", "HTTPSProxy"},
		{"https", "HTTPS"},
		{"status", "Status"},
		{"URLsList", "URLsList"},
		{"http2Server", "HTTP2Server"},
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
		{"ids", "ids"},
		{"URLs", "urls"},
		{"redirectURIs", "redirectURIs"},
	}
	for _, tt := range tests {
		if got := Unexported(tt.in); got != tt.want {
			t.Errorf("Unexported(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestExportedIdempotent pins that a Go name made by Exported comes back
// unchanged: the model passes names it built (a parent type's name joined
// with a property's) through Exported again.
func TestExportedIdempotent(t *testing.T) {
	for _, in := range []string{
		"callbackUrls", "document_ids", "redirect_uris", "sha256", "https_proxy", "DocumentHash",
		"hash_algorithm", "signicat-accountId", "v2beta", "ui_language", "user_id", "http2_server",
	} {
		once := Exported(in)
		if twice := Exported(once); twice != once {
			t.Errorf("Exported(Exported(%q)) = %q, want %q", in, twice, once)
		}
	}
}

func TestNamerInitialisms(t *testing.T) {
	n := NewNamer("loa", "OIDC")
	tests := []struct{ in, want string }{
		{"requestedLoa", "RequestedLOA"},
		{"oidc_providers", "OIDCProviders"},
		{"oidcs", "OIDCs"},
		{"document_ids", "DocumentIDs"},
	}
	for _, tt := range tests {
		if got := n.Exported(tt.in); got != tt.want {
			t.Errorf("Exported(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Exported("requestedLoa"); got != "RequestedLoa" {
		t.Errorf("package Exported(requestedLoa) = %q, want RequestedLoa (LOA is not a default initialism)", got)
	}
}

func TestJoin(t *testing.T) {
	tests := []struct{ parent, child, want string }{
		// The parent's last word repeated at the start of child is dropped.
		{"DocumentHash", "HashAlgorithm", "DocumentHashAlgorithm"},
		{"SessionSignature", "SignatureType", "SessionSignatureType"},
		{"Signature", "SignatureType", "SignatureType"},
		// The longest overlap wins.
		{"UserAccount", "UserAccountStatus", "UserAccountStatus"},
		{"UserAccount", "AccountStatus", "UserAccountStatus"},
		// Never all of child: the result stays longer than parent.
		{"DocumentHash", "Hash", "DocumentHashHash"},
		{"Order", "Order", "OrderOrder"},
		// No overlap.
		{"Document", "Hash", "DocumentHash"},
		{"Documents", "DocumentType", "DocumentsDocumentType"},
		// Whole words, matched with their case.
		{"UUID", "IDValue", "UUIDIDValue"},
		{"Rehash", "HashAlgorithm", "RehashHashAlgorithm"},
		{"HTTPSProxy", "ProxyURL", "HTTPSProxyURL"},
		{"DocumentIDs", "IDsList", "DocumentIDsList"},
		{"Session", "IDs", "SessionIDs"},
		{"AlgorithmSHA256", "SHA256Digest", "AlgorithmSHA256Digest"},
		{"Hash", "HashSHA256", "HashSHA256"},
		// Enum constants: the type name and the value's name.
		{"SessionSignatureType", "TypePades", "SessionSignatureTypePades"},
		{"OrderStatus", "Status", "OrderStatusStatus"},
	}
	for _, tt := range tests {
		if got := Join(tt.parent, tt.child); got != tt.want {
			t.Errorf("Join(%q, %q) = %q, want %q", tt.parent, tt.child, got, tt.want)
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

// FuzzJoin checks that Join of two exported names is a valid identifier
// that starts with parent, is longer than it, and ends with a suffix of
// child.
func FuzzJoin(f *testing.F) {
	f.Add("DocumentHash", "hashAlgorithm")
	f.Add("UUID", "id_value")
	f.Add("HTTPSProxy", "proxy-urls")
	f.Fuzz(func(t *testing.T, a, b string) {
		parent, child := Exported(a), Exported(b)
		got := Join(parent, child)
		if !token.IsIdentifier(got) || !token.IsExported(got) {
			t.Fatalf("Join(%q, %q) = %q: not a valid exported identifier", parent, child, got)
		}
		if len(got) <= len(parent) || got[:len(parent)] != parent {
			t.Fatalf("Join(%q, %q) = %q: does not extend parent", parent, child, got)
		}
		if rest := got[len(parent):]; rest != child[len(child)-len(rest):] {
			t.Fatalf("Join(%q, %q) = %q: does not end with a suffix of child", parent, child, got)
		}
	})
}
