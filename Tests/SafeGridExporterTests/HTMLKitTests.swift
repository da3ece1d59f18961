import SafeGridCore
import SafeGridHTMLKit
import Testing

@Suite("HTML kit")
struct HTMLKitTests {
    @Test("an exported document's opening: inline style sheet, a policy that lets nothing load or run")
    func documentOpening() {
        let page = HTMLPage.opening(language: .chinese, title: "周报 <G1>", css: "p { margin: 0; }")
        #expect(page == """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="SafeGrid">
            <title>周报 &lt;G1&gt;</title>
            <style>p { margin: 0; }</style>
            </head>
            <body>

            """)
        #expect(page == HTMLPage.opening(language: .chinese, title: "周报 <G1>", css: "p { margin: 0; }", policy: .document))
    }

    @Test("a web app page links its style sheet and carries the web app's policy")
    func webAppOpening() {
        let page = HTMLPage.opening(language: .english, title: "Venues", stylesheet: "/static/app.css?v=\"1\"")
        #expect(page.contains("<link rel=\"stylesheet\" href=\"/static/app.css?v=&quot;1&quot;\">\n</head>"))
        #expect(!page.contains("<style>"))
        // The meta tag carries the policy without frame-ancestors, which browsers ignore there.
        #expect(page.contains("content=\"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'\""))
        #expect(ContentSecurityPolicy.webApp.headerValue
            == "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    }

    @Test("a policy's text cannot end the meta tag's attribute")
    func policyEscaped() {
        let page = HTMLPage.opening(language: .english, title: "t", css: "", policy: ContentSecurityPolicy(headerValue: "default-src \"x\" &"))
        #expect(page.contains("content=\"default-src &quot;x&quot; &amp;\""))
    }

    @Test("names are escaped, and characters XML forbids replaced")
    func escaping() {
        #expect("<a href=\"x\">Tom & 'Jerry'</a>".markupEscaped == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect("a\u{01}b\tc\u{FFFE}".markupEscaped == "a\u{FFFD}b\tc\u{FFFD}")
    }

    @Test("numbers give the same bytes everywhere, and never trap")
    func formatting() {
        #expect(HTMLFormatting.decimal(2.0 / 3, places: 4) == "0.6667")
        #expect(HTMLFormatting.decimal(-0.00001, places: 2) == "0.00")
        #expect(HTMLFormatting.decimal(.nan, places: 2) == "0")
        #expect(HTMLFormatting.coordinate(12.04) == "12")
        #expect(HTMLFormatting.rateAttribute(nil) == nil)
        #expect(HTMLFormatting.truncated("夜市\n一网格", to: 4) == "夜市 …")
    }
}
