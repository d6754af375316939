package facebook

import (
	"image"
	"image/color"
	"net/http"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

// Every picture the replica shows is drawn by replica and kept in the
// process's image cache, so each is drawn and encoded once per process.

// xrayCaption is what the ward x-ray of the demo has burned in: the
// hospital, the bed and the time the post gives away.
var xrayCaption = []string{"HOLLINGFORD CH  AP ERECT", "BED 6  30/08/2025 02:31"}

func (s *Site) static(w http.ResponseWriter, r *http.Request) {
	if !s.ui.ServeAsset(w, r) {
		http.NotFound(w, r)
	}
}

func (s *Site) favicon(w http.ResponseWriter, r *http.Request) {
	replica.Images.ServePNG(w, "facebook/favicon", drawFavicon)
}

// image serves /scontent/{kind}/{id}.png. Photos of posts the viewer may
// not see are not served, as on the real site.
func (s *Site) image(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	id, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	if !ok || id == "" || len(id) > 40 {
		http.NotFound(w, r)
		return
	}
	a := s.fb.Account()
	switch kind {
	case "avatar":
		name := ""
		if id == a.UserID {
			name = a.DisplayName
		}
		for _, list := range [][]Friend{a.Friends, a.Requests} {
			for _, f := range list {
				if f.ID == id {
					name = f.Name
				}
			}
		}
		if name == "" {
			http.NotFound(w, r)
			return
		}
		replica.Images.ServePNG(w, "avatar/"+name, func() image.Image { return replica.Avatar(name) })
	case "cover":
		replica.Images.ServePNG(w, "cover/"+id, func() image.Image { return replica.Cover(id) })
	case "photo":
		loggedIn := s.session(r) != nil
		var ph *Photo
		for _, p := range a.Posts {
			if p.Photo != nil && p.Photo.ID == id && (loggedIn || p.Audience == audit.AudiencePublic) {
				ph = p.Photo
			}
		}
		for i := range a.Photos {
			if a.Photos[i].ID == id && (loggedIn || a.PhotosAudience == audit.AudiencePublic) {
				ph = &a.Photos[i]
			}
		}
		if ph == nil {
			http.NotFound(w, r)
			return
		}
		k := ph.Kind
		var caption []string
		if k == PhotoXRay {
			caption = xrayCaption
		}
		replica.Images.ServePNG(w, "facebook/photo/"+k+"/"+id, func() image.Image { return replica.Photo(k, id, caption...) })
	default:
		http.NotFound(w, r)
	}
}

func drawFavicon() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	blue := color.RGBA{0x08, 0x66, 0xff, 255}
	for y := range 32 {
		for x := range 32 {
			dx, dy := float64(x)-15.5, float64(y)-15.5
			if dx*dx+dy*dy <= 15.5*15.5 {
				img.SetRGBA(x, y, blue)
			}
		}
	}
	replica.Text(img, "f", 9, 4, 2, color.White)
	return img
}
