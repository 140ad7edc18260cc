package cases

import (
	"strings"
	"testing"
)

func TestHashPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("HashPassword() = %q, want an argon2id PHC string", h)
	}
	if !CheckPassword(h, "correct horse battery") {
		t.Error("CheckPassword(right password) = false, want true")
	}
	for _, wrong := range []string{"correct horse batterx", "", strings.Repeat("a", 300)} {
		if CheckPassword(h, wrong) {
			t.Errorf("CheckPassword(%q) = true, want false", wrong)
		}
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal, want different salts")
	}
	if _, err := HashPassword("short"); ErrorField(err) != "password" {
		t.Errorf("HashPassword(short) error = %v, want a password validation error", err)
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=1,t=1,p=1$!!$!!", "$bcrypt$x", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$a2V5"} {
		if CheckPassword(bad, "whatever") {
			t.Errorf("CheckPassword(%q) = true, want false", bad)
		}
	}
	if !strings.HasPrefix(dummyHash, "$argon2id$") || CheckPassword(dummyHash, "anything at all") {
		t.Error("dummyHash must be a parseable argon2id hash that matches nothing")
	}
}
