package facebook

// Saving is how the replica treats a change the page sends, so that tests
// can make it misbehave the ways a real site can.
type Saving struct {
	// Ignore answers every change as saved and keeps the old value, as a
	// site that drops a write does.
	Ignore bool
	// Confirm, when set, is the title of a confirmation dialog the page
	// shows before saving (its body asks to re-enter the password, a step
	// Chaperone does not know); the change is saved only once it is
	// answered.
	Confirm string
}

// SetSaving changes how the replica treats changes (see Saving).
func (s *Site) SetSaving(v Saving) { s.fb.SetSaving(v) }

// SetSaving changes how the replica treats changes (see Saving).
func (f *State) SetSaving(v Saving) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.saving = v
}

func (f *State) savingNow() Saving {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.saving
}

// saveSetting is a change sent by the page: saved, ignored, or held back
// until the confirmation dialog (its title returned) is answered.
func (f *State) saveSetting(key, value string, confirmed bool) (row settingRow, confirm string, ok bool) {
	sv := f.savingNow()
	if sv.Confirm != "" && !confirmed {
		_, known := defByKey(key)
		if !known {
			return settingRow{}, "", false
		}
		r, ok := f.row(key)
		return r, sv.Confirm, ok
	}
	if sv.Ignore {
		if _, known := defByKey(key); known {
			r, ok := f.row(key)
			return r, "", ok
		}
	}
	r, ok := f.updateSetting(key, value)
	return r, "", ok
}
