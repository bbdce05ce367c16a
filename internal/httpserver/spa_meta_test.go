package httpserver

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// A value in the page's JSON-LD or Open Graph tags cannot end its
// element: <, > and & are escaped, in the JSON as in the attributes.
func TestPageMetaEscapesJSONLD(t *testing.T) {
	index := []byte("<html><head><title>Plenary</title>\n  <!--page-meta-->\n</head></html>")
	evil := `</script><script>alert(1)</script>"&<!--`
	out := string(withMeta(index, PageMeta{Title: evil, Type: "video.other",
		Video:  &PageVideo{URL: "https://example.org/v.mp4", Type: "video/mp4"},
		JSONLD: []any{map[string]any{"@type": "Event", "name": evil}}}))
	if strings.Contains(out, "<script>alert") || strings.Contains(out, "<!--\"") || strings.Count(out, "</script>") != 1 {
		t.Fatalf("the value broke out:\n%s", out)
	}
	m := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(out)
	var obj map[string]string
	if m == nil || json.Unmarshal([]byte(m[1]), &obj) != nil || obj["name"] != evil {
		t.Fatalf("JSON-LD does not read back as the value:\n%s", out)
	}
	for _, want := range []string{`<meta property="og:type" content="video.other">`, `<meta property="og:video" content="https://example.org/v.mp4">`,
		`<meta property="og:video:secure_url" content="https://example.org/v.mp4">`, `<meta property="og:video:type" content="video/mp4">`} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %s:\n%s", want, out)
		}
	}
}
