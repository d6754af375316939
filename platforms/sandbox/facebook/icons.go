package facebook

import (
	"html/template"
	"slices"

	"chaperone/audit"
)

// Inline SVG icons, drawn here so no image comes from elsewhere.
var iconPaths = map[string]string{
	"globe":    `<path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm4.9 6.2h-2.2a11 11 0 0 0-.9-4 5.5 5.5 0 0 1 3.1 4zM8 2.6c.6.8 1.2 2.4 1.3 4.6H6.7C6.8 5 7.4 3.4 8 2.6zM6.2 3.2a11 11 0 0 0-.9 4H3.1a5.5 5.5 0 0 1 3.1-4zM3.1 8.8h2.2c.1 1.5.4 2.9.9 4a5.5 5.5 0 0 1-3.1-4zM8 13.4c-.6-.8-1.2-2.4-1.3-4.6h2.6c-.1 2.2-.7 3.8-1.3 4.6zm1.8-.6c.5-1.1.8-2.5.9-4h2.2a5.5 5.5 0 0 1-3.1 4z"/>`,
	"friends":  `<path d="M5.5 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zm5.5 0a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM5.5 9C3 9 1 10.3 1 12v1.5h9V12c0-1.7-2-3-4.5-3zm5.5 0c-.5 0-1 .1-1.4.2 1 .7 1.4 1.7 1.4 2.8v1.5h4V12c0-1.7-1.8-3-4-3z"/>`,
	"fof":      `<path d="M4 6.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm8 0a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm-4 2a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM1 12c0-1.5 1.3-2.7 3-2.7.6 0 1.1.1 1.6.4A3.6 3.6 0 0 0 5 12v1H1zm10 1v-1c0-.8-.2-1.6-.6-2.3.5-.3 1-.4 1.6-.4 1.7 0 3 1.2 3 2.7v1zM8 9.5c-1.9 0-3.5 1-3.5 2.5v1.5h7V12c0-1.5-1.6-2.5-3.5-2.5z"/>`,
	"lock":     `<path d="M11.5 6.5V5a3.5 3.5 0 0 0-7 0v1.5H3.8c-.4 0-.8.4-.8.8v6.9c0 .4.4.8.8.8h8.4c.4 0 .8-.4.8-.8V7.3c0-.4-.4-.8-.8-.8zM6 5a2 2 0 1 1 4 0v1.5H6z"/>`,
	"gear":     `<path d="M14 9V7l-1.8-.4-.4-1 1-1.6-1.4-1.4-1.6 1-1-.4L8.5 1h-2l-.4 1.8-1 .4-1.6-1-1.4 1.4 1 1.6-.4 1L1 7v2l1.8.4.4 1-1 1.6 1.4 1.4 1.6-1 1 .4.4 1.8h2l.4-1.8 1-.4 1.6 1 1.4-1.4-1-1.6.4-1zM7.5 10.5a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5z"/>`,
	"everyone": `<path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 3a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm0 9a5 5 0 0 1-3.8-1.8C4.9 9.9 6.3 9.3 8 9.3s3.1.6 3.8 1.9A5 5 0 0 1 8 13z"/>`,
	"home":     `<path d="M9.5 1.9a2.3 2.3 0 0 0-3 0L1 6.6V14a1 1 0 0 0 1 1h3.5v-4.5a2.5 2.5 0 0 1 5 0V15H14a1 1 0 0 0 1-1V6.6z"/>`,
	"bell":     `<path d="M8 15a2 2 0 0 0 2-2H6a2 2 0 0 0 2 2zm5-4.5V7a5 5 0 0 0-4-4.9V1H7v1.1A5 5 0 0 0 3 7v3.5L1.5 12v.5h13V12z"/>`,
	"chat":     `<path d="M8 1C4.1 1 1 3.9 1 7.5c0 2 .9 3.8 2.5 5V15l2.3-1.3c.7.2 1.4.3 2.2.3 3.9 0 7-2.9 7-6.5S11.9 1 8 1zm.7 8.7L7 7.9 3.7 9.7l3.6-3.9 1.8 1.8 3.2-1.8z"/>`,
	"menu":     `<path d="M2 3h12v2H2zm0 4h12v2H2zm0 4h12v2H2z"/>`,
	"dots":     `<circle cx="3" cy="8" r="1.5"/><circle cx="8" cy="8" r="1.5"/><circle cx="13" cy="8" r="1.5"/>`,
	"search":   `<path d="M10.7 9.6a5.5 5.5 0 1 0-1.1 1.1l3.8 3.8 1.1-1.1zM6.3 10.3a4 4 0 1 1 0-8 4 4 0 0 1 0 8z"/>`,
	"like":     `<path d="M1 7h3v8H1zm4 7.5V7.3L8.4 1c.9 0 1.6.8 1.5 1.7L9.4 6H14a1.5 1.5 0 0 1 1.4 1.9l-1.7 6.4A1.5 1.5 0 0 1 12.3 15H6a1 1 0 0 1-1-.5z"/>`,
	"comment":  `<path d="M8 1.5C4.4 1.5 1.5 4 1.5 7.2c0 1.6.8 3.1 2 4.2L3 14.5l3.2-1.6c.6.1 1.2.2 1.8.2 3.6 0 6.5-2.6 6.5-5.8S11.6 1.5 8 1.5z"/>`,
	"share":    `<path d="M9.5 1v3.5C4.3 5 1.5 8.7 1 14c1.5-2.6 4.3-4.2 8.5-4.2V13.5L15 7.2z"/>`,
	"device":   `<path d="M2 3h12a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H9.5v1.5H11V15H5v-1.5h1.5V12H2a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm.5 1.5v6h11v-6z"/>`,
	"phone":    `<path d="M4.5 1h7A1.5 1.5 0 0 1 13 2.5v11a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 3 13.5v-11A1.5 1.5 0 0 1 4.5 1zm0 1.5v10h7v-10zM8 13a.7.7 0 1 0 0 1.4.7.7 0 0 0 0-1.4z"/>`,
	"work":     `<path d="M6 1.5h4A1.5 1.5 0 0 1 11.5 3v1H14a1 1 0 0 1 1 1v8.5a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h2.5V3A1.5 1.5 0 0 1 6 1.5zm0 1.5v1h4V3z"/>`,
	"link":     `<path d="M6.7 9.3a1 1 0 0 1 0-1.4l2.6-2.6a1 1 0 1 1 1.4 1.4L8.1 9.3a1 1 0 0 1-1.4 0zM4.2 14a3.2 3.2 0 0 1-2.3-5.5l1.8-1.8a1 1 0 0 1 1.4 1.4L3.3 9.9a1.2 1.2 0 0 0 1.8 1.8l1.8-1.8a1 1 0 1 1 1.4 1.4l-1.8 1.8A3.2 3.2 0 0 1 4.2 14zm5.9-4.7a1 1 0 0 1-.7-1.7l1.8-1.8a1.2 1.2 0 0 0-1.8-1.8L7.6 5.8a1 1 0 0 1-1.4-1.4L8 2.6a3.2 3.2 0 0 1 4.6 4.6l-1.8 1.8a1 1 0 0 1-.7.3z"/>`,
	"pin":      `<path d="M8 1a5 5 0 0 0-5 5c0 3.7 5 9 5 9s5-5.3 5-9a5 5 0 0 0-5-5zm0 7a2 2 0 1 1 0-4 2 2 0 0 1 0 4z"/>`,
	"shield":   `<path d="M8 1 2 3.5V7c0 4 2.6 7 6 8 3.4-1 6-4 6-8V3.5zm-1 10L4.2 8.2l1.1-1.1L7 8.8l3.7-3.7 1.1 1.1z"/>`,
	"user":     `<path d="M8 8a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zm0 1.5c-3.3 0-6 1.8-6 4V15h12v-1.5c0-2.2-2.7-4-6-4z"/>`,
	"eye":      `<path d="M8 3C4.4 3 1.6 5.3.5 8c1.1 2.7 3.9 5 7.5 5s6.4-2.3 7.5-5C14.4 5.3 11.6 3 8 3zm0 8a3 3 0 1 1 0-6 3 3 0 0 1 0 6z"/>`,
	"tag":      `<path d="M1 2v5.2l7.6 7.6 6.2-6.2L7.2 1H2zm3 3.2a1.2 1.2 0 1 1 0-2.4 1.2 1.2 0 0 1 0 2.4z"/>`,
	"photo":    `<path d="M2 2h12a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zm.5 10.5h11L10 7.5l-2.5 3L6 8.5z"/>`,
	"close":    `<path d="M12.7 2.3 8 7 3.3 2.3 2.3 3.3 7 8l-4.7 4.7 1 1L8 9l4.7 4.7 1-1L9 8l4.7-4.7z"/>`,
}

// iconNames lists the icons, sorted, for the page script's icon template.
func iconNames() []string {
	out := make([]string, 0, len(iconPaths))
	for k := range iconPaths {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// icon returns an inline SVG; it is decorative (aria-hidden).
func icon(name string) template.HTML {
	p, ok := iconPaths[name]
	if !ok {
		p = iconPaths["dots"]
	}
	return template.HTML(`<svg viewBox="0 0 16 16" width="16" height="16" fill="currentColor" aria-hidden="true">` + p + `</svg>`)
}

// audienceIcon names the icon of an audience value.
func audienceIcon(aud string) string {
	switch aud {
	case audit.AudiencePublic:
		return "globe"
	case audit.AudienceFriends, audit.AudienceFriendsExcept, audit.AudienceSpecific:
		return "friends"
	case audit.AudienceFriendsOfFriend:
		return "fof"
	case audit.AudienceOnlyMe:
		return "lock"
	case audit.AudienceEveryone:
		return "everyone"
	}
	return "gear"
}
