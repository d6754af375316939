package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
)

var update = flag.Bool("update", false, "rewrite golden files")

var testNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func testOpts() Options { return Options{Now: func() time.Time { return testNow }} }

// file is one archive entry; method Store keeps it uncompressed.
type file struct {
	name string
	body string
}

func writeZip(t testing.TB, files ...file) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "export.zip")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeZipBytes(t testing.TB, name string, body []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Skip(err)
	}
	w.Write(body)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeDir(t testing.TB, files ...file) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f.body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// moji writes s the way Meta exports do: every UTF-8 byte as \u00XX.
func moji(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			b.WriteString(`\u00`)
			b.WriteString(strings.ToLower(string("0123456789ABCDEF"[s[i]>>4]) + string("0123456789ABCDEF"[s[i]&15])))
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// Fixtures: fictional people and posts, one per export generation.
var fixtures = []struct {
	name  string
	dir   bool // an extracted folder instead of a zip
	files []file
}{
	{"facebook_2019", false, []file{
		{"facebook-drjane/friends/friends.json", `{"friends":[{"name":"` + moji("Zoë Ålander") + `","timestamp":1546300800},{"name":"Tom Field","timestamp":"1546387200"}]}`},
		{"facebook-drjane/friends/received_friend_requests.json", `{"received_requests":[{"name":"Ann Other","timestamp":1546400000}]}`},
		{"facebook-drjane/posts/your_posts_1.json", `[{"timestamp":1546500000,"data":[{"post":"Lovely day at the surgery ` + moji("☀") + `"}],"title":"Jane Doe updated her status."},` +
			`{"timestamp":1546600000,"title":"Jane Doe added a new photo.","attachments":[{"data":[{"media":{"uri":"photos_and_videos/album/1.jpg","description":"Team lunch","creation_timestamp":1546600000,"media_metadata":{"photo_metadata":{"exif_data":[{"latitude":51.5,"longitude":-0.12,"taken_timestamp":1546590000}]}}}},{"place":{"name":"Riverside Cafe"}}]}]}]`},
		{"facebook-drjane/security_and_login_information/where_you're_logged_in.json", `{"active_sessions":[{"created_timestamp":1546000000,"updated_timestamp":1546700000,"ip_address":"192.0.2.1","user_agent":"Mozilla/5.0 (X11; Linux x86_64)","location":"Leeds, United Kingdom","app":"Facebook web"}]}`},
		{"facebook-drjane/profile_information/profile_information.json", `{"profile":{"name":{"full_name":"Jane Doe"}}}`},
	}},
	{"facebook_2021", false, []file{
		{"friends_and_followers/friends.json", "\ufeff" + `{"friends_v2":[{"name":"Ravi Patel","timestamp":1609459200}]}`},
		{"friends_and_followers/friend_requests_received.json", `{"received_requests_v2":[]}`},
		{"your_activity_across_facebook/posts/your_posts_1.json", `[{"timestamp":1609500000,"data":[{"post":"Clinic ran late, ` + moji("café") + ` after"},{"update_timestamp":1609500001}]}]`},
		{"security_and_login_information/where_you're_logged_in.json", `{"active_sessions_v2":[{"created_timestamp":1609000000,"updated_timestamp":1609400000,"ip_address":"192.0.2.7","user_agent":"Chrome on Android","location":"York"}]}`},
		{"profile_information/profile_information.json", `{"profile_v2":{"name":{"full_name":"Jane Doe"},"username":"jane.doe.gp"}}`},
	}},
	{"facebook_2024", true, []file{
		{"your_facebook_activity/../connections/friends/your_friends.json", ""}, // replaced below: folders cannot climb
	}},
	{"instagram_2022", false, []file{
		{"instagram-drjane/followers_and_following/followers_1.json", `[{"title":"","media_list_data":[],"string_list_data":[{"href":"https://www.instagram.com/sam_runs","value":"sam_runs","timestamp":1640995200}]}]`},
		{"instagram-drjane/followers_and_following/following.json", `{"relationships_following":[{"title":"","string_list_data":[{"href":"https://www.instagram.com/bakery_leeds","value":"bakery_leeds","timestamp":1641081600}]}]}`},
		{"instagram-drjane/content/posts_1.json", `[{"media":[{"uri":"media/posts/202201/1.jpg","creation_timestamp":1641168000,"title":"Sunday run ` + moji("🏃") + `"}]},{"media":[{"uri":"media/posts/202201/2.jpg","creation_timestamp":1641254400,"title":""},{"uri":"media/posts/202201/3.jpg","creation_timestamp":1641254400,"title":""}],"title":"Two views of the dales","creation_timestamp":1641254400}]`},
		{"instagram-drjane/personal_information/personal_information.json", `{"profile_user":[{"string_map_data":{"Username":{"href":"","value":"dr.jane","timestamp":0},"Name":{"value":"Jane"}}}]}`},
	}},
	{"instagram_2024", true, []file{
		{"connections/followers_and_following/followers_1.json", `[{"title":"","string_list_data":[{"href":"https://www.instagram.com/sam_runs","value":"sam_runs","timestamp":"1704067200"}]}]`},
		{"connections/followers_and_following/following.json", `{"relationships_following_v2":[{"title":"bakery_leeds","string_list_data":[{"href":"https://www.instagram.com/_u/bakery_leeds","timestamp":1704153600}]}]}`},
		{"connections/followers_and_following/follow_requests_you've_received.json", `{"relationships_follow_requests_received":[{"title":"","string_list_data":[{"href":"https://www.instagram.com/unknown_person","value":"unknown_person","timestamp":1704240000}]}]}`},
		{"your_instagram_activity/content/posts_1.json", `[{"media":[{"uri":"media/posts/202401/1.jpg","creation_timestamp":1704326400,"title":"New year walk","media_metadata":{"photo_metadata":{"exif_data":[{"latitude":53.8,"longitude":-1.55}]}}}]}]`},
	}},
	{"x_2018", false, []file{
		{"data/tweet.js", `window.YTD.tweet.part0 = [{"id_str":"1050118621198921728","full_text":"Flu jabs available from Monday","created_at":"Wed Oct 10 20:19:24 +0000 2018","entities":{"media":[{"media_url_https":"https://pbs.twimg.com/media/a.jpg"}]}}]`},
		{"data/follower.js", `window.YTD.follower.part0 = [{"follower":{"accountId":"12345","userLink":"https://twitter.com/intent/user?user_id=12345"}}]`},
		{"data/account.js", `window.YTD.account.part0 = [{"account":{"username":"DrJaneGP","accountId":"999","accountDisplayName":"Dr Jane"}}]`},
	}},
	{"x_2023", true, []file{
		{"twitter-2023/data/tweets.js", "window.YTD.tweets.part0 = [\r\n  {\r\n    \"tweet\" : {\r\n      \"id_str\" : \"1600000000000000000\",\r\n      \"full_text\" : \"Practice closed for training on Thursday\",\r\n      \"created_at\" : \"Mon Dec 12 09:00:00 +0000 2022\"\r\n    }\r\n  }\r\n]\r\n"},
		{"twitter-2023/data/tweets-part1.js", `window.YTD.tweets.part1 = [{"tweet":{"id":"1600000000000000001","full_text":"Second part","created_at":"Tue Dec 13 09:00:00 +0000 2022"}}]`},
		{"twitter-2023/data/follower.js", `window.YTD.follower.part0 = []`},
		{"twitter-2023/data/following.js", `window.YTD.following.part0 = [{"following":{"accountId":"777","userLink":"https://twitter.com/intent/user?user_id=777"}}]`},
		{"twitter-2023/data/account.js", `window.YTD.account.part0 = [{"account":{"username":"DrJaneGP"}}]`},
	}},
	{"linkedin_2026", false, []file{
		{"Connections.csv", "Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing, because members choose, in their settings, who can see them.\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nPriya,Shah,https://www.linkedin.com/in/priya-shah-0a1b2c,,NHS Trust,Nurse,23 Nov 2026\r\n\"Owen\",\"O'Neil, Jr\",https://www.linkedin.com/in/owen-oneil,,,,11/23/25\r\n"},
		{"Invitations.csv", "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\nMark Hill,Jane Doe,\"11/20/26, 10:15 AM\",,INCOMING,https://www.linkedin.com/in/mark-hill,https://www.linkedin.com/in/jane-doe\nJane Doe,Sue Lee,\"11/21/26, 8:00 AM\",,OUTGOING,https://www.linkedin.com/in/jane-doe,https://www.linkedin.com/in/sue-lee\n"},
		{"Shares.csv", "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2026-10-01 08:30:00,https://www.linkedin.com/feed/update/urn:li:share:1,\"Proud of our practice team, multi-line\nsecond line\",,,MEMBER_NETWORK\n"},
		{"Profile.csv", "First Name,Last Name,Maiden Name,Headline\nJane,Doe,,GP\n"},
	}},
	{"linkedin_old", true, []file{
		{"Basic_LinkedInDataExport/Connections.csv", "First Name,Last Name,Email Address,Company,Position,Connected On\nLena,Berg,,,,02 Jan 2017\n"},
	}},
	{"tiktok_2022", false, []file{
		{"user_data.json", `{"Activity":{"Follower List":{"FansList":[{"Date":"2022-03-01 10:00:00","UserName":"runner_ben"}]},"Following List":{"Following":[{"Date":"2022-03-02 10:00:00","UserName":"dr_tips"}]}},"Profile":{"Profile Information":{"ProfileMap":{"userName":"drjanegp","bioDescription":"GP"}}},"Video":{"Videos":{"VideoList":[{"Date":"2022-03-05 18:00:00","Link":"https://www.tiktokv.com/share/video/1/","Likes":"12","Desc":"Handwashing in 20 seconds","WhoCanView":"Everyone"}]}}}`},
	}},
	{"tiktok_2024", false, []file{
		{"TikTok_Data/user_data_tiktok.json", `{"Your Activity":{"Follower":{"FansList":[]},"Following":{"Following":[{"Date":"2024-01-02 10:00:00","UserName":"dr_tips"}]}},"Profile And Settings":{"Profile Info":{"ProfileMap":{"userName":"drjanegp"}}},"Post":{"Posts":{"VideoList":[{"Date":"2024-01-05 18:00:00","Link":"https://www.tiktokv.com/share/video/2/","Likes":3,"Title":"Sun safety","WhoCanView":"Friends"}]}}}`},
	}},
}

func init() {
	// The 2024 Facebook layout, in an extracted folder.
	for i := range fixtures {
		if fixtures[i].name == "facebook_2024" {
			fixtures[i].files = []file{
				{"facebook-janedoe-2024/connections/friends/your_friends.json", `{"friends_v2":[{"name":"` + moji("Siân Jones") + `","timestamp":1704067200}]}`},
				{"facebook-janedoe-2024/connections/friends/received_friend_requests.json", `{"received_requests_v2":[{"name":"Pat Quinn","timestamp":1704153600}]}`},
				{"facebook-janedoe-2024/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json", `[{"timestamp":1704240000,"data":[{"post":"Back at work after the break"}],"attachments":[]}]`},
				{"facebook-janedoe-2024/security_and_login_information/where_you're_logged_in.json", `[{"title":"Session","label_values":[{"label":"Created","timestamp_value":1704000000},{"label":"IP address","value":"192.0.2.9"},{"label":"Browser","value":"Firefox"},{"label":"Location","value":"Hull"}]}]`},
				{"facebook-janedoe-2024/personal_information/profile_information/profile_information.json", `{"profile_v2":{"name":{"full_name":"Jane Doe"}}}`},
			}
		}
	}
}

func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			var p string
			if fx.dir {
				p = writeDir(t, fx.files...)
			} else {
				p = writeZip(t, fx.files...)
			}
			snap, err := Read(context.Background(), p, testOpts())
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			for i, c := range snap.Coverage {
				if c.Source != audit.SourceExport {
					t.Errorf("coverage source %q", c.Source)
				}
				// A folder's files are dated when the test wrote them.
				snap.Coverage[i].Downloaded = time.Time{}
			}
			got, err := json.MarshalIndent(snap, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", fx.name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("snapshot differs from %s (run with -update to accept)", golden)
			}
			// Round-trips through the audit's own decoder.
			if _, err := audit.DecodeSnapshot(bytes.NewReader(got)); err != nil {
				t.Errorf("DecodeSnapshot: %v", err)
			}
		})
	}
}

