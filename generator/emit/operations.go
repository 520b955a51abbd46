package emit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/sigen-dev/sigen/generator/model"
)

type variant struct {
	name string
	body *model.Body
}

// methodVariants lists the methods an operation gets: one per request
// content type (the first is the primary, named after the operation).
func (e *emitter) methodVariants(op *model.Operation) []variant {
	if len(op.Bodies) == 0 {
		return []variant{{name: op.Name}}
	}
	var vs []variant
	for i, b := range op.Bodies {
		name := op.Name
		if i > 0 {
			name = b.Suffix
		}
		vs = append(vs, variant{name: name, body: b})
	}
	return vs
}

// bodyType is the Go type of a body argument.
func (e *emitter) bodyArg(b *model.Body) *jen.Statement {
	switch b.Kind {
	case model.KindBinary:
		return jen.Qual("io", "Reader")
	case model.KindText:
		return jen.String()
	}
	if b.Pointer {
		return jen.Op("*").Add(e.typ(b.Type))
	}
	return e.typ(b.Type)
}

func (e *emitter) params(op *model.Operation, body *model.Body) []jen.Code {
	l := &e.api.Locals
	ps := []jen.Code{jen.Id(l.Ctx).Qual(ctxPkg, "Context")}
	for _, p := range op.PathParams {
		ps = append(ps, jen.Id(p.GoName).Add(e.typ(p.Type)))
	}
	if op.Params != nil {
		ps = append(ps, jen.Id(l.Params).Op("*").Add(e.typ(op.Params.Ref())))
	}
	if body != nil {
		ps = append(ps, jen.Id(l.Body).Add(e.bodyArg(body)))
	}
	ps = append(ps, jen.Id(l.Opts).Op("...").Id(e.api.Client.RequestOption))
	return ps
}

func (e *emitter) iterParams(op *model.Operation) []jen.Code {
	l := &e.api.Locals
	ps := []jen.Code{jen.Id(l.Ctx).Qual(ctxPkg, "Context")}
	for _, p := range op.PathParams {
		ps = append(ps, jen.Id(p.GoName).Add(e.typ(p.Type)))
	}
	ps = append(ps, jen.Id(l.Params).Op("*").Add(e.typ(op.Params.Ref())), jen.Id(l.Opts).Op("...").Id(e.api.Client.RequestOption))
	return ps
}

// resultType renders the method's first result, and whether it is a
// pointer to a decoded value.
func (e *emitter) resultType(op *model.Operation) (*jen.Statement, bool) {
	switch op.ResultKind {
	case "":
		return nil, false
	case "stream":
		return jen.Qual("io", "ReadCloser"), false
	case "text":
		return jen.String(), false
	}
	if op.ResultPointer {
		return jen.Op("*").Add(e.typ(op.Result)), true
	}
	return e.typ(op.Result), false
}

func (e *emitter) results(op *model.Operation) []jen.Code {
	rt, _ := e.resultType(op)
	if rt == nil {
		return []jen.Code{jen.Error()}
	}
	return []jen.Code{rt, jen.Error()}
}

// zero renders the zero value of the method's first result.
func (e *emitter) zero(op *model.Operation) *jen.Statement {
	switch op.ResultZero {
	case "":
		return nil
	case "nil":
		return jen.Nil()
	case "emptyString":
		return jen.Lit("")
	case "false":
		return jen.False()
	case "zero":
		return jen.Lit(0)
	}
	return jen.Op("*").New(e.typ(op.Result))
}

// withErr renders `return zero, err` or `return err`.
func (e *emitter) withErr(op *model.Operation, err jen.Code) *jen.Statement {
	if z := e.zero(op); z != nil {
		return jen.Return(z, err)
	}
	return jen.Return(err)
}

var styleConst = map[string]string{
	"simple": "StyleSimple", "label": "StyleLabel", "matrix": "StyleMatrix", "form": "StyleForm",
	"spaceDelimited": "StyleSpaceDelimited", "pipeDelimited": "StylePipeDelimited", "deepObject": "StyleDeepObject",
}

func style(s string) *jen.Statement {
	c, ok := styleConst[s]
	if !ok {
		c = "StyleForm"
	}
	return jen.Qual(model.ImplPath, c)
}

