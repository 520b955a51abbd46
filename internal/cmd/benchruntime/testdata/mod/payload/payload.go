// Package payload builds the canned JSON the benchmark server sends and the
// request body the clients post, deterministically.
package payload

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Owner, Repo and Ref are the path parameters every call uses.
const (
	Owner = "octo-org"
	Repo  = "hello-world"
	Ref   = "heads-main"
)

// Issues is the number of issue-simple objects in the large response.
const Issues = 230

// TreeEntries is the number of entries in the posted tree.
const TreeEntries = 40

const api = "https://api.github.com"

func user(i int) map[string]any {
	login := fmt.Sprintf("user-%d", i)
	u := api + "/users/" + login
	m := map[string]any{
		"login": login, "id": 1000 + i, "node_id": fmt.Sprintf("MDQ6VXNlcj%05d", i),
		"avatar_url":  fmt.Sprintf("https://avatars.githubusercontent.com/u/%d?v=4", 1000+i),
		"gravatar_id": "", "url": u, "html_url": "https://github.com/" + login,
		"followers_url": u + "/followers", "following_url": u + "/following{/other_user}",
		"gists_url": u + "/gists{/gist_id}", "starred_url": u + "/starred{/owner}{/repo}",
		"subscriptions_url": u + "/subscriptions", "organizations_url": u + "/orgs",
		"repos_url": u + "/repos", "events_url": u + "/events{/privacy}",
		"received_events_url": u + "/received_events", "type": "User", "site_admin": i%7 == 0,
	}
	if i%3 == 0 {
		m["name"] = fmt.Sprintf("User Number %d", i)
		m["email"] = nil
	}
	return m
}

func label(i int) map[string]any {
	name := []string{"bug", "enhancement", "documentation", "good first issue", "help wanted", "question"}[i%6]
	var desc any = "Something about " + name
	if i%4 == 0 {
		desc = nil
	}
	return map[string]any{
		"id": 208045946 + i, "node_id": fmt.Sprintf("MDU6TGFiZWwyMDgwNDU5%02d", i%100),
		"url":  api + "/repos/" + Owner + "/" + Repo + "/labels/" + strings.ReplaceAll(name, " ", "%20"),
		"name": name, "description": desc, "color": "f29513", "default": i%6 == 0,
	}
}

func stamp(i int) string {
	return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 97 * time.Minute).Format(time.RFC3339)
}

func milestone(i int) any {
	if i%3 == 2 {
		return nil
	}
	n := i%5 + 1
	base := fmt.Sprintf("%s/repos/%s/%s/milestones/%d", api, Owner, Repo, n)
	var closed, due any = nil, stamp(i + 500)
	if i%2 == 0 {
		closed = stamp(i + 300)
	}
	return map[string]any{
		"url": base, "html_url": fmt.Sprintf("https://github.com/%s/%s/milestones/v%d.0", Owner, Repo, n),
		"labels_url": base + "/labels", "id": 1002604 + n, "node_id": fmt.Sprintf("MDk6TWlsZXN0b25lMTAwMjYw%d", n),
		"number": n, "state": []string{"open", "closed"}[i%2], "title": fmt.Sprintf("v%d.0", n),
		"description": "Tracking milestone for version " + fmt.Sprint(n), "creator": user(i % 11),
		"open_issues": 4 + i%9, "closed_issues": 8 + i%5, "created_at": stamp(i), "updated_at": stamp(i + 10),
		"closed_at": closed, "due_on": due,
	}
}

