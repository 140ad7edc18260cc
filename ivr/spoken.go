package ivr

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"linka/internal/workdays"
)

// SpokenHours renders opening hours as words for a speech synthesiser,
// e.g. "pondělí a středa od 8 do 17 hodin".
func SpokenHours(h workdays.WeeklyHours, lang string) string {
	cs := map[time.Weekday]string{time.Monday: "pondělí", time.Tuesday: "úterý", time.Wednesday: "středa",
		time.Thursday: "čtvrtek", time.Friday: "pátek", time.Saturday: "sobota", time.Sunday: "neděle"}
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	var groups [][]time.Weekday
	done := map[time.Weekday]bool{}
	for _, d := range order {
		if done[d] || len(h.Days[d]) == 0 {
			continue
		}
		g := []time.Weekday{d}
		for _, e := range order {
			if e != d && !done[e] && slices.Equal(h.Days[e], h.Days[d]) {
				g = append(g, e)
			}
		}
		for _, e := range g {
			done[e] = true
		}
		groups = append(groups, g)
	}
	var parts []string
	for _, g := range groups {
		names := make([]string, len(g))
		for i, d := range g {
			names[i] = d.String()
			if lang != LangEnglish {
				names[i] = cs[d]
			}
		}
		and := " and "
		if lang != LangEnglish {
			and = " a "
		}
		days := strings.Join(names[:len(names)-1], ", ")
		if days != "" {
			days += and
		}
		days += names[len(names)-1]
		var spans []string
		for _, sp := range h.Days[g[0]] {
			if lang == LangEnglish {
				spans = append(spans, fmt.Sprintf("from %s to %s", spokenClock(sp.From), spokenClock(sp.To)))
			} else {
				spans = append(spans, fmt.Sprintf("od %s do %s hodin", spokenClock(sp.From), spokenClock(sp.To)))
			}
		}
		parts = append(parts, days+" "+strings.Join(spans, and))
	}
	return strings.Join(parts, "; ")
}

func spokenClock(m int) string {
	if m%60 == 0 {
		return fmt.Sprint(m / 60)
	}
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}
