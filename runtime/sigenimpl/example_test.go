package sigenimpl_test

import (
	"fmt"

	"github.com/sigen-dev/sigen/runtime/sigenimpl"
)

func ExamplePathParam() {
	fmt.Println("/files/" + sigenimpl.PathParam("path", sigenimpl.StyleSimple, false, sigenimpl.Scalar("a/b c.txt")))
	fmt.Println("/points" + sigenimpl.PathParam("p", sigenimpl.StyleMatrix, true, sigenimpl.Object("x", "1", "y", "2")))
	// Output:
	// /files/a%2Fb%20c.txt
	// /points;x=1;y=2
}

func ExampleQuery() {
	var q sigenimpl.Query
	q.Add("status", sigenimpl.StyleForm, true, false, sigenimpl.List("open", "on hold"))
	q.Add("filter", sigenimpl.StyleDeepObject, true, false, sigenimpl.Object("owner", "ada", "since", "2024-01-01"))
	q.Add("ids", sigenimpl.StylePipeDelimited, false, false, sigenimpl.List("1", "2"))
	q.AddRaw("where", `{"a":1}`)
	fmt.Println(q.Encode())
	// Output:
	// status=open&status=on%20hold&filter%5Bowner%5D=ada&filter%5Bsince%5D=2024-01-01&ids=1%7C2&where=%7B%22a%22%3A1%7D
}
