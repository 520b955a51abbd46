package resolve

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sigen-dev/sigen/generator/model"
	"github.com/sigen-dev/sigen/generator/naming"
)

// patternVars names the package-level regexps of Validate methods
// "pattern" + type + field, with a numeric suffix where two pairs give the
// same name (A.BC and AB.C).
func patternVars(types []*model.Named) {
	scope := naming.NewScope()
	for _, n := range types {
		if n.Struct == nil {
			continue
		}
		for _, fl := range n.Struct.Fields {
			if fl.Check != nil && fl.Check.Pattern != "" {
				fl.PatternVar = scope.Unique("pattern" + n.Name + fl.Name)
			}
		}
	}
}

// Layout settles the names that depend on how the Go package pkg is
// split: with splitByTag, the sub-package of each tag (api.TagPackages);
// and the package-level variable that holds each operation's security
// requirement, numbered per (sub-)package in operation order; and, split,
// the client's Rest method, renamed if a method of the root package's
// operations has its name.
// Build lays out an unsplit package; call Layout again to split it.
func Layout(api *model.API, pkg string, splitByTag bool) {
	api.TagPackages = nil
	group := func(op *model.Operation) string { return "" }
	if splitByTag {
		api.TagPackages = tagPackages(api, pkg)
		group = func(op *model.Operation) string {
			if len(op.Tags) == 0 {
				return ""
			}
			return api.TagPackages[op.Tags[0]]
		}
	}
	api.Client.Rest = clientNames.Rest
	if splitByTag {
		// The root package's operation methods are methods of the same
		// Client.
		methods := naming.NewScope()
		for _, op := range api.Operations {
			if group(op) != "" {
				continue
			}
			methods.Reserve(op.Name)
			methods.Reserve(op.IterName)
			for _, b := range op.Bodies {
				methods.Reserve(b.Suffix)
			}
		}
		api.Client.Rest = methods.Unique(clientNames.Rest)
	}
	vars := map[string]map[string]string{} // group -> requirement -> variable
	for _, op := range api.Operations {
		op.SecurityVar = ""
		if op.NoSecurity || len(op.Security) == 0 {
			continue
		}
		g := group(op)
		if vars[g] == nil {
			vars[g] = map[string]string{}
		}
		k := securityKey(op.Security)
		if _, ok := vars[g][k]; !ok {
			vars[g][k] = fmt.Sprintf("security%d", len(vars[g]))
		}
		op.SecurityVar = vars[g][k]
	}
}

// tagPackages names a package for each first tag of an operation. Tag
// packages must not take the name of the root package or of an import the
// generated code uses.
func tagPackages(api *model.API, pkg string) map[string]string {
	scope := naming.NewScope(pkg, "rest", "oas", "auth", "http", "json", "context", "io", "iter",
		"fmt", "strings", "url", "time", "slices", "maps", "utf8", "slog")
	seen := map[string]bool{}
	var tags []string
	for _, op := range api.Operations {
		if len(op.Tags) > 0 && !seen[op.Tags[0]] {
			seen[op.Tags[0]] = true
			tags = append(tags, op.Tags[0])
		}
	}
	sort.Strings(tags)
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[t] = scope.Unique(naming.Package(t))
	}
	return out
}

// securityKey identifies a security requirement: alternatives joined by
// "|", the schemes of each by "&".
func securityKey(sec [][]string) string {
	alts := make([]string, len(sec))
	for i, alt := range sec {
		alts[i] = strings.Join(alt, "&")
	}
	return strings.Join(alts, "|")
}
