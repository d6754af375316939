package browser

import "github.com/chromedp/chromedp"

// chromedpPollFalse waits for a condition that never holds.
func chromedpPollFalse() chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`new Promise(() => {})`, chromedp.EvalAwaitPromise)
}
