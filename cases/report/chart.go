package report

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Series is one data series of a chart.
type Series struct {
	Name   string
	Values []float64
}

// BarChart renders, with element ids starting id, grouped bars (one group per label, one bar per series)
// as an SVG element drawn on the server: no script, no external service;
// styled by classes ("series-0"…), labelled for screen readers by title and
// desc, with the figures in each bar's title.
func BarChart(id, title string, labels []string, series []Series) string {
	const (
		width, height        = 720, 260
		left, right, top, bt = 48, 12, 16, 56
	)
	maxV := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			maxV = math.Max(maxV, v)
		}
	}
	top5 := niceMax(maxV)
	plotW, plotH := float64(width-left-right), float64(height-top-bt)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-labelledby="%[1]s-t %[1]s-d" viewBox="0 0 %[2]d %[3]d" xmlns="http://www.w3.org/2000/svg">`, id, width, height)
	fmt.Fprintf(&b, `<title id="%[1]s-t">%[2]s</title><desc id="%[1]s-d">%[3]s</desc>`, id, esc(title), esc(describe(labels, series)))
	for i := 0; i <= 4; i++ {
		v := top5 * float64(i) / 4
		y := float64(top) + plotH - plotH*float64(i)/4
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y, width-right, y)
		fmt.Fprintf(&b, `<text class="axis" x="%d" y="%.1f" text-anchor="end">%s</text>`, left-4, y+4, trimFloat(v))
	}
	n := max(len(labels), 1)
	groupW := plotW / float64(n)
	barW := groupW * 0.8 / float64(max(len(series), 1))
	for i, l := range labels {
		x0 := float64(left) + groupW*float64(i) + groupW*0.1
		for j, s := range series {
			v := 0.0
			if i < len(s.Values) {
				v = s.Values[i]
			}
			h := 0.0
			if top5 > 0 {
				h = plotH * v / top5
			}
			fmt.Fprintf(&b, `<rect class="series-%d" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s – %s: %s</title></rect>`,
				j%6, x0+barW*float64(j), float64(top)+plotH-h, math.Max(barW-1, 1), h, esc(l), esc(s.Name), trimFloat(v))
		}
		if n <= 16 || i%(n/12+1) == 0 {
			fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x0+groupW*0.4, height-bt+16, esc(l))
		}
	}
	for j, s := range series {
		x := left + j*150
		fmt.Fprintf(&b, `<rect class="series-%d" x="%d" y="%d" width="12" height="12"/><text class="legend" x="%d" y="%d">%s</text>`,
			j%6, x, height-18, x+16, height-8, esc(s.Name))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// niceMax rounds v up to 1, 2 or 5 times a power of ten (4 for zero).
func niceMax(v float64) float64 {
	if v <= 0 {
		return 4
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// describe is the text alternative of a chart: every figure.
func describe(labels []string, series []Series) string {
	var parts []string
	for i, l := range labels {
		var vs []string
		for _, s := range series {
			if i < len(s.Values) {
				vs = append(vs, s.Name+" "+trimFloat(s.Values[i]))
			}
		}
		parts = append(parts, l+": "+strings.Join(vs, ", "))
	}
	return strings.Join(parts, "; ")
}

func esc(s string) string { return html.EscapeString(s) }
