package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit/history"
	"chaperone/audit/report"
)

// Export formats offered, by file extension.
const (
	FormatPDF  = ".pdf"
	FormatJSON = ".json"
	FormatCSV  = ".csv"
)

// ReportEditor is where the doctor writes what goes in the appraisal
// report beside the audit: their name and GMC number, the actions they
// took and the reflection (what I found, learned, changed, will do).
type ReportEditor struct {
	Name, GMC                       *widget.Entry
	Found, Learned, Changed, WillDo *widget.Entry
	Actions                         *widget.Entry
	SaveButton                      *widget.Button
	// ExportPDF, ExportJSON and ExportCSV save, then export.
	ExportPDF, ExportJSON, ExportCSV *widget.Button
	// Combined adds the appendix that sets each finding beside the other
	// guidance Chaperone holds.
	Combined *widget.Check
	Status   *widget.Label
	save     func(report.Doctor, history.Notes) error
	export   func(format string) error
}

// NewReportEditor fills the form from doctor and notes. save stores what
// was typed (report.SaveDoctor and history.Store.SetNotes); export, called
// after a save with FormatPDF, FormatJSON or FormatCSV, asks where to write
// the report and writes it (platforms/printer.Export). Either may be nil to
// hide its buttons.
func NewReportEditor(doctor report.Doctor, notes history.Notes, save func(report.Doctor, history.Notes) error, export func(format string) error) *ReportEditor {
	multi := func(hint string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		e.SetPlaceHolder(hint)
		return e
	}
	ed := &ReportEditor{
		Name:    widget.NewEntry(),
		GMC:     widget.NewEntry(),
		Found:   multi("What the audit showed, in general terms (no patient details)"),
		Learned: multi("What you learned about your online presence"),
		Changed: multi("What you changed as a result"),
		WillDo:  multi("What you will do from now on"),
		Actions: multi("One action per line, e.g. \"Hid my friends list\""),
		Status:  widget.NewLabel(""),
		save:    save,
		export:  export,
	}
	ed.Status.Wrapping = fyne.TextWrapWord
	ed.Name.SetPlaceHolder("e.g. Dr Jane Smith")
	ed.GMC.SetPlaceHolder("optional, e.g. 1234567")
	ed.SetValues(doctor, notes)
	ed.SaveButton = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { _ = ed.Save() })
	ed.ExportPDF = widget.NewButtonWithIcon("Export PDF…", theme.DocumentPrintIcon(), func() { _ = ed.Export(FormatPDF) })
	ed.ExportPDF.Importance = widget.HighImportance
	ed.ExportJSON = widget.NewButton("JSON…", func() { _ = ed.Export(FormatJSON) })
	ed.ExportCSV = widget.NewButton("CSV…", func() { _ = ed.Export(FormatCSV) })
	ed.Combined = widget.NewCheck("Add an appendix: the findings under the other guidance", nil)
	if save == nil {
		ed.SaveButton.Hide()
	}
	if export == nil {
		ed.ExportPDF.Hide()
		ed.ExportJSON.Hide()
		ed.ExportCSV.Hide()
		ed.Combined.Hide()
	}
	return ed
}

// SetValues puts saved details and notes in the form, e.g. when the doctor
// picks another audit.
func (ed *ReportEditor) SetValues(doctor report.Doctor, notes history.Notes) {
	ed.Name.SetText(doctor.Name)
	ed.GMC.SetText(doctor.GMC)
	ed.Found.SetText(notes.Found)
	ed.Learned.SetText(notes.Learned)
	ed.Changed.SetText(notes.Changed)
	ed.WillDo.SetText(notes.WillDo)
	ed.Actions.SetText(strings.Join(notes.Actions, "\n"))
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
		ed.Status.Importance = widget.DangerImportance
		ed.Status.SetText("Not saved: " + PlainError(err, nil))
		return err
	}
	ed.Status.Importance = widget.MediumImportance
	ed.Status.SetText("Saved.")
	return nil
}

// Export saves, then exports in format (FormatPDF, FormatJSON, FormatCSV).
func (ed *ReportEditor) Export(format string) error {
	if err := ed.Save(); err != nil {
		return err
	}
	if ed.export == nil {
		return nil
	}
	if err := ed.export(format); err != nil {
		ed.Status.Importance = widget.DangerImportance
		ed.Status.SetText("Not exported: " + PlainError(err, nil))
		return err
	}
	return nil
}

// SetExporting disables the export buttons while a report is written.
func (ed *ReportEditor) SetExporting(busy bool) {
	for _, b := range []*widget.Button{ed.ExportPDF, ed.ExportJSON, ed.ExportCSV} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// Form is the fields alone, scrolling.
func (ed *ReportEditor) Form() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem("Your name", ed.Name),
		widget.NewFormItem("GMC number", ed.GMC),
		widget.NewFormItem("What I found", ed.Found),
		widget.NewFormItem("What I learned", ed.Learned),
		widget.NewFormItem("What I changed", ed.Changed),
		widget.NewFormItem("What I will do", ed.WillDo),
		widget.NewFormItem("Actions taken", ed.Actions),
	)
	note := widget.NewLabel("The report shows counts and categories only. Do not name patients or colleagues here.")
	note.Wrapping = fyne.TextWrapWord
	note.TextStyle.Italic = true
	return container.NewVScroll(container.NewVBox(note, form))
}

// Buttons is the row of save and export buttons.
func (ed *ReportEditor) Buttons() fyne.CanvasObject {
	return container.NewHBox(ed.SaveButton, ed.ExportPDF, ed.ExportJSON, ed.ExportCSV)
}

// Content lays the form out with its buttons and status below.
func (ed *ReportEditor) Content() fyne.CanvasObject {
	return container.NewBorder(
		widget.NewLabelWithStyle("Appraisal report", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewVBox(ed.Combined, ed.Buttons(), ed.Status), nil, nil, ed.Form())
}