// value renders an oas.Value for expr, by the encoding the model chose
// (model.Param.Encoding).
func value(encoding string, expr *jen.Statement) *jen.Statement {
	switch encoding {
	case "string":
		return jen.Qual(model.ImplPath, "Scalar").Call(expr)
	case "list":
		return jen.Qual(model.ImplPath, "List").Call(jen.Qual(model.ImplPath, "FormatList").Call(expr).Op("..."))
	case "map":
		return jen.Qual(model.ImplPath, "Object").Call(jen.Qual(model.ImplPath, "MapPairs").Call(expr).Op("..."))
	case "struct":
		return jen.Qual(model.ImplPath, "Object").Call(jen.Qual(model.ImplPath, "StructPairs").Call(expr).Op("..."))
	}
	return jen.Qual(model.ImplPath, "Scalar").Call(jen.Qual(model.ImplPath, "Format").Call(expr))
}

func (e *emitter) operationsFile(g *group, ops []*model.Operation, withSecurity bool) *jen.File {
	f := e.newFile()
	if g.dir != "" {
		f = e.newFileIn(e.opts.ImportPath+"/"+g.dir, g.pkg)
	}
	// Security requirements, shared between the operations of the package
	// (declared in its first operations file).
	reqs := map[string][][]string{}
	var secOrder []string
	for _, op := range g.ops {
		if op.NoSecurity || op.SecurityVar == "" {
			continue
		}
		if _, ok := reqs[op.SecurityVar]; !ok {
			reqs[op.SecurityVar] = op.Security
			secOrder = append(secOrder, op.SecurityVar)
		}
	}
	if len(secOrder) > 0 && withSecurity {
		var defs []jen.Code
		for _, name := range secOrder {
			var alts []jen.Code
			for _, alt := range reqs[name] {
				var names []jen.Code
				for _, n := range alt {
					names = append(names, jen.Lit(n))
				}
				alts = append(alts, jen.Values(names...))
			}
			defs = append(defs, jen.Id(name).Op("=").Index().Index().String().Values(alts...))
		}
		f.Comment("Security requirements of the operations: alternatives of schemes applied together.")
		f.Var().Defs(defs...)
		f.Line()
	}
	for _, op := range ops {
		for _, v := range e.methodVariants(op) {
			e.method(f, op, v)
		}
		if op.Paginated != nil {
			e.iterator(f, op)
		}
	}
	return f
}

func (e *emitter) methodDoc(op *model.Operation, v variant) string {
	var parts []string
	head := fmt.Sprintf("%s sends %s %s.", v.name, op.Method, op.Path)
	if s := strings.TrimSpace(op.Summary); s != "" {
		head = fmt.Sprintf("%s sends %s %s: %s", v.name, op.Method, op.Path, s)
		if !strings.HasSuffix(s, ".") {
			head += "."
		}
	}
	parts = append(parts, head)
	if op.Doc != "" && op.Doc != op.Summary {
		parts = append(parts, strings.TrimSpace(op.Doc))
	}
	if v.body != nil && len(op.Bodies) > 1 {
		parts = append(parts, fmt.Sprintf("The request body is sent as %s.", v.body.ContentType))
	}
	switch {
	case v.body == nil || (v.body.Kind != model.KindBinary && v.body.Kind != model.KindMultipart):
	case !e.api.UsesToken(op):
		parts = append(parts, "The body is streamed, not buffered.")
	default:
		parts = append(parts, "The body is streamed, not buffered. Pass a *bytes.Reader, *bytes.Buffer or *strings.Reader to let the request be replayed once if its token is refused; any other reader cannot be replayed, and a refused token then fails the call with an error wrapping auth.ErrBodyNotReplayable.")
	}
	if op.ResultKind == "stream" {
		parts = append(parts, "The caller must close the returned body.")
	}
	if op.NoSecurity {
		parts = append(parts, "It sends no credentials.")
	}
	if op.Deprecated {
		parts = append(parts, "Deprecated: the spec marks this operation as deprecated.")
	}
	return sanitize(strings.Join(parts, "\n\n"))
}

