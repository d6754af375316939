package report

import (
	"sort"

	"chaperone/audit"
)

// diff compares two audits: checklist items that went from FAIL or WARN to
// PASS are fixed, problems that were not problems before are new. Posts
// and connections are compared by subject but reported only as counts.
func diff(prev, cur *audit.Result, red *redactor) Changes {
	ch := Changes{Fixed: []Change{}, New: []Change{}}
	if prev == nil {
		return ch
	}
	ch.HasPrevious = true
	ch.PreviousID = prev.ID
	ch.PreviousAt = prev.FinishedAt
	ch.PreviousScore = prev.Score.Overall
	ch.ScoreDelta = cur.Score.Overall - prev.Score.Overall

	type key struct {
		p     audit.Platform
		check string
	}
	type subjKey struct {
		key
		subject string
	}
	before := map[key]audit.Finding{}
	beforeSubj := map[subjKey]audit.Status{}
	for _, f := range prev.Findings {
		k := key{f.Platform, f.CheckID}
		if f.Subject != "" {
			beforeSubj[subjKey{k, f.Subject}] = f.Status
			continue
		}
		before[k] = f
	}
	now := map[key]bool{}
	nowSubj := map[subjKey]audit.Status{}
	titles := map[key]string{}
	for _, f := range cur.Findings {
		k := key{f.Platform, f.CheckID}
		titles[k] = checkTitle(f, red)
		if f.Subject != "" {
			nowSubj[subjKey{k, f.Subject}] = f.Status
			continue
		}
		now[k] = true
		old, had := before[k]
		switch {
		case had && problem(old.Status) && f.Status == audit.Pass:
			ch.Fixed = append(ch.Fixed, Change{Platform: f.Platform, PlatformName: f.Platform.DisplayName(), CheckID: f.CheckID, Title: titles[k], From: old.Status, To: f.Status})
		case problem(f.Status) && (!had || !problem(old.Status)):
			from := audit.Status("")
			if had {
				from = old.Status
			}
			ch.New = append(ch.New, Change{Platform: f.Platform, PlatformName: f.Platform.DisplayName(), CheckID: f.CheckID, Title: titles[k], From: from, To: f.Status})
		case problem(f.Status) && had && problem(old.Status):
			ch.StillOpen++
		}
	}

	// Flagged posts and connections: resolved when flagged before and not
	// now (removed, unfriended or cleared), new when flagged now only.
	type agg struct {
		fixed, added int
		kind         string
		title        string
	}
	per := map[key]*agg{}
	get := func(k key, f func() (string, string)) *agg {
		if a := per[k]; a != nil {
			return a
		}
		kind, title := f()
		a := &agg{kind: kind, title: title}
		per[k] = a
		return a
	}
	for sk, st := range beforeSubj {
		if !problem(st) {
			continue
		}
		if problem(nowSubj[sk]) {
			continue
		}
		// A platform not audited this time proves nothing fixed.
		if cur.Snapshot == nil || cur.Snapshot.CoverageFor(sk.p) == nil {
			continue
		}
		get(sk.key, func() (string, string) { return subjectKindOf(prev, sk.p, sk.check, sk.subject, red) }).fixed++
	}
	for sk, st := range nowSubj {
		if !problem(st) || problem(beforeSubj[sk]) {
			continue
		}
		get(sk.key, func() (string, string) { return subjectKindOf(cur, sk.p, sk.check, sk.subject, red) }).added++
	}
	for k, a := range per {
		title := titles[k]
		if title == "" {
			title = a.title
		}
		if a.fixed > 0 {
			ch.Fixed = append(ch.Fixed, Change{Platform: k.p, PlatformName: k.p.DisplayName(), CheckID: k.check, Title: title, Items: a.fixed, Kind: a.kind})
		}
		if a.added > 0 {
			ch.New = append(ch.New, Change{Platform: k.p, PlatformName: k.p.DisplayName(), CheckID: k.check, Title: title, Items: a.added, Kind: a.kind})
		}
	}
	sortChanges(ch.Fixed)
	sortChanges(ch.New)
	return ch
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
