package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit/history"
	"chaperone/audit/report"
)

// ReportEditor is where the doctor writes what goes in the appraisal
// report beside the audit: their name and GMC number, the actions they
// took and the reflection (what I found, learned, changed, will do).
type ReportEditor struct {
	Name, GMC                       *widget.Entry
	Found, Learned, Changed, WillDo *widget.Entry
	Actions                         *widget.Entry
	SaveButton, ExportButton        *widget.Button
	Status                          *widget.Label
	save                            func(report.Doctor, history.Notes) error
	export                          func() error
}

// NewReportEditor fills the form from doctor and notes. save stores what
// was typed (report.SaveDoctor and history.Store.SetNotes); export, called
// after a save, asks where to write the PDF (or JSON/CSV) and writes it
// (platforms/printer.Export). Either may be nil to hide its button.
func NewReportEditor(doctor report.Doctor, notes history.Notes, save func(report.Doctor, history.Notes) error, export func() error) *ReportEditor {
	multi := func(text, hint string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		e.SetPlaceHolder(hint)
		e.SetText(text)
		return e
	}
	ed := &ReportEditor{
		Name:    widget.NewEntry(),
		GMC:     widget.NewEntry(),
		Found:   multi(notes.Found, "What the audit showed, in general terms (no patient details)"),
		Learned: multi(notes.Learned, "What you learned about your online presence"),
		Changed: multi(notes.Changed, "What you changed as a result"),
		WillDo:  multi(notes.WillDo, "What you will do from now on"),
		Actions: multi(strings.Join(notes.Actions, "\n"), "One action per line"),
		Status:  widget.NewLabel(""),
		save:    save,
		export:  export,
	}
	ed.Name.SetText(doctor.Name)
	ed.Name.SetPlaceHolder("e.g. Dr Jane Smith")
	ed.GMC.SetText(doctor.GMC)
	ed.GMC.SetPlaceHolder("optional")
	ed.SaveButton = widget.NewButton("Save", func() { ed.Save() })
	ed.ExportButton = widget.NewButton("Export report…", func() { ed.Export() })
	if save == nil {
		ed.SaveButton.Hide()
	}
	if export == nil {
		ed.ExportButton.Hide()
	}
	return ed
}

// Values returns what is typed now.
func (ed *ReportEditor) Values() (report.Doctor, history.Notes) {
	var actions []string
	for _, a := range strings.Split(ed.Actions.Text, "\n") {
		if a = strings.TrimSpace(a); a != "" {
			actions = append(actions, a)
		}
	}
	return report.Doctor{Name: strings.TrimSpace(ed.Name.Text), GMC: strings.TrimSpace(ed.GMC.Text)},
		history.Notes{Found: ed.Found.Text, Learned: ed.Learned.Text, Changed: ed.Changed.Text, WillDo: ed.WillDo.Text, Actions: actions}
}

// Save stores the form.
func (ed *ReportEditor) Save() error {
	if ed.save == nil {
		return nil
	}
	d, n := ed.Values()
	if err := ed.save(d, n); err != nil {
		ed.Status.SetText("Not saved: " + err.Error())
		return err
	}
	ed.Status.SetText("Saved.")
	return nil
}

// Export saves, then exports.
func (ed *ReportEditor) Export() error {
	if err := ed.Save(); err != nil {
		return err
	}
	if ed.export == nil {
		return nil
	}
	if err := ed.export(); err != nil {
		ed.Status.SetText("Export failed: " + err.Error())
		return err
	}
	return nil
}

// Content lays the form out.
func (ed *ReportEditor) Content() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem("Your name", ed.Name),
		widget.NewFormItem("GMC number", ed.GMC),
		widget.NewFormItem("Actions taken", ed.Actions),
		widget.NewFormItem("What I found", ed.Found),
		widget.NewFormItem("What I learned", ed.Learned),
		widget.NewFormItem("What I changed", ed.Changed),
		widget.NewFormItem("What I will do", ed.WillDo),
	)
	note := widget.NewLabel("The report shows counts and categories only. Do not name patients or colleagues here.")
	note.Wrapping = fyne.TextWrapWord
	return container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle("Appraisal report", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		note, form,
		container.NewHBox(ed.SaveButton, ed.ExportButton, ed.Status),
	))
}