func (e *emitter) method(f *jen.File, op *model.Operation, v variant) {
	l := &e.api.Locals
	var body []jen.Code
	opID := jen.Lit(op.ID)
	req := jen.Dict{
		jen.Id("Operation"): opID,
		jen.Id("Method"):    jen.Lit(op.Method),
		jen.Id("Path"):      e.pathExpr(op),
	}
	if op.NoSecurity {
		req[jen.Id("NoAuth")] = jen.True()
	} else if len(op.Security) > 0 {
		req[jen.Id("Security")] = jen.Id(op.SecurityVar)
	}
	if len(op.Servers) > 0 {
		req[jen.Id("Server")] = jen.Lit(defaultServer(op.Servers))
	}
	if accept := e.accept(op); accept != "" {
		req[jen.Id("Accept")] = jen.Lit(accept)
	}
	body = append(body, jen.Id(l.Req).Op(":=").Op("&").Qual(model.ImplPath, "Request").Values(req))
	if op.Params != nil {
		body = append(body, e.paramStmts(op)...)
	}
	if v.body != nil {
		body = append(body, e.bodyStmts(op, v.body)...)
	}
	body = append(body,
		jen.List(jen.Id(l.Resp), jen.Id(l.Err)).Op(":=").Id(l.Recv).Dot("rc").Dot("Do").Call(jen.Id(l.Ctx), jen.Id(l.Req), jen.Id(l.Opts)),
		jen.If(jen.Id(l.Err).Op("!=").Nil()).Block(e.withErr(op, jen.Id(l.Err))),
	)
	body = append(body, e.responseStmts(op)...)
	f.Add(lines(e.methodDoc(op, v)))
	f.Func().Params(jen.Id(l.Recv).Op("*").Id(e.api.Client.Client)).Id(v.name).Params(e.params(op, v.body)...).Params(e.results(op)...).Block(body...)
	f.Line()
}

func (e *emitter) accept(op *model.Operation) string {
	seen := map[string]bool{}
	var cts []string
	for _, r := range op.Responses {
		if r.ContentType != "" && !seen[r.ContentType] {
			seen[r.ContentType] = true
			cts = append(cts, r.ContentType)
		}
	}
	sort.Strings(cts)
	return strings.Join(cts, ", ")
}

// pathExpr builds the path with parameters substituted.
func (e *emitter) pathExpr(op *model.Operation) *jen.Statement {
	byName := map[string]*model.Param{}
	for _, p := range op.PathParams {
		byName[p.Name] = p
	}
	var parts []jen.Code
	rest := op.Path
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			parts = append(parts, jen.Lit(rest))
			break
		}
		if i > 0 {
			parts = append(parts, jen.Lit(rest[:i]))
		}
		name := rest[i+1 : j]
		if p := byName[name]; p != nil {
			var v *jen.Statement
			if p.JSON {
				v = jen.Qual(model.ImplPath, "Scalar").Call(jen.Qual(model.ImplPath, "JSONString").Call(jen.Id(p.GoName)))
			} else {
				v = value(p.Encoding, jen.Id(p.GoName))
			}
			parts = append(parts, jen.Qual(model.ImplPath, "PathParam").Call(jen.Lit(p.Name), style(p.Style), jen.Lit(p.Explode), v))
		} else {
			parts = append(parts, jen.Lit(rest[i:j+1]))
		}
		rest = rest[j+1:]
	}
	if len(parts) == 0 {
		return jen.Lit("")
	}
	s := jen.Add(parts[0])
	for _, p := range parts[1:] {
		s = s.Op("+").Add(p)
	}
	return s
}

