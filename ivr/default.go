package ivr

import (
	"fmt"

	"linka/internal/workdays"
)

// DefaultHours are the office hours of the default flow, a typical Czech
// municipal office.
const DefaultHours = "mon,wed 08:00-17:00; tue,thu 08:00-15:00; fri 08:00-13:00"

// Prompt names of the default flow.
const (
	PromptNotice         = "notice"
	PromptAfterHours     = "after_hours"
	PromptBusyCallback   = "busy_callback"
	PromptCallbackOffer  = "callback_offer"
	PromptCallbackThanks = "callback_thanks"
	PromptGoodbye        = "goodbye"
)

// DefaultFlow returns the office flow: the recording notice (objection
// digit 9) → open? → the clerks' group (offering a callback when no clerk
// is ready) : the after-hours message with the office hours → a callback
// offer. hours "" means DefaultHours.
func DefaultFlow(name, lang, group, hours string) (*Flow, error) {
	if hours == "" {
		hours = DefaultHours
	}
	h, err := workdays.ParseWeeklyHours(hours)
	if err != nil {
		return nil, fmt.Errorf("ivr: default flow: %w", err)
	}
	return &Flow{Name: name, Language: lang, Start: "notice", Nodes: []Node{
		{ID: "notice", Kind: KindNotice, Label: "Recording notice", Prompt: PromptNotice, Digit: "9", TimeoutS: 3, Next: "hours"},
		{ID: "hours", Kind: KindTime, Label: "Office open?", Hours: h, Open: "clerks", Closed: "after_hours"},
		{ID: "clerks", Kind: KindTransfer, Label: "Clerks' group", Target: group, Group: true, Via: ViaREFER, Busy: "busy_offer", Failed: "busy_offer"},
		{ID: "busy_offer", Kind: KindCallback, Label: "Nobody ready: callback?", Prompt: PromptBusyCallback, Digit: "1", TimeoutS: 6, Next: "callback_thanks", NoInput: "clerks_wait"},
		{ID: "clerks_wait", Kind: KindTransfer, Label: "Wait in the queue", Target: group, Group: true, Via: ViaREFER, Failed: "goodbye"},
		{ID: "after_hours", Kind: KindPlay, Label: "After hours, with the office hours", Prompt: PromptAfterHours, Next: "after_hours_offer"},
		{ID: "after_hours_offer", Kind: KindCallback, Label: "Callback offer", Prompt: PromptCallbackOffer, Digit: "1", TimeoutS: 6, Next: "callback_thanks", NoInput: "goodbye"},
		{ID: "callback_thanks", Kind: KindHangup, Label: "Callback confirmed", Prompt: PromptCallbackThanks},
		{ID: "goodbye", Kind: KindHangup, Label: "Goodbye", Prompt: PromptGoodbye},
	}}, nil
}

// DefaultPromptTexts returns the words of the default flow's prompts in
// lang ("cs" or "en"), for a speech synthesiser; hours are the office
// hours the after-hours message reads out.
func DefaultPromptTexts(lang string, hours workdays.WeeklyHours) map[string]string {
	if lang == LangEnglish {
		return map[string]string{
			PromptNotice:         "Welcome to the municipal office. Calls may be recorded. If you do not agree, press 9 now.",
			PromptAfterHours:     "The office is closed. Office hours are: " + SpokenHours(hours, LangEnglish) + ".",
			PromptBusyCallback:   "All clerks are busy. To be called back, press 1. To wait, stay on the line.",
			PromptCallbackOffer:  "To be called back on this number, press 1.",
			PromptCallbackThanks: "Thank you. We will call you back during office hours. Goodbye.",
			PromptGoodbye:        "Thank you for calling. Goodbye.",
		}
	}
	return map[string]string{
		PromptNotice:         "Dobrý den, dovolali jste se na městský úřad. Hovory mohou být nahrávány. Pokud s nahráváním nesouhlasíte, stiskněte nyní devítku.",
		PromptAfterHours:     "Úřad je nyní zavřený. Úřední hodiny jsou: " + SpokenHours(hours, LangCzech) + ".",
		PromptBusyCallback:   "Všichni úředníci jsou právě obsazeni. Chcete-li, abychom vám zavolali zpět, stiskněte jedničku. Pro čekání zůstaňte na lince.",
		PromptCallbackOffer:  "Chcete-li, abychom vám zavolali zpět na toto číslo, stiskněte jedničku.",
		PromptCallbackThanks: "Děkujeme. Zavoláme vám zpět v úředních hodinách. Na shledanou.",
		PromptGoodbye:        "Děkujeme za zavolání. Na shledanou.",
	}
}
