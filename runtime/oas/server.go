package oas

import (
	"bytes"
	"fmt"
)

// ServerTemplate is a server URL with variables, as an OpenAPI document
// declares it. Generated packages list theirs in Servers.
type ServerTemplate struct {
	// URL is the template, with variables in braces: "https://{region}.example.com".
	URL string
	// Defaults holds each variable's default value.
	Defaults map[string]string
	// Enums holds, for variables that declare one, the allowed values.
	Enums map[string][]string
	// Variables lists the variable names in declaration order.
	Variables []string
}

// Expand substitutes vars (falling back to the defaults) into the URL,
// refusing values outside a variable's enum.
func (s ServerTemplate) Expand(vars map[string]string) (string, error) {
	u := s.URL
	for _, name := range s.Variables {
		v, ok := vars[name]
		if !ok {
			v = s.Defaults[name]
		}
		if enum := s.Enums[name]; len(enum) > 0 && ok {
			found := false
			for _, e := range enum {
				if e == v {
					found = true
				}
			}
			if !found {
				return "", fmt.Errorf("server variable %s: %q is not one of %v", name, v, enum)
			}
		}
		u = replaceAll(u, "{"+name+"}", v)
	}
	for name := range vars {
		if _, ok := s.Defaults[name]; !ok {
			return "", fmt.Errorf("server variable %s is not declared", name)
		}
	}
	return u, nil
}

func replaceAll(s, old, new string) string {
	return string(bytes.ReplaceAll([]byte(s), []byte(old), []byte(new)))
}