func paramField(op *model.Operation, name string) *model.Field {
	st := op.Params.Struct
	for _, f := range st.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// paramStmts fills the query, headers and cookies from params.
func (e *emitter) paramStmts(op *model.Operation) []jen.Code {
	l := &e.api.Locals
	var inner []jen.Code
	if len(op.Query) > 0 {
		inner = append(inner, jen.Var().Id(l.Query).Qual(model.ImplPath, "Query"))
	}
	if len(op.Header) > 0 {
		inner = append(inner, jen.Id(l.Req).Dot("Header").Op("=").Qual(httpPkg, "Header").Values())
	}
	each := func(p *model.Param, add func(v *jen.Statement) *jen.Statement) {
		fl := paramField(op, p.GoName)
		src := jen.Id(l.Params).Dot(p.GoName)
		val := src.Clone()
		if fl != nil && fl.Pointer {
			val = jen.Op("*").Add(src.Clone())
		}
		stmt := add(val)
		if p.Nilable {
			inner = append(inner, jen.If(src.Clone().Op("!=").Nil()).Block(stmt))
		} else {
			inner = append(inner, stmt)
		}
	}
	for _, p := range op.Query {
		p := p
		each(p, func(v *jen.Statement) *jen.Statement {
			if p.JSON {
				return jen.Id(l.Query).Dot("AddRaw").Call(jen.Lit(p.Name), jen.Qual(model.ImplPath, "JSONString").Call(v))
			}
			return jen.Id(l.Query).Dot("Add").Call(jen.Lit(p.Name), style(p.Style), jen.Lit(p.Explode), jen.Lit(p.AllowReserved), value(p.Encoding, v))
		})
	}
	for _, p := range op.Header {
		p := p
		each(p, func(v *jen.Statement) *jen.Statement {
			var val *jen.Statement
			if p.JSON {
				val = jen.Qual(model.ImplPath, "JSONString").Call(v)
			} else {
				val = jen.Qual(model.ImplPath, "HeaderParam").Call(jen.Lit(p.Explode), value(p.Encoding, v))
			}
			return jen.Id(l.Req).Dot("Header").Dot("Set").Call(jen.Lit(p.Name), val)
		})
	}
	for _, p := range op.Cookie {
		p := p
		each(p, func(v *jen.Statement) *jen.Statement {
			var val *jen.Statement
			if p.JSON {
				val = jen.Lit(p.Name+"=").Op("+").Qual("net/url", "QueryEscape").Call(jen.Qual(model.ImplPath, "JSONString").Call(v))
			} else {
				val = jen.Qual(model.ImplPath, "CookieParam").Call(jen.Lit(p.Name), jen.Lit(p.Explode), value(p.Encoding, v))
			}
			return jen.Id(l.Req).Dot("Cookies").Op("=").Append(jen.Id(l.Req).Dot("Cookies"), val)
		})
	}
	if len(op.Query) > 0 {
		inner = append(inner, jen.Id(l.Req).Dot("Query").Op("=").Id(l.Query).Dot("Encode").Call())
	}
	return []jen.Code{
		jen.If(jen.Id(l.Params).Op("==").Nil()).Block(jen.Id(l.Params).Op("=").Op("&").Add(e.typ(op.Params.Ref())).Values()),
		jen.Block(inner...),
	}
}

func (e *emitter) bodyStmts(op *model.Operation, b *model.Body) []jen.Code {
	l := &e.api.Locals
	ct := jen.Lit(b.ContentType)
	encErr := e.withErr(op, jen.Qual("fmt", "Errorf").Call(jen.Lit(op.ID+": encode request body: %w"), jen.Id(l.Err)))
	var stmts []jen.Code
	switch b.Kind {
	case model.KindJSON:
		stmts = []jen.Code{
			jen.List(jen.Id(l.Data), jen.Id(l.Err)).Op(":=").Qual(encJSON, "Marshal").Call(jen.Id(l.Body)),
			jen.If(jen.Id(l.Err).Op("!=").Nil()).Block(encErr),
			jen.List(jen.Id(l.Req).Dot("Body"), jen.Id(l.Req).Dot("ContentType")).Op("=").List(jen.Id(l.Data), ct),
		}
	case model.KindText:
		stmts = []jen.Code{jen.List(jen.Id(l.Req).Dot("Body"), jen.Id(l.Req).Dot("ContentType")).Op("=").List(jen.Index().Byte().Parens(jen.Id(l.Body)), ct)}
	case model.KindBinary:
		stmts = []jen.Code{jen.List(jen.Id(l.Req).Dot("Stream"), jen.Id(l.Req).Dot("ContentType")).Op("=").List(jen.Id(l.Body), ct)}
	case model.KindForm:
		stmts = e.formStmts(b, ct)
	case model.KindMultipart:
		stmts = e.multipartStmts(b)
	}
	if b.Nilable {
		return []jen.Code{jen.If(jen.Id(l.Body).Op("!=").Nil()).Block(stmts...)}
	}
	return stmts
}

func (e *emitter) bodyFieldExprs(b *model.Body, part *model.Part) (src, val *jen.Statement, check bool) {
	l := &e.api.Locals
	src = jen.Id(l.Body).Dot(part.GoName)
	val = src.Clone()
	var fl *model.Field
	if n := e.named(b.Type); n != nil {
		if st := n.Struct; st != nil {
			for _, f := range st.Fields {
				if f.Name == part.GoName {
					fl = f
				}
			}
		}
	}
	if fl != nil && fl.Pointer {
		return src, jen.Op("*").Add(src.Clone()), part.Nilable
	}
	return src, val, part.Nilable
}

func (e *emitter) formStmts(b *model.Body, ct *jen.Statement) []jen.Code {
	l := &e.api.Locals
	if len(b.Parts) == 0 {
		// A map of strings.
		return []jen.Code{
			jen.Var().Id(l.Form).Qual(model.ImplPath, "Query"),
			jen.For(jen.List(jen.Id("_"), jen.Id(l.Key)).Op(":=").Range().Qual("slices", "Sorted").Call(jen.Qual("maps", "Keys").Call(jen.Id(l.Body)))).Block(
				jen.Id(l.Form).Dot("Add").Call(jen.Id(l.Key), jen.Qual(model.ImplPath, "StyleForm"), jen.True(), jen.False(), jen.Qual(model.ImplPath, "Scalar").Call(jen.Id(l.Body).Index(jen.Id(l.Key)))),
			),
			jen.List(jen.Id(l.Req).Dot("Body"), jen.Id(l.Req).Dot("ContentType")).Op("=").List(jen.Index().Byte().Parens(jen.Id(l.Form).Dot("Encode").Call()), ct),
		}
	}
	stmts := []jen.Code{jen.Var().Id(l.Form).Qual(model.ImplPath, "Query")}
	for _, p := range b.Parts {
		src, val, check := e.bodyFieldExprs(b, p)
		var add *jen.Statement
		if p.Style == "form" {
			add = jen.Id(l.Form).Dot("Add").Call(jen.Lit(p.Name), jen.Qual(model.ImplPath, "StyleForm"), jen.True(), jen.False(), value(p.Encoding, val))
		} else {
			add = jen.Id(l.Form).Dot("AddRaw").Call(jen.Lit(p.Name), jen.Qual(model.ImplPath, "JSONString").Call(val))
		}
		if check {
			stmts = append(stmts, jen.If(src.Clone().Op("!=").Nil()).Block(add))
		} else {
			stmts = append(stmts, add)
		}
	}
	stmts = append(stmts, jen.List(jen.Id(l.Req).Dot("Body"), jen.Id(l.Req).Dot("ContentType")).Op("=").List(jen.Index().Byte().Parens(jen.Id(l.Form).Dot("Encode").Call()), ct))
	return stmts
}

func (e *emitter) multipartStmts(b *model.Body) []jen.Code {
	l := &e.api.Locals
	if len(b.Parts) == 0 {
		return []jen.Code{jen.List(jen.Id(l.Req).Dot("Stream"), jen.Id(l.Req).Dot("ContentType")).Op("=").List(jen.Id(l.Body), jen.Lit(b.ContentType))}
	}
	stmts := []jen.Code{jen.Var().Id(l.Parts).Index().Qual(model.ImplPath, "Part")}
	for _, p := range b.Parts {
		src, val, check := e.bodyFieldExprs(b, p)
		part := jen.Dict{jen.Id("Name"): jen.Lit(p.Name)}
		if p.ContentType != "" {
			part[jen.Id("ContentType")] = jen.Lit(p.ContentType)
		}
		var add *jen.Statement
		switch {
		case p.Style == "files":
			part[jen.Id("Filename")] = jen.Lit(p.Name)
			part[jen.Id("Body")] = jen.Id(l.File)
			add = jen.For(jen.List(jen.Id("_"), jen.Id(l.File)).Op(":=").Range().Add(val)).Block(
				jen.Id(l.Parts).Op("=").Append(jen.Id(l.Parts), jen.Qual(model.ImplPath, "Part").Values(part)))
			check = false
		case p.Style == "file":
			part[jen.Id("Filename")] = jen.Lit(p.Name)
			part[jen.Id("Body")] = val
			add = jen.Id(l.Parts).Op("=").Append(jen.Id(l.Parts), jen.Qual(model.ImplPath, "Part").Values(part))
			check = true
		case p.Style == "text":
			part[jen.Id("Body")] = jen.Qual("strings", "NewReader").Call(jen.Qual(model.ImplPath, "Format").Call(val))
			add = jen.Id(l.Parts).Op("=").Append(jen.Id(l.Parts), jen.Qual(model.ImplPath, "Part").Values(part))
		default:
			if p.ContentType == "" {
				part[jen.Id("ContentType")] = jen.Lit("application/json")
			}
			part[jen.Id("Body")] = jen.Qual("strings", "NewReader").Call(jen.Qual(model.ImplPath, "JSONString").Call(val))
			add = jen.Id(l.Parts).Op("=").Append(jen.Id(l.Parts), jen.Qual(model.ImplPath, "Part").Values(part))
		}
		if check {
			stmts = append(stmts, jen.If(src.Clone().Op("!=").Nil()).Block(add))
		} else {
			stmts = append(stmts, add)
		}
	}
	stmts = append(stmts, jen.List(jen.Id(l.Req).Dot("Stream"), jen.Id(l.Req).Dot("ContentType")).Op("=").Qual(model.ImplPath, "Multipart").Call(jen.Id(l.Parts)))
	return stmts
}

// responseStmts dispatches on the status code: a switch on
// resp.StatusCode when every case is an exact code, a tagless switch when
// a range (2XX) or a default success needs rest.StatusIn.
func (e *emitter) responseStmts(op *model.Operation) []jen.Code {
	l := &e.api.Locals
	// A case is a list of exact codes or of conditions.
	type dispatch struct {
		codes []int
		conds []jen.Code
		body  []jen.Code
	}
	var cases []*dispatch
	var defaultModel *model.Response
	errCase := map[string]*dispatch{}
	var errOrder []*model.Response
	exact := true
	order := append([]*model.Response(nil), op.Responses...)
	sort.SliceStable(order, func(i, j int) bool { return rank(order[i]) < rank(order[j]) })
	for _, r := range order {
		var cond *jen.Statement
		switch {
		case r.Code > 0:
			cond = jen.Id(l.Resp).Dot("StatusCode").Op("==").Lit(r.Code)
		case r.Class > 0:
			cond = jen.Qual(model.ImplPath, "StatusIn").Call(jen.Id(l.Resp).Dot("StatusCode"), jen.Lit(r.Class))
		case r.Status == "default" && r.Success:
			cond = jen.Qual(model.ImplPath, "StatusIn").Call(jen.Id(l.Resp).Dot("StatusCode"), jen.Lit(2))
		case r.Status == "default":
			defaultModel = r
			continue
		}
		var c *dispatch
		switch {
		case r.Success:
			c = &dispatch{body: e.successStmts(op, r)}
			cases = append(cases, c)
		case r.Type != nil && r.Kind == model.KindJSON:
			k := model.TypeString(r.Type)
			if c = errCase[k]; c == nil {
				c = &dispatch{}
				errCase[k] = c
				errOrder = append(errOrder, r)
			}
		default:
			continue
		}
		exact = exact && r.Code > 0
		c.codes = append(c.codes, r.Code)
		c.conds = append(c.conds, cond)
	}
	for _, r := range errOrder {
		c := errCase[model.TypeString(r.Type)]
		c.body = []jen.Code{e.withErr(op, jen.Qual(model.ImplPath, "Error").Call(jen.Lit(op.ID), jen.Id(l.Resp), jen.New(e.typ(r.Type))))}
		cases = append(cases, c)
	}
	var out []jen.Code
	if len(cases) > 0 {
		var block []jen.Code
		for _, c := range cases {
			if !exact {
				block = append(block, jen.Case(c.conds...).Block(c.body...))
				continue
			}
			var codes []jen.Code
			for _, code := range c.codes {
				codes = append(codes, jen.Lit(code))
			}
			block = append(block, jen.Case(codes...).Block(c.body...))
		}
		if exact {
			out = append(out, jen.Switch(jen.Id(l.Resp).Dot("StatusCode")).Block(block...))
		} else {
			out = append(out, jen.Switch().Block(block...))
		}
	}
	model_ := jen.Nil()
	if defaultModel != nil && defaultModel.Type != nil && defaultModel.Kind == model.KindJSON {
		model_ = jen.New(e.typ(defaultModel.Type))
	}
	out = append(out, e.withErr(op, jen.Qual(model.ImplPath, "Error").Call(jen.Lit(op.ID), jen.Id(l.Resp), model_)))
	return out
}

func rank(r *model.Response) int {
	switch {
	case r.Code > 0:
		return 0
	case r.Class > 0:
		return 1
	}
	return 2
}

func (e *emitter) successStmts(op *model.Operation, r *model.Response) []jen.Code {
	l := &e.api.Locals
	id := jen.Lit(op.ID)
	if op.ResultKind == "multi" {
		out := []jen.Code{jen.Id(l.Out).Op(":=").Op("&").Add(e.typ(op.Result)).Values(jen.Id("StatusCode").Op(":").Id(l.Resp).Dot("StatusCode"))}
		if r.Type == nil || r.Field == "" {
			return append(out, jen.Qual(model.ImplPath, "Discard").Call(jen.Id(l.Resp)), jen.Return(jen.Id(l.Out), jen.Nil()))
		}
		field := e.fieldOf(op.Result, r.Field)
		switch r.Kind {
		case model.KindJSON:
			call := e.decodeResponse(r.Type, id, l.Value)
			if call == nil {
				call = jen.Qual(model.ImplPath, "DecodeJSON").Call(id, jen.Id(l.Resp), jen.Op("&").Id(l.Value))
			}
			out = append(out,
				jen.Var().Id(l.Value).Add(e.typ(r.Type)),
				jen.If(jen.Id(l.Err).Op(":=").Add(call), jen.Id(l.Err).Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id(l.Err))))
			if field != nil && field.Pointer {
				out = append(out, jen.Id(l.Out).Dot(r.Field).Op("=").Op("&").Id(l.Value))
			} else {
				out = append(out, jen.Id(l.Out).Dot(r.Field).Op("=").Id(l.Value))
			}
		case model.KindText:
			out = append(out,
				jen.List(jen.Id(l.Text), jen.Id(l.Err)).Op(":=").Qual(model.ImplPath, "ReadText").Call(id, jen.Id(l.Resp)),
				jen.If(jen.Id(l.Err).Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id(l.Err))),
				jen.Id(l.Out).Dot(r.Field).Op("=").Op("&").Id(l.Text))
		default:
			out = append(out, jen.Id(l.Out).Dot(r.Field).Op("=").Id(l.Resp).Dot("Body"))
		}
		return append(out, jen.Return(jen.Id(l.Out), jen.Nil()))
	}
	if r.Type == nil || op.ResultKind == "" {
		return []jen.Code{jen.Qual(model.ImplPath, "Discard").Call(jen.Id(l.Resp)), e.withErr(op, jen.Nil())}
	}
	switch op.ResultKind {
	case "stream":
		return []jen.Code{jen.Return(jen.Id(l.Resp).Dot("Body"), jen.Nil())}
	case "text":
		return []jen.Code{jen.Return(jen.Qual(model.ImplPath, "ReadText").Call(id, jen.Id(l.Resp)))}
	}
	_, ptr := e.resultType(op)
	call := e.decodeResponse(op.Result, id, l.Out)
	if call == nil {
		call = jen.Qual(model.ImplPath, "DecodeJSON").Call(id, jen.Id(l.Resp), jen.Op("&").Id(l.Out))
	}
	stmts := []jen.Code{
		jen.Var().Id(l.Out).Add(e.typ(op.Result)),
		jen.If(jen.Id(l.Err).Op(":=").Add(call), jen.Id(l.Err).Op("!=").Nil()).Block(e.withErr(op, jen.Id(l.Err))),
	}
	if ptr {
		return append(stmts, jen.Return(jen.Op("&").Id(l.Out), jen.Nil()))
	}
	return append(stmts, jen.Return(jen.Id(l.Out), jen.Nil()))
}