// A download is dated by the newest date its files carry; an undated zip
// (entries read back as 1980) or a date in the future dates nothing.
func TestDownloadedDate(t *testing.T) {
	made := time.Date(2026, 11, 12, 18, 30, 0, 0, time.UTC)
	friends := `{"friends_v2":[{"name":"Fictional Friend","timestamp":1609459200}]}`
	for _, tc := range []struct {
		name string
		mods []time.Time
		want time.Time
	}{
		{"dated", []time.Time{made.Add(-time.Hour), made}, made},
		{"undated", []time.Time{{}}, time.Time{}},
		{"future", []time.Time{testNow.Add(72 * time.Hour)}, time.Time{}},
		{"old and new", []time.Time{time.Date(1985, 1, 1, 0, 0, 0, 0, time.UTC), made}, made},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "export.zip")
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			names := []string{"fb/friends_and_followers/friends.json", "fb/posts/your_posts_1.json"}
			bodies := []string{friends, `[{"timestamp":1609500000,"data":[{"post":"A quiet day"}]}]`}
			for i, m := range tc.mods {
				w, err := zw.CreateHeader(&zip.FileHeader{Name: names[i], Method: zip.Deflate, Modified: m})
				if err != nil {
					t.Fatal(err)
				}
				w.Write([]byte(bodies[i]))
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			snap, err := Read(context.Background(), p, testOpts())
			if err != nil {
				t.Fatal(err)
			}
			cov := snap.CoverageFor(audit.Facebook)
			if cov == nil {
				t.Fatal("no Facebook coverage")
			}
			if !cov.Downloaded.Equal(tc.want) {
				t.Errorf("downloaded %v, want %v", cov.Downloaded, tc.want)
			}
		})
	}
}
