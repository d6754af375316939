package app

import (
	"reflect"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// typedKey handles the keys no focused widget took: Escape closes the
// dialog on top and Return confirms it; with no dialog, the arrow keys
// move through the checklist.
func (u *UI) typedKey(ev *fyne.KeyEvent) {
	c := u.win.Canvas()
	if top := c.Overlays().Top(); top != nil {
		if b := dialogButton(top, ev.Name); b != nil {
			b.OnTapped()
		}
		return
	}
	if u.results == nil || u.progView != nil || u.content.Objects[0] != u.results.root {
		return
	}
	switch ev.Name {
	case fyne.KeyDown, fyne.KeyUp:
		l := u.results.list
		c.Focus(l)
		l.TypedKey(ev)
	}
}

// dialogButton is the button of a Fyne dialog that key presses: Escape
// the dismiss button (the one with the cancel icon, or the only one),
// Return the confirm button (the important one, or the only one). Nil
// when the overlay is not a dialog or the key is neither.
func dialogButton(o fyne.CanvasObject, key fyne.KeyName) *widget.Button {
	p := popUpOf(o)
	if p == nil {
		return nil
	}
	// A dialog is laid out as icon, background, content, buttons, title.
	box, ok := p.Content.(*fyne.Container)
	if !ok || len(box.Objects) != 5 {
		return nil
	}
	row, ok := box.Objects[3].(*fyne.Container)
	if !ok {
		return nil
	}
	var buttons []*widget.Button
	for _, x := range row.Objects {
		if b, ok := x.(*widget.Button); ok && !b.Disabled() && b.Visible() && b.OnTapped != nil {
			buttons = append(buttons, b)
		}
	}
	for _, b := range buttons {
		switch {
		case key == fyne.KeyEscape && b.Icon != nil && b.Icon.Name() == theme.CancelIcon().Name():
			return b
		case (key == fyne.KeyReturn || key == fyne.KeyEnter) && b.Importance == widget.HighImportance:
			return b
		}
	}
	if len(buttons) == 1 && (key == fyne.KeyEscape || key == fyne.KeyReturn || key == fyne.KeyEnter) {
		return buttons[0]
	}
	return nil
}

// popUpOf is the pop-up an overlay shows. Fyne wraps a modal pop-up in
// an overlay container of its own internal type, whose Content is the
// pop-up: read through reflection, as that type cannot be named here.
func popUpOf(o fyne.CanvasObject) *widget.PopUp {
	if p, ok := o.(*widget.PopUp); ok {
		return p
	}
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	f := v.Elem().FieldByName("Content")
	if !f.IsValid() || !f.CanInterface() {
		return nil
	}
	p, _ := f.Interface().(*widget.PopUp)
	return p
}
