package live

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWilsonLowerBound(t *testing.T) {
	for _, c := range []struct {
		votes, views int
		want         float64
	}{
		{0, 0, 0},
		{0, 100, 0},
		{1, 1, 0.2065},    // one of one: little evidence
		{5, 10, 0.2366},   // half of ten
		{50, 100, 0.4038}, // half of a hundred: surer
		{10, 5, 0.7225},   // more votes than counted views: views become the votes
	} {
		if got := wilsonLower(c.votes, c.views); math.Abs(got-c.want) > 0.0001 {
			t.Errorf("wilsonLower(%d, %d) = %.4f, want %.4f", c.votes, c.views, got, c.want)
		}
	}
	if wilsonLower(9, 10) <= wilsonLower(20, 100) {
		t.Error("nine of ten should rank above twenty of a hundred")
	}
}

func TestOrders(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	q := func(id string, votes, views, min int, org, sector string) ranked {
		return ranked{ID: id, Votes: votes, Views: views, CreatedAt: at(min), Organisation: org, Sector: sector}
	}
	for _, c := range []struct {
		name  string
		order Order
		items []ranked
		want  string
	}{
		{"votes, ties by age", OrderVotes,
			[]ranked{q("a", 1, 10, 0, "A", ""), q("b", 3, 10, 1, "B", ""), q("c", 3, 10, 0, "C", "")}, "c b a"},
		{"newest", OrderNewest,
			[]ranked{q("a", 9, 10, 0, "A", ""), q("b", 0, 10, 2, "B", ""), q("c", 3, 10, 1, "C", "")}, "b c a"},
		{"fair: share of viewers, not raw votes", OrderFair,
			[]ranked{q("many", 20, 200, 0, "A", ""), q("share", 8, 10, 5, "B", "")}, "share many"},
		{"fair: organisations take turns", OrderFair,
			[]ranked{q("a1", 30, 40, 0, "A", ""), q("a2", 29, 40, 0, "A", ""), q("a3", 28, 40, 0, "A", ""),
				q("b1", 5, 40, 0, "B", ""), q("c1", 3, 40, 0, "C", "")}, "a1 b1 c1 a2 a3"},
		{"fair: the same organisation, whatever its spelling", OrderFair,
			[]ranked{q("a1", 30, 40, 0, "City Council", ""), q("a2", 29, 40, 0, " city  council", ""), q("b1", 1, 40, 0, "B", "")},
			"a1 b1 a2"},
		{"fair: never twice in a row between rounds", OrderFair,
			[]ranked{q("a1", 30, 40, 0, "A", ""), q("a2", 29, 40, 0, "A", ""), q("b1", 31, 40, 0, "B", ""), q("b2", 1, 40, 0, "B", "")},
			"b1 a1 b2 a2"},
		{"fair: sector breaks a tie", OrderFair,
			[]ranked{q("a1", 10, 20, 0, "A", "health"), q("b1", 5, 20, 0, "B", "health"), q("c1", 5, 20, 1, "C", "police")},
			"a1 c1 b1"},
		{"fair: unknown organisations are each their own", OrderFair,
			[]ranked{q("x", 10, 20, 0, "", ""), q("y", 9, 20, 0, "", ""), q("a1", 1, 20, 0, "A", "")}, "x y a1"},
	} {
		got := []string{}
		for _, it := range orderRanked(c.items, c.order) {
			got = append(got, it.ID)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: %v, want %s", c.name, got, c.want)
		}
	}
}

func TestOrderKeepsItsInput(t *testing.T) {
	items := []ranked{{ID: "a", Votes: 1}, {ID: "b", Votes: 2}}
	before := slices.Clone(items)
	orderRanked(items, OrderFair)
	orderRanked(items, OrderVotes)
	if !slices.Equal(items, before) {
		t.Errorf("the input changed: %v", items)
	}
}