func issue(i int) map[string]any {
	n := 1347 + i
	base := fmt.Sprintf("%s/repos/%s/%s/issues/%d", api, Owner, Repo, n)
	labels := []any{}
	for j := 0; j < i%4; j++ {
		labels = append(labels, label(i+j))
	}
	var assignee any
	assignees := []any{}
	if i%2 == 1 {
		assignee = user(i%13 + 1)
		assignees = append(assignees, assignee, user(i%17+2))
	}
	var closedAt any
	state := "open"
	if i%5 == 0 {
		closedAt, state = stamp(i+40), "closed"
	}
	m := map[string]any{
		"id": 1 + i, "node_id": fmt.Sprintf("MDU6SXNzdWUx%06d", i), "url": base,
		"repository_url": fmt.Sprintf("%s/repos/%s/%s", api, Owner, Repo),
		"labels_url":     base + "/labels{/name}", "comments_url": base + "/comments",
		"events_url": base + "/events", "html_url": fmt.Sprintf("https://github.com/%s/%s/issues/%d", Owner, Repo, n),
		"number": n, "state": state, "title": fmt.Sprintf("Found a bug in module %d", i),
		"body": strings.Repeat(fmt.Sprintf("I'm having a problem with this (#%d). ", i), 8),
		"user": user(i % 19), "labels": labels, "assignee": assignee, "assignees": assignees,
		"milestone": milestone(i), "locked": i%11 == 0, "active_lock_reason": nil, "comments": i % 23,
		"closed_at": closedAt, "created_at": stamp(i), "updated_at": stamp(i + 20),
		"author_association": []string{"OWNER", "MEMBER", "CONTRIBUTOR", "NONE"}[i%4],
		"timeline_url":       base + "/timeline",
	}
	if i%6 == 3 {
		m["pull_request"] = map[string]any{
			"merged_at": nil, "diff_url": fmt.Sprintf("https://github.com/%s/%s/pull/%d.diff", Owner, Repo, n),
			"html_url":  fmt.Sprintf("https://github.com/%s/%s/pull/%d", Owner, Repo, n),
			"patch_url": fmt.Sprintf("https://github.com/%s/%s/pull/%d.patch", Owner, Repo, n),
			"url":       fmt.Sprintf("%s/repos/%s/%s/pulls/%d", api, Owner, Repo, n),
		}
	}
	if i%8 == 0 {
		m["active_lock_reason"] = "too heated"
	}
	return m
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// IssueList is the ~1 MB body of issues/list-for-repo.
func IssueList() []byte {
	list := make([]any, Issues)
	for i := range list {
		list[i] = issue(i)
	}
	return mustJSON(list)
}

// GitRef is the small body of git/get-ref.
func GitRef() []byte {
	return mustJSON(map[string]any{
		"ref": "refs/heads/" + Ref, "node_id": "MDM6UmVmcmVmcy9oZWFkcy9mZWF0dXJlQQ==",
		"url": api + "/repos/" + Owner + "/" + Repo + "/git/refs/heads/" + Ref,
		"object": map[string]any{
			"type": "commit", "sha": "aa218f56b14c9653891f9e74264a383fa43fefbd",
			"url": api + "/repos/" + Owner + "/" + Repo + "/git/commits/aa218f56b14c9653891f9e74264a383fa43fefbd",
		},
	})
}

// TreeRequest is the ~10 KB body posted to git/create-tree: tree entries
// with content or a SHA (null for a deletion).
func TreeRequest() []byte {
	entries := make([]any, TreeEntries)
	for i := range entries {
		e := map[string]any{
			"path": fmt.Sprintf("src/pkg%d/file_%03d.go", i%5, i),
			"mode": []string{"100644", "100755", "040000", "160000", "120000"}[i%5],
			"type": []string{"blob", "blob", "tree", "commit", "blob"}[i%5],
		}
		switch i % 3 {
		case 0:
			e["content"] = strings.Repeat(fmt.Sprintf("package pkg%d // line of file %d\n", i%5, i), 5)
		case 1:
			e["sha"] = fmt.Sprintf("44b4fc6d56897b048c772eb4087f854f%08x", i)
		default:
			e["sha"] = nil
		}
		entries[i] = e
	}
	return mustJSON(map[string]any{"base_tree": "9fb037999f264ba9a7fc6274d15fa3ae2ab98312", "tree": entries})
}

// Tree is the body git/create-tree answers with.
func Tree() []byte {
	items := make([]any, 8)
	for i := range items {
		sha := fmt.Sprintf("7c258a9869f33c1e1e1f74fbb32f07c8%08x", i)
		items[i] = map[string]any{
			"path": fmt.Sprintf("file_%d.rb", i), "mode": "100644", "type": "blob", "size": 132 + i,
			"sha": sha, "url": api + "/repos/" + Owner + "/" + Repo + "/git/blobs/" + sha,
		}
	}
	return mustJSON(map[string]any{
		"sha": "cd8274d15fa3ae2ab983129fb037999f264ba9a7", "truncated": false, "tree": items,
		"url": api + "/repos/" + Owner + "/" + Repo + "/trees/cd8274d15fa3ae2ab983129fb037999f264ba9a7",
	})
}

// Token is the token endpoint's answer.
func Token() []byte {
	return []byte(`{"access_token":"bench-access-token","token_type":"Bearer","expires_in":86400}`)
}
