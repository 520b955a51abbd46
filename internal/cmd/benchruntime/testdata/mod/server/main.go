// Command server serves the benchmark's canned payloads on a loopback port,
// printed on its first line of output, until its standard input closes.
package main

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"

	"benchruntime.test/payload"
)

func main() {
	issues, ref, tree, token := payload.IssueList(), payload.GitRef(), payload.Tree(), payload.Token()
	var mu sync.Mutex
	var last []byte // the last body posted to the tree endpoint
	write := func(w http.ResponseWriter, status int, body []byte) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body)
	}
	repo := "/repos/" + payload.Owner + "/" + payload.Repo
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/token" && r.Method == http.MethodPost:
			io.Copy(io.Discard, r.Body)
			write(w, 200, token)
			return
		case r.URL.Path == "/_last":
			mu.Lock()
			b := bytes.Clone(last)
			mu.Unlock()
			write(w, 200, b)
			return
		}
		if r.Header.Get("Authorization") != "Bearer bench-access-token" {
			http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
			return
		}
		switch {
		case r.Method == http.MethodGet && r.URL.Path == repo+"/issues":
			write(w, 200, issues)
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, repo+"/git/ref/"):
			write(w, 200, ref)
		case r.Method == http.MethodPost && r.URL.Path == repo+"/git/trees":
			b, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			mu.Lock()
			last = b
			mu.Unlock()
			write(w, 201, tree)
		default:
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("http://" + ln.Addr().String())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	log.Fatal(http.Serve(ln, h))
}
