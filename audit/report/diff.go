package report

import (
	"slices"
	"sort"

	"chaperone/audit"
)

// diff compares two audits. Only a fresh read counts: a problem is fixed
// when the same check on the same platform, read again, now passes. A
// problem (or a pass) that reads UNKNOWN now could not be re-checked, and
// a platform that was not read this time is not re-checked at all: nothing
// on it is fixed or new. Posts and connections are compared by subject and
// reported only as counts.
func diff(prev, cur *audit.Result, red *redactor) Changes {
	ch := Changes{Fixed: []Change{}, New: []Change{}, Unchecked: []Change{}, NotRechecked: []string{}}
	if prev == nil {
		return ch
	}
	ch.HasPrevious = true
	ch.PreviousID = prev.ID
	ch.PreviousAt = prev.FinishedAt
	ch.PreviousScore = prev.Score.Overall
	before, now := prev.Audited(), cur.Audited()
	ch.Comparable = slices.Equal(before, now) && prev.Score.Assessed() && cur.Score.Assessed() &&
		guidelineID(prev.Guideline) == guidelineID(cur.Guideline)
	if ch.Comparable {
		ch.ScoreDelta = cur.Score.Overall - prev.Score.Overall
	}
	for _, p := range before {
		if !slices.Contains(now, p) {
			ch.NotRechecked = append(ch.NotRechecked, p.DisplayName())
		}
	}
	both := func(p audit.Platform) bool { return slices.Contains(before, p) && slices.Contains(now, p) }

	type key struct {
		p     audit.Platform
		check string
	}
	type subjKey struct {
		key
		subject string
	}
	old := map[key]audit.Finding{}
	oldSubj := map[subjKey]audit.Finding{}
	readBefore := map[key]bool{}
	for _, f := range prev.Findings {
		k := key{f.Platform, f.CheckID}
		if f.Subject != "" || f.Status != audit.Unknown {
			readBefore[k] = true
		}
		if f.Subject != "" {
			oldSubj[subjKey{k, f.Subject}] = f
			continue
		}
		old[k] = f
	}
	// read says whether a check's list (posts, connections) was read this
	// time: it gave a verdict other than UNKNOWN.
	read := map[key]bool{}
	curSubj := map[subjKey]audit.Finding{}
	titles := map[key]string{}
	change := func(f audit.Finding, k key, from audit.Status) Change {
		return Change{Platform: f.Platform, PlatformName: f.Platform.DisplayName(), CheckID: f.CheckID, Title: titles[k], From: from, To: f.Status}
	}
	for _, f := range cur.Findings {
		k := key{f.Platform, f.CheckID}
		titles[k] = checkTitle(f, red)
		if f.Subject != "" {
			curSubj[subjKey{k, f.Subject}] = f
			read[k] = true
			continue
		}
		if f.Status != audit.Unknown {
			read[k] = true
		}
		if !both(f.Platform) {
			continue
		}
		was, had := old[k]
		switch {
		case had && problem(was.Status) && f.Status == audit.Pass:
			ch.Fixed = append(ch.Fixed, change(f, k, was.Status))
		case had && (problem(was.Status) || was.Status == audit.Pass) && f.Status == audit.Unknown:
			ch.Unchecked = append(ch.Unchecked, change(f, k, was.Status))
		case problem(f.Status) && had && problem(was.Status):
			ch.StillOpen++
		case problem(f.Status):
			from := audit.Status("")
			if had {
				from = was.Status
			}
			ch.New = append(ch.New, change(f, k, from))
		}
	}

	// Flagged posts and connections: resolved only when the list was read
	// again and the item is no longer flagged (a post must itself have
	// been read again: one beyond the posts read this time proves
	// nothing). New when flagged now only.
	type agg struct {
		fixed, unchecked, added int
		kind, title             string
	}
	per := map[key]*agg{}
	get := func(k key, r *audit.Result, subject string) *agg {
		if a := per[k]; a != nil {
			return a
		}
		kind, title := subjectKindOf(r, k.p, k.check, subject, red)
		a := &agg{kind: kind, title: title}
		per[k] = a
		return a
	}
	for sk, f := range oldSubj {
		if !problem(f.Status) || !both(sk.p) {
			continue
		}
		if problem(curSubj[sk].Status) {
			continue
		}
		a := get(sk.key, prev, sk.subject)
		if read[sk.key] && reread(cur.Snapshot, sk.p, sk.subject, a.kind) {
			a.fixed++
		} else {
			a.unchecked++
		}
	}
	for sk, f := range curSubj {
		// New only against a list that was read last time too.
		if !problem(f.Status) || problem(oldSubj[sk].Status) || !both(sk.p) || !readBefore[sk.key] {
			continue
		}
		get(sk.key, cur, sk.subject).added++
	}
	for k, a := range per {
		title := titles[k]
		if title == "" {
			title = a.title
		}
		c := Change{Platform: k.p, PlatformName: k.p.DisplayName(), CheckID: k.check, Title: title, Kind: a.kind}
		if a.fixed > 0 {
			c.Items = a.fixed
			ch.Fixed = append(ch.Fixed, c)
		}
		if a.unchecked > 0 {
			c.Items = a.unchecked
			ch.Unchecked = append(ch.Unchecked, c)
		}
		if a.added > 0 {
			c.Items = a.added
			ch.New = append(ch.New, c)
		}
	}
	sortChanges(ch.Fixed)
	sortChanges(ch.New)
	sortChanges(ch.Unchecked)
	return ch
}

// reread reports whether a flagged subject was itself read again: for a
// post, that it is among the posts read this time. Connections are judged
// by their list, which a check only reads in full.
func reread(s *audit.Snapshot, p audit.Platform, subject, kind string) bool {
	if kind != "posts" {
		return true
	}
	if s == nil {
		return false
	}
	for _, post := range s.Posts {
		if post.Platform == p && post.ID == subject {
			return true
		}
	}
	return false
}

func subjectKindOf(r *audit.Result, p audit.Platform, check, subject string, red *redactor) (kind, title string) {
	for _, f := range r.Findings {
		if f.Platform == p && f.CheckID == check && f.Subject == subject {
			return subjectKind(r.Snapshot, f), checkTitle(f, red)
		}
	}
	return "items", check
}

func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		if pa, pb := platformIndex(cs[i].Platform), platformIndex(cs[j].Platform); pa != pb {
			return pa < pb
		}
		if (cs[i].Items == 0) != (cs[j].Items == 0) {
			return cs[i].Items == 0
		}
		return cs[i].Title < cs[j].Title
	})
}
