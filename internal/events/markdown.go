package events

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	markdown  = goldmark.New(goldmark.WithExtensions(extension.GFM))
	sanitiser = bluemonday.UGCPolicy().RequireNoFollowOnLinks(true).AddTargetBlankToFullyQualifiedLinks(true)
)

// RenderMarkdown turns an organiser's Markdown into HTML that is safe to
// put in a page: goldmark renders it, bluemonday keeps only harmless tags.
func RenderMarkdown(source string) string {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(source), &buf); err != nil {
		return sanitiser.Sanitize(source)
	}
	return sanitiser.Sanitize(buf.String())
}
