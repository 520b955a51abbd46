package generator

import (
	"fmt"
	"strings"
)

// UnifiedDiff renders the change from old to new as a unified diff with
// three lines of context, labelled a/name and b/name.
func UnifiedDiff(name string, old, new []byte) string {
	a := splitLines(string(old))
	b := splitLines(string(new))
	ops := diffLines(a, b)
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- a/%s\n+++ b/%s\n", name, name)
	const ctx = 3
	// Group edits into hunks.
	i := 0
	for i < len(ops) {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := i - ctx
		if start < 0 {
			start = 0
		}
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			// Look ahead: a run of more than 2*ctx equal lines ends the hunk.
			run := 0
			for end+run < len(ops) && ops[end+run].kind == ' ' {
				run++
			}
			if end+run == len(ops) || run > 2*ctx {
				end += min(run, ctx)
				break
			}
			end += run
		}
		aStart, bStart, aLen, bLen := ops[start].ai, ops[start].bi, 0, 0
		for _, op := range ops[start:end] {
			if op.kind != '+' {
				aLen++
			}
			if op.kind != '-' {
				bLen++
			}
		}
		fmt.Fprintf(&sb, "@@ -%d,%d +%d,%d @@\n", aStart+1, aLen, bStart+1, bLen)
		for _, op := range ops[start:end] {
			sb.WriteByte(op.kind)
			sb.WriteString(op.line)
			sb.WriteByte('\n')
		}
		i = end
	}
	return sb.String()
}

type diffOp struct {
	kind   byte // ' ', '-', '+'
	line   string
	ai, bi int // positions in a and b before this op
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// diffLines computes a line diff: common prefix and suffix are trimmed,
// the middle is diffed by longest common subsequence when small enough,
// else replaced whole.
func diffLines(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	for i := 0; i < pre; i++ {
		ops = append(ops, diffOp{' ', a[i], i, i})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	ai, bi := pre, pre
	if len(ma)*len(mb) <= 4_000_000 {
		// LCS table.
		n, m := len(ma), len(mb)
		t := make([][]int32, n+1)
		for i := range t {
			t[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					t[i][j] = t[i+1][j+1] + 1
				} else {
					t[i][j] = max(t[i+1][j], t[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && ma[i] == mb[j]:
				ops = append(ops, diffOp{' ', ma[i], ai, bi})
				i, j, ai, bi = i+1, j+1, ai+1, bi+1
			case j < m && (i == n || t[i][j+1] > t[i+1][j]):
				ops = append(ops, diffOp{'+', mb[j], ai, bi})
				j, bi = j+1, bi+1
			default:
				ops = append(ops, diffOp{'-', ma[i], ai, bi})
				i, ai = i+1, ai+1
			}
		}
	} else {
		for _, l := range ma {
			ops = append(ops, diffOp{'-', l, ai, bi})
			ai++
		}
		for _, l := range mb {
			ops = append(ops, diffOp{'+', l, ai, bi})
			bi++
		}
	}
	for k := 0; k < suf; k++ {
		ops = append(ops, diffOp{' ', a[len(a)-suf+k], ai, bi})
		ai, bi = ai+1, bi+1
	}
	return ops
}
