package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// loadDoc returns the kin-openapi document of data (the root file as JSON)
// with its $refs resolved, as loader.LoadFromDataWithPath would.
//
// kin-openapi decodes a document in one goroutine, and decodes the whole of
// paths, components and the document once more into generic maps to find
// their extensions (paths even a third time, through json.Marshal). loadDoc
// instead decodes the document's small top-level members with kin-openapi,
// then every path item, webhook and component on its own, in parallel and
// in one pass each (kinjson.go), and resolves the $refs of the assembled
// document with the same loader. The
// result is the document kin-openapi builds (TestParallelDecodeEqualsKin);
// whenever the document has a shape this does not cover, or any part fails
// to decode, loadDoc uses kin-openapi's own loading, so errors are always
// kin-openapi's.
func (s *Spec) loadDoc(newLoader func() *openapi3.Loader, data []byte, loc *url.URL) (*openapi3.T, error) {
	read := len(s.refFiles)
	if doc, ok := decodeParallel(newLoader(), data, loc, s.validJSON); ok {
		return doc, nil
	}
	s.refFiles = s.refFiles[:read] // read again by the second loader
	return newLoader().LoadFromDataWithPath(data, loc)
}

// heavy are the top-level members loadDoc decodes piecewise.
var heavy = []string{"paths", "components", "webhooks"}

// decodeParallel is loadDoc's fast path; ok is false when the caller must
// load data with kin-openapi instead.
//
// valid says that data is known to be well-formed JSON (Data's repair pass
// decoded it); otherwise decodeParallel checks first.
func decodeParallel(loader *openapi3.Loader, data []byte, loc *url.URL, valid bool) (doc *openapi3.T, ok bool) {
	if !valid && !json.Valid(data) {
		return nil, false
	}
	top, ok := objectMembers(data)
	if !ok {
		return nil, false
	}
	// encoding/json matches struct fields without regard to case: a key
	// that is a known member in another case goes the slow way.
	for k := range top {
		for _, h := range heavy {
			if k != h && strings.EqualFold(k, h) {
				return nil, false
			}
		}
	}
	light := make(map[string]json.RawMessage, len(top))
	for k, v := range top {
		if !slices.Contains(heavy, k) {
			light[k] = v
		}
	}
	lightJSON, err := json.Marshal(light)
	if err != nil {
		return nil, false
	}

	var d decoder
	var paths *openapi3.Paths
	if raw, ok := top["paths"]; ok && !isNull(raw) {
		paths = d.paths(raw)
	}
	var comps *openapi3.Components
	if raw, ok := top["components"]; ok && !isNull(raw) {
		comps = d.components(raw)
	}
	var hooks map[string]*openapi3.PathItem
	if raw, ok := top["webhooks"]; ok && !isNull(raw) {
		hooks = decodeMap[map[string]*openapi3.PathItem](&d, raw, kinPathItem)
	}
	if d.failed || !d.run() {
		return nil, false
	}

	doc, err = loader.LoadFromDataWithPath(lightJSON, loc)
	if err != nil {
		return nil, false
	}
	doc.Paths, doc.Components, doc.Webhooks = paths, comps, hooks
	if err := loader.ResolveRefsIn(doc, loc); err != nil {
		return nil, false
	}
	return doc, true
}

// A decoder collects decoding jobs, one per path item, webhook or
// component, and runs them in parallel.
type decoder struct {
	jobs   []job
	failed bool // a container is not what decoding it piecewise expects
}

type job struct {
	size   int
	decode func() error
}

func (d *decoder) add(raw json.RawMessage, decode func() error) {
	d.jobs = append(d.jobs, job{len(raw), decode})
}

// run runs the jobs, largest first, on GOMAXPROCS goroutines and reports
// whether they all succeeded.
func (d *decoder) run() bool {
	slices.SortStableFunc(d.jobs, func(a, b job) int { return b.size - a.size })
	var (
		next   = make(chan func() error)
		failed = make(chan struct{}, 1)
		wg     sync.WaitGroup
	)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for f := range next {
				if safely(f) != nil {
					select {
					case failed <- struct{}{}:
					default:
					}
				}
			}
		})
	}
	for _, j := range d.jobs {
		next <- j.decode
	}
	close(next)
	wg.Wait()
	return len(failed) == 0
}

// safely runs f, turning a panic into an error: loadDoc then loads the
// document with kin-openapi alone, on the caller's goroutine, as before.
func safely(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("decode panicked: %v", r)
		}
	}()
	return f()
}

