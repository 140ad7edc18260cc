package web

import (
	"crypto/sha256"
	"slices"
	"strings"

	"linka/cases"
)

// robotQuestion is a question every person answers and a spam robot does
// not: plain text, so screen readers read it (no image CAPTCHA). The form
// asks the one its idempotency key selects, so no server state is needed.
type robotQuestion struct {
	cs, en  string
	answers []string // folded (cases.Fold): digits and words in both languages
}

var robotQuestions = []robotQuestion{
	{"Kolik má zdravý člověk prstů na jedné ruce?", "How many fingers does a healthy person have on one hand?",
		[]string{"5", "pet", "five"}},
	{"Kolik je tři plus čtyři?", "What is three plus four?", []string{"7", "sedm", "seven"}},
	{"Kolik nohou má pes?", "How many legs does a dog have?", []string{"4", "ctyri", "four"}},
	{"Kolik dní má týden?", "How many days does a week have?", []string{"7", "sedm", "seven"}},
	{"Jakou barvu má čerstvá tráva?", "What colour is fresh grass?", []string{"zelena", "zelenou", "green"}},
}

// robotQuestionFor returns the question of a form with the given key.
func robotQuestionFor(key string) robotQuestion {
	sum := sha256.Sum256([]byte(key))
	return robotQuestions[int(sum[0])%len(robotQuestions)]
}

// text returns the question in lang.
func (q robotQuestion) text(lang string) string {
	if lang == "en" {
		return q.en
	}
	return q.cs
}

// right reports whether answer is right: case, accents, spaces and a final
// full stop do not matter.
func (q robotQuestion) right(answer string) bool {
	a := strings.TrimSuffix(strings.TrimSpace(cases.Fold(answer)), ".")
	return slices.Contains(q.answers, strings.TrimSpace(a))
}
