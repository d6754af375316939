package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"chaperone/audit/history"
	"chaperone/audit/vault"
)

// Load assembles the input for the audit spec names ("" or "latest", an ID
// in the history, or a result JSON file): the audit, the one before it,
// the history for the trend and the doctor's notes on it. The caller adds
// the doctor's details and the watch-list names (Sensitive).
func Load(st *history.Store, spec string) (Input, error) {
	cur, err := st.Resolve(spec)
	if err != nil {
		return Input{}, fmt.Errorf("report: %w", err)
	}
	in := Input{Current: cur}
	if cur.Demo {
		// A demo (exported to a file) has no notes and nothing of the
		// doctor's to be compared with.
		return in, nil
	}
	prev, err := st.Before(cur.FinishedAt, cur.ID)
	switch {
	case err == nil:
		in.Previous = prev
	case errors.Is(err, vault.ErrKeyLost):
		// A new audit still gets its report when the old ones' key is lost.
		in.PreviousUnreadable = PreviousKeyLost
	case !errors.Is(err, history.ErrNotFound):
		return Input{}, fmt.Errorf("report: previous audit: %w", err)
	}
	if in.History, err = st.Entries(); err != nil {
		return Input{}, fmt.Errorf("report: %w", err)
	}
	if in.Notes, err = st.Notes(cur.ID); err != nil {
		return Input{}, fmt.Errorf("report: %w", err)
	}
	return in, nil
}

// PreviousKeyLost is what a report says when the audits before it are
// sealed with a key that is no longer in the keyring.
const PreviousKeyLost = "The audits before this one could not be opened (the key that protected them is no longer in the keyring), so nothing is compared with them."

// DoctorFile is where the doctor's name and GMC number are kept, in the
// data directory. They are the doctor's own details, not a secret.
const DoctorFile = "doctor.json"

// DoctorPath is DoctorFile in the app's data directory.
func DoctorPath() (string, error) {
	dir, err := vault.DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, DoctorFile), nil
}

// LoadDoctor reads the doctor's details; none saved yet is not an error.
func LoadDoctor(path string) (Doctor, error) {
	var d Doctor
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return d, nil
	}
	if err != nil {
		return d, fmt.Errorf("reading doctor's details: %w", err)
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return d, fmt.Errorf("reading doctor's details %s: %w", path, err)
	}
	return d, nil
}

// SaveDoctor writes the doctor's details.
func SaveDoctor(path string, d Doctor) error {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("saving doctor's details: %w", err)
	}
	return vault.WriteFileAtomic(path, data, 0o600)
}