// paths decodes a paths object as openapi3.Paths.UnmarshalJSON does:
// members named x-... are extensions, every other member is a path item.
func (d *decoder) paths(raw json.RawMessage) *openapi3.Paths {
	members, ok := objectMembers(raw)
	if !ok {
		d.failed = true
		return nil
	}
	paths := openapi3.NewPathsWithCapacity(len(members))
	paths.Extensions = make(map[string]any)
	var mu sync.Mutex
	for k, v := range members {
		if strings.HasPrefix(k, "x-") {
			var x any
			if json.Unmarshal(v, &x) != nil {
				d.failed = true
			}
			paths.Extensions[k] = x
			continue
		}
		if isNull(v) {
			// Rare; Paths.UnmarshalJSON knows what it makes of it.
			d.failed = true
			continue
		}
		d.add(v, func() error {
			item, err := decodeKin(v, kinPathItem)
			if err != nil {
				return err
			}
			mu.Lock()
			paths.Set(k, item)
			mu.Unlock()
			return nil
		})
	}
	return paths
}

// components decodes a components object as
// openapi3.Components.UnmarshalJSON does.
func (d *decoder) components(raw json.RawMessage) *openapi3.Components {
	members, ok := objectMembers(raw)
	if !ok {
		d.failed = true
		return nil
	}
	c := &openapi3.Components{}
	for k, v := range members {
		switch k {
		case "schemas":
			c.Schemas = decodeMap[openapi3.Schemas](d, v, kinSchemaRef)
		case "parameters":
			c.Parameters = decodeMap[openapi3.ParametersMap](d, v, kinParameterRef)
		case "headers":
			c.Headers = decodeMap[openapi3.Headers](d, v, kinHeaderRef)
		case "requestBodies":
			c.RequestBodies = decodeMap[openapi3.RequestBodies](d, v, kinRequestBodyRef)
		case "responses":
			c.Responses = decodeMap[openapi3.ResponseBodies](d, v, kinResponseRef)
		case "securitySchemes":
			c.SecuritySchemes = decodeMap[openapi3.SecuritySchemes](d, v, nil)
		case "examples":
			c.Examples = decodeMap[openapi3.Examples](d, v, kinExampleRef)
		case "links":
			c.Links = decodeMap[openapi3.Links](d, v, nil)
		case "callbacks":
			c.Callbacks = decodeMap[openapi3.Callbacks](d, v, nil)
		default:
			if slices.ContainsFunc(componentMembers, func(s string) bool { return strings.EqualFold(s, k) }) {
				// Another case of a known member: see decodeParallel.
				d.failed = true
				continue
			}
			// Components.UnmarshalJSON keeps every other member,
			// x-... or not, as an extension.
			var x any
			if json.Unmarshal(v, &x) != nil {
				d.failed = true
			}
			if c.Extensions == nil {
				c.Extensions = map[string]any{}
			}
			c.Extensions[k] = x
		}
	}
	return c
}

var componentMembers = []string{"schemas", "parameters", "headers", "requestBodies", "responses", "securitySchemes", "examples", "links", "callbacks"}

// decodeMap decodes a JSON object whose members are V into M, one job per
// member, with dec (kinjson.go) or, if dec is nil, with encoding/json.
// The map is filled while the jobs run; it is read only after run.
func decodeMap[M ~map[string]*V, V any](d *decoder, raw json.RawMessage, dec func(*kinReader) *V) M {
	if isNull(raw) {
		return nil
	}
	members, ok := objectMembers(raw)
	if !ok {
		d.failed = true
		return nil
	}
	m := make(M, len(members))
	for k, v := range members {
		if isNull(v) {
			m[k] = nil
			continue
		}
		// Allocate every value now so that the jobs write only
		// through their own pointer, never to the map.
		p := new(V)
		m[k] = p
		if dec == nil {
			d.add(v, func() error { return json.Unmarshal(v, p) })
			continue
		}
		d.add(v, func() error {
			q, err := decodeKin(v, dec)
			if err == nil {
				*p = *q
			}
			return err
		})
	}
	return m
}

// objectMembers returns the members of the object raw, well-formed JSON,
// by name: the last of repeated ones, as encoding/json decodes a map. The
// values are raw's own bytes, not copies. ok is false if raw is not an
// object.
func objectMembers(raw []byte) (m map[string]json.RawMessage, ok bool) {
	p, err := decodeKin(raw, func(r *kinReader) *map[string]json.RawMessage {
		r.open('{')
		m := map[string]json.RawMessage{}
		for r.more('}') {
			k := string(r.key())
			m[k] = r.skip()
		}
		return &m
	})
	if err != nil {
		return nil, false
	}
	return *p, true
}

func isNull(raw json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}
