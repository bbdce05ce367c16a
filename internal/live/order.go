package live

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"plenary/internal/errs"
)

// Order is how a list of questions is sorted.
type Order string

// The orders of questions.
const (
	OrderVotes  Order = "votes"  // most votes first, then the oldest
	OrderNewest Order = "newest" // the latest asked first
	OrderFair   Order = "fair"   // share of viewers who voted, organisations alternating
)

// FairExplanation is the sentence the moderator's screen shows beside the
// fair order.
const FairExplanation = "Fair order ranks questions by the share of viewers who upvoted them, counting how many saw each, " +
	"and alternates organisations so no single organisation fills the top."

// ParseOrder reads an order from a query ("" is votes).
func ParseOrder(s string) (Order, error) {
	switch o := Order(s); o {
	case "":
		return OrderVotes, nil
	case OrderVotes, OrderNewest, OrderFair:
		return o, nil
	}
	return "", errs.Validation{"order": "Choose votes, newest or fair."}
}

// ranked is what the orders know of a question.
type ranked struct {
	ID           string
	Votes        int
	Views        int // distinct confirmed registrants present since it was published
	CreatedAt    time.Time
	Organisation string
	Sector       string
}

// wilsonZ is the normal quantile of a 95% confidence interval.
const wilsonZ = 1.96

// wilsonLower is the lower bound of the Wilson score interval of votes out
// of views: a question few have seen needs a larger share to rank above
// one many have seen, so early luck does not decide the top.
func wilsonLower(votes, views int) float64 {
	n := float64(max(views, votes, 1))
	p := float64(votes) / n
	z2 := wilsonZ * wilsonZ
	return (p + z2/(2*n) - wilsonZ*math.Sqrt(p*(1-p)/n+z2/(4*n*n))) / (1 + z2/n)
}

// byVotes: most votes first, then the oldest, then by id so that the
// order is total.
func byVotes(a, b ranked) int {
	return cmp.Or(cmp.Compare(b.Votes, a.Votes), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
}

// orderRanked sorts items as order says, without changing items.
func orderRanked(items []ranked, order Order) []ranked {
	out := slices.Clone(items)
	switch order {
	case OrderNewest:
		slices.SortStableFunc(out, func(a, b ranked) int {
			return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.ID, b.ID))
		})
	case OrderFair:
		out = fairOrder(out)
	default:
		slices.SortStableFunc(out, byVotes)
	}
	return out
}

// fairOrder ranks by the Wilson lower bound of votes per view, then deals
// the questions out in rounds: each round takes the best remaining
// question of every organisation, best first, so no organisation gets a
// second place before every other one has had its best. Where scores tie,
// a sector other than the previous question's goes first. Between rounds
// the same organisation never comes twice in a row while another remains.
// A question whose asker's organisation is unknown counts as its own.
func fairOrder(items []ranked) []ranked {
	score := make(map[string]float64, len(items))
	for _, it := range items {
		score[it.ID] = wilsonLower(it.Votes, it.Views)
	}
	best := func(a, b ranked) int {
		return cmp.Or(cmp.Compare(score[b.ID], score[a.ID]), byVotes(a, b))
	}
	queues := map[string][]ranked{}
	var orgs []string
	for _, it := range items {
		key := organisationKey(it)
		if _, ok := queues[key]; !ok {
			orgs = append(orgs, key)
		}
		queues[key] = append(queues[key], it)
	}
	for _, key := range orgs {
		slices.SortFunc(queues[key], best)
	}
	out := make([]ranked, 0, len(items))
	for len(out) < len(items) {
		var round []ranked
		for _, key := range orgs {
			if q := queues[key]; len(q) > 0 {
				round, queues[key] = append(round, q[0]), q[1:]
			}
		}
		out = append(out, dealRound(round, out, best)...)
	}
	return out
}

// dealRound orders one round (one question per organisation): best score
// first; on a tie, a sector other than the one before; and not the
// organisation that ended the previous rounds first.
func dealRound(round, before []ranked, best func(a, b ranked) int) []ranked {
	out := make([]ranked, 0, len(round))
	for len(round) > 0 {
		var prev *ranked
		if len(out) > 0 {
			prev = &out[len(out)-1]
		} else if len(before) > 0 {
			prev = &before[len(before)-1]
		}
		pick := 0
		for i := 1; i < len(round); i++ {
			if better(round[i], round[pick], prev, best) {
				pick = i
			}
		}
		out = append(out, round[pick])
		round = slices.Delete(round, pick, pick+1)
	}
	return out
}

// better reports whether a should come before b right after prev.
func better(a, b ranked, prev *ranked, best func(a, b ranked) int) bool {
	if prev != nil {
		aSame, bSame := organisationKey(a) == organisationKey(*prev), organisationKey(b) == organisationKey(*prev)
		if aSame != bSame {
			return bSame
		}
	}
	c := best(a, b)
	if prev != nil && wilsonLower(a.Votes, a.Views) == wilsonLower(b.Votes, b.Views) {
		aSector, bSector := a.Sector != "" && a.Sector == prev.Sector, b.Sector != "" && b.Sector == prev.Sector
		if aSector != bSector {
			return bSector
		}
	}
	return c < 0
}

// organisationKey groups questions by organisation, whatever the case or
// spacing; an unknown one is a group of its own.
func organisationKey(it ranked) string {
	if org := strings.ToLower(strings.Join(strings.Fields(it.Organisation), " ")); org != "" {
		return "org:" + org
	}
	return "id:" + it.ID
}

// sortQuestions orders rows as order says.
func sortQuestions(rows []questionRow, order Order) []questionRow {
	byID := make(map[string]questionRow, len(rows))
	items := make([]ranked, len(rows))
	for i, q := range rows {
		byID[q.ID] = q
		items[i] = ranked{ID: q.ID, Votes: q.Votes, Views: q.Views, CreatedAt: q.CreatedAt,
			Organisation: q.Organisation, Sector: q.Sector}
	}
	out := make([]questionRow, len(rows))
	for i, it := range orderRanked(items, order) {
		out[i] = byID[it.ID]
	}
	return out
}