func (e *emitter) fieldOf(t *model.Type, name string) *model.Field {
	n := e.named(t)
	if n == nil || n.Struct == nil {
		return nil
	}
	st := n.Struct
	for _, f := range st.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// iterator writes the pagination iterator of op.
func (e *emitter) iterator(f *jen.File, op *model.Operation) {
	l := &e.api.Locals
	pg := op.Paginated
	item := e.typ(pg.ItemType)
	var args []jen.Code
	args = append(args, jen.Id(l.Ctx))
	for _, p := range op.PathParams {
		args = append(args, jen.Id(p.GoName))
	}
	args = append(args, jen.Op("&").Id(l.Cursor), jen.Id(l.CallOpts).Op("..."))
	loop := []jen.Code{
		jen.List(jen.Id(l.Page), jen.Id(l.Err)).Op(":=").Id(l.Recv).Dot(op.Name).Call(args...),
		jen.If(jen.Id(l.Err).Op("!=").Nil()).Block(jen.Var().Id(l.Zero).Add(item.Clone()), jen.Id(l.Yield).Call(jen.Id(l.Zero), jen.Id(l.Err)), jen.Return()),
	}
	items := jen.Id(l.Page)
	if pg.Items != "" {
		items = jen.Id(l.Page).Dot(pg.Items)
	}
	loop = append(loop,
		jen.Id(l.Items).Op(":=").Add(items),
		jen.For(jen.List(jen.Id("_"), jen.Id(l.Item)).Op(":=").Range().Id(l.Items)).Block(
			jen.If(jen.Op("!").Id(l.Yield).Call(jen.Id(l.Item), jen.Nil())).Block(jen.Return()),
		),
	)
	if len(pg.HasMore) > 0 {
		// Stop when the page says no more follow.
		val, guard := fieldPath(l.Page, pg.HasMore, pg.HasMorePointers)
		cond := jen.Op("!").Add(val)
		if guard != nil {
			cond = guard.Op("&&").Add(cond)
		}
		loop = append(loop, jen.If(cond).Block(jen.Return()))
	}
	switch pg.Kind {
	case "offset":
		off := paramField(op, pg.Offset)
		lim := paramField(op, pg.Limit)
		offT := e.typ(off.Type)
		cur := jen.Id(l.Cursor).Dot(pg.Offset)
		if off.Pointer {
			loop = append(loop,
				jen.If(jen.Len(jen.Id(l.Items)).Op("==").Lit(0)).Block(jen.Return()),
			)
			if lim != nil && lim.Pointer {
				loop = append(loop, jen.If(jen.Id(l.Cursor).Dot(pg.Limit).Op("!=").Nil().Op("&&").Len(jen.Id(l.Items)).Op("<").Int().Call(jen.Op("*").Id(l.Cursor).Dot(pg.Limit))).Block(jen.Return()))
			}
			loop = append(loop,
				jen.Var().Id(l.Next).Add(offT.Clone()),
				jen.If(cur.Clone().Op("!=").Nil()).Block(jen.Id(l.Next).Op("=").Op("*").Add(cur.Clone())),
				jen.Id(l.Next).Op("+=").Add(offT.Clone()).Call(jen.Len(jen.Id(l.Items))),
				cur.Clone().Op("=").Op("&").Id(l.Next),
			)
		} else {
			loop = append(loop,
				jen.If(jen.Len(jen.Id(l.Items)).Op("==").Lit(0)).Block(jen.Return()),
				cur.Clone().Op("+=").Add(offT.Clone()).Call(jen.Len(jen.Id(l.Items))),
			)
		}
	case "next", "cursor":
		// Walk the pointer path to the next link.
		last, guard := fieldPath(l.Page, pg.NextField, pg.NextPointers)
		chain := []jen.Code{jen.Id(l.Next).Op(":=").Lit("")}
		if guard != nil {
			chain = append(chain, jen.If(guard).Block(jen.Id(l.Next).Op("=").Add(last)))
		} else {
			chain = append(chain, jen.Id(l.Next).Op("=").Add(last))
		}
		chain = append(chain, jen.If(jen.Id(l.Next).Op("==").Lit("").Op("||").Len(jen.Id(l.Items)).Op("==").Lit(0)).Block(jen.Return()))
		if pg.Kind == "next" {
			chain = append(chain, jen.Id(l.CallOpts).Op("=").Append(jen.Id(l.Opts).Index(jen.Empty(), jen.Len(jen.Id(l.Opts)), jen.Len(jen.Id(l.Opts))), jen.Qual(model.ImplPath, "WithURL").Call(jen.Id(l.Next))))
		} else {
			fl := paramField(op, pg.Cursor)
			if fl != nil && fl.Pointer {
				chain = append(chain, jen.Id(l.Cursor).Dot(pg.Cursor).Op("=").Op("&").Id(l.Next))
			} else {
				chain = append(chain, jen.Id(l.Cursor).Dot(pg.Cursor).Op("=").Id(l.Next))
			}
		}
		loop = append(loop, chain...)
	}
	f.Comment(fmt.Sprintf("%s iterates over every item of %s, fetching further pages as needed; it stops at the first error, which it yields.", op.IterName, op.Name))
	f.Func().Params(jen.Id(l.Recv).Op("*").Id(e.api.Client.Client)).Id(op.IterName).Params(e.iterParams(op)...).Qual("iter", "Seq2").Types(item.Clone(), jen.Error()).Block(
		jen.Return(jen.Func().Params(jen.Id(l.Yield).Func().Params(item.Clone(), jen.Error()).Bool()).Block(
			jen.Var().Id(l.Cursor).Add(e.typ(op.Params.Ref())),
			jen.If(jen.Id(l.Params).Op("!=").Nil()).Block(jen.Id(l.Cursor).Op("=").Op("*").Id(l.Params)),
			jen.Id(l.CallOpts).Op(":=").Id(l.Opts),
			jen.For().Block(loop...),
		)),
	)
	f.Line()
}

// fieldPath renders page.F1.F2... (page names the page variable) as a value (dereferenced when the last
// field is a pointer) and the nil checks of its pointer fields joined by
// &&, or a nil guard when no field is a pointer.
func fieldPath(page string, path []string, pointers []bool) (val, guard *jen.Statement) {
	expr := jen.Id(page)
	for i, name := range path {
		expr = expr.Clone().Dot(name)
		if i < len(pointers) && pointers[i] {
			check := expr.Clone().Op("!=").Nil()
			if guard == nil {
				guard = jen.Add(check)
			} else {
				guard = guard.Op("&&").Add(check)
			}
		}
	}
	val = expr.Clone()
	if n := len(pointers); n > 0 && pointers[n-1] {
		val = jen.Op("*").Add(expr.Clone())
	}
	return val, guard
}
