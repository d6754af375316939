// Package printer prints the appraisal report to PDF with the headless
// Chromium the app already uses for audits. Chromium gives real
// typography (system fonts, kerning, hyphenation), selectable text, live
// links, a document outline and the SVG chart as vectors, from the same
// HTML the JSON and CSV exports are built beside; a pure-Go PDF library
// would mean laying out text by hand.
package printer

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"chaperone/audit/report"
	"chaperone/audit/vault"
	"chaperone/platforms/browser"
)

// Options tune printing.
type Options struct {
	// ChromiumPath is the browser to use; "" finds it.
	ChromiumPath string
	// Timeout bounds one print; 0 means 60 seconds.
	Timeout time.Duration
	// Version is Chaperone's version (cli.Version), written into the
	// PDF as its Creator and Producer beside the name.
	Version string
}

// Document is one page of HTML to print, with its running header and
// footer (HTML using Chromium's pageNumber and totalPages classes) and the
// document information the PDF carries.
type Document struct {
	HTML           []byte
	Header, Footer string
	Info           Info
}

// Program is how a PDF names the program that made it, from opts.
func (opts Options) Program() string {
	if v := strings.TrimSpace(opts.Version); v != "" {
		return "Chaperone " + v
	}
	return "Chaperone"
}

// A4 with margins wide enough for the running footer.
const (
	marginTop    = 0.6  // inches
	marginBottom = 0.75 // room for the footer
	marginSide   = 0.67
)

// PDF prints a self-contained HTML page (no external resources) to an A4
// PDF with the document's header and footer on every page, and its
// information (Chromium's own Creator and Producer replaced).
func PDF(ctx context.Context, doc Document, opts Options) ([]byte, error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// The same browser set-up as the audits: a throwaway profile, and
	// nothing but the page it is given.
	b, err := browser.Start(ctx, browser.Options{ChromiumPath: opts.ChromiumPath, StepTimeout: timeout})
	if err != nil {
		return nil, fmt.Errorf("printing: %w", err)
	}
	defer b.Close()
	tab, err := b.NewTab()
	if err != nil {
		return nil, fmt.Errorf("printing: %w", err)
	}
	defer tab.Close()
	tabCtx, cancelTab := tab.Ctx(ctx)
	defer cancelTab()

	load := func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return chromedp.Void{}, err
		}
		_, err = cdp.Call(ctx, t, page.SetDocumentContent, page.SetDocumentContentParams{
			FrameID: tree.FrameTree.Frame.ID,
			HTML:    string(doc.HTML),
		})
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(tabCtx, chromedp.Navigate("about:blank"), load); err != nil {
		return nil, fmt.Errorf("printing: loading the report: %w", err)
	}
	// Lay out with the final fonts before printing.
	if _, err := chromedp.Run(tabCtx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, fmt.Errorf("printing: waiting for fonts: %w", err)
	}
	pdf, err := chromedp.Run(tabCtx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFMargins(marginTop, marginSide, marginBottom, marginSide),
		chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate(cmp.Or(doc.Header, `<span></span>`)),
		chromedp.PDFFooterTemplate(cmp.Or(doc.Footer, `<span></span>`)),
		chromedp.PDFOutlineAndTagged(),
	))
	if err != nil {
		return nil, fmt.Errorf("printing: %w", err)
	}
	info := doc.Info
	info.Creator, info.Producer = cmp.Or(info.Creator, opts.Program()), cmp.Or(info.Producer, opts.Program())
	if info.Created.IsZero() {
		info.Created = time.Now()
	}
	return SetInfo(pdf, info)
}

// Report renders r and prints it.
func Report(ctx context.Context, r *report.Report, opts Options) ([]byte, error) {
	html, err := report.HTML(r)
	if err != nil {
		return nil, err
	}
	header, err := report.HeaderHTML(r)
	if err != nil {
		return nil, err
	}
	footer, err := report.FooterHTML(r)
	if err != nil {
		return nil, err
	}
	doc := Document{HTML: html, Header: header, Footer: footer, Info: Info{
		Title: report.Title(r), Author: r.Doctor.Name, Subject: report.Subject(r), Created: r.GeneratedAt,
	}}
	return PDF(ctx, doc, opts)
}

// Export writes r to path in the format its extension names: .pdf, .json,
// .csv or .html. The file is written atomically, readable by the user only.
func Export(ctx context.Context, r *report.Report, path string, opts Options) error {
	if strings.ToLower(filepath.Ext(path)) != ".pdf" {
		return report.WriteFile(path, r)
	}
	pdf, err := Report(ctx, r, opts)
	if err != nil {
		return err
	}
	if err := vault.WriteFileAtomic(path, pdf, 0o600); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}
