import Foundation
import Mustache
import PortholeTestSupport
import Testing

@testable import PortholeSite

/// The compiled templates must give exactly swift-mustache's bytes: each case
/// is rendered by both and compared, so a difference in whitespace rules,
/// lookup or escaping fails here with both outputs side by side.
struct CompiledTemplateTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        /// "main" is rendered; the others are its partials and parents.
        let templates: [String: String]
        let context: @Sendable () -> [String: Any]
        var testDescription: String { name }
    }

    static let rows: @Sendable () -> [String: Any] = {
        [
            "title": "Risks <& \"quoted\" 'single'>", "count": 3, "empty": [[String: Any]](), "flag": true, "off": false,
            "rows": [["id": "R1", "owner": "Priya"], ["id": "R2"]] as [[String: Any]],
            "tags": ["a&b", "c"], "nested": ["inner": ["deep": "found"] as [String: Any], "name": "outer"] as [String: Any],
            "html": "<p>kept</p>", "name": "top",
        ]
    }

    static let cases: [Case] = [
        Case(
            name: "variables and escaping", templates: ["main": "[{{title}}] [{{{title}}}] [{{&title}}] {{count}} {{flag}} {{missing}}|"],
            context: rows),
        Case(
            name: "sections over lists, booleans, strings and missing values",
            templates: [
                "main": """
                {{#rows}}<li>{{id}} by {{owner}}{{^owner}}nobody{{/owner}} in {{title}}</li>{{/rows}}
                {{#flag}}yes{{/flag}}{{#off}}no{{/off}}{{^off}}not off{{/off}}{{#missing}}?{{/missing}}{{^missing}}absent{{/missing}}
                {{#empty}}never{{/empty}}{{^empty}}empty list{{/empty}}{{#title}}[{{.}}]{{/title}}{{#tags}}<{{.}}>{{/tags}}
                """
            ], context: rows),
        Case(
            name: "standalone tags drop their line",
            templates: [
                "main": """
                <ul>
                  {{#rows}}
                  <li>{{id}}</li>
                  {{/rows}}
                  {{! a comment on its own line }}
                  {{^off}}
                  shown
                  {{/off}}
                </ul>
                inline {{#flag}} kept {{/flag}} spaces
                  {{! comment }} after
                """
            ], context: rows),
        Case(
            name: "dotted and anchored names climb the stack as Mustache says",
            templates: [
                "main": """
                {{nested.inner.deep}} {{#nested}}{{name}} {{inner.deep}} {{.name}} {{#inner}}{{deep}} {{name}} {{.name}}{{/inner}}{{/nested}} {{nested.missing.deep}}
                """
            ], context: rows),
        Case(
            name: "partials keep the indentation of a standalone tag",
            templates: [
                "main": "<div>\n  {{>row}}\n    {{>row}}\n{{#rows}}\n  {{>item}}\n{{/rows}}\ninline {{>row}} end\n</div>\n",
                "row": "<p>one</p>\n<p>two {{name}}</p>\n",
                "item": "<li>\n  {{id}}\n  {{>deeper}}\n</li>\n",
                "deeper": "<span>a</span>\n<span>b</span>\n",
            ], context: rows),
        Case(
            name: "inheritance: blocks, defaults and the outermost override",
            templates: [
                "main": "{{<layout}}\n{{$content}}\n  <main>{{title}}</main>\n  {{>row}}\n{{/content}}\n{{/layout}}\n",
                "layout": "<body>\n  {{$header}}<h1>default header</h1>{{/header}}\n  {{$content}}nothing{{/content}}\n</body>\n",
                "row": "<p>row</p>\n<p>{{name}}</p>\n",
            ], context: rows),
        Case(
            name: "nested parents",
            templates: [
                "main": "{{<middle}}{{$inner}}from main{{/inner}}{{/middle}}",
                "middle": "{{<base}}{{$outer}}middle: {{$inner}}middle default{{/inner}}{{/outer}}{{/base}}",
                "base": "[{{$outer}}base{{/outer}}]",
            ], context: rows),
        Case(
            name: "a parent called inside a section, its blocks holding sections, text after it",
            templates: [
                "main": """
                {{#rows}}{{<card}}{{$body}}{{#owner}}by {{owner}}{{/owner}}{{^owner}}unowned{{/owner}}{{/body}}{{/card}}
                {{/rows}}{{<card}}{{/card}} after {{name}}
                """,
                "card": "<div>{{id}}: {{$body}}none{{/body}}{{#flag}}!{{/flag}}</div>",
            ], context: rows),
        Case(
            name: "set delimiters and the content-type pragma",
            templates: [
                "main":
                    "{{=<% %>=}}\n<%title%> <%#flag%>on<%/flag%>\n<%={{ }}=%>\n{{title}}\n{{% CONTENT_TYPE: TEXT}}\n{{title}}\n{{>part}}",
                "part": "{{title}}\n",
            ], context: rows),
        Case(
            name: "Porthole's HTML content type",
            templates: [
                "main": "{{% CONTENT_TYPE: PORTHOLE_HTML}}\n<p>{{title}}</p>{{{html}}}\n"
            ], context: rows),
        Case(
            name: "CRLF line endings", templates: ["main": "a\r\n{{#flag}}\r\n  b {{name}}\r\n{{/flag}}\r\n  {{>p}}\r\nc"],
            context: rows),
        Case(name: "a missing partial renders nothing", templates: ["main": "before\n{{>nowhere}}\nafter"], context: rows),
        Case(
            name: "values of other types: NSNull, NSNumber and AnyHashable booleans, doubles, optionals",
            templates: [
                "main": "[{{#null}}no{{/null}}{{^null}}null is empty{{/null}}{{null}}|{{#no}}no{{/no}}{{^no}}false{{/no}}{{no}}|"
                    + "{{#yes}}true{{/yes}}{{^yes}}no{{/yes}}|{{ratio}}|{{#some}}{{.}}{{/some}}|{{#strings}}<{{.}}>{{/strings}}]"
            ],
            context: {
                [
                    "null": NSNull(), "no": NSNumber(value: false), "yes": AnyHashable(true), "ratio": 0.5,
                    "some": Optional("wrapped") as Any, "strings": ["a", "b"] as [String],
                ]
            }),
    ]

    static func render(_ testCase: Case) throws -> (swiftMustache: String, compiled: String) {
        _ = FastHTMLContentType.registered
        var parsed: [String: MustacheTemplate] = [:]
        var compiled: [String: CompiledTemplate] = [:]
        for (name, text) in testCase.templates {
            parsed[name] = try MustacheTemplate(string: text)
            compiled[name] = try CompiledTemplate(text)
        }
        let reference = MustacheLibrary(templates: parsed).render(testCase.context(), withTemplate: "main") ?? "(none)"
        let templates = CompiledTemplates(templates: compiled)
        // The views' own dictionaries (read in place) and plain `[String: Any]`
        // (read through `MustacheParent`, as any other value) alike.
        let ours = templates.render("main", pageContext(testCase.context())).map { String(decoding: $0, as: UTF8.self) } ?? "(none)"
        let general = templates.render("main", testCase.context()).map { String(decoding: $0, as: UTF8.self) } ?? "(none)"
        return (reference, ours == general ? ours : "page contexts:\n\(ours)\n--- [String: Any]:\n\(general)")
    }

    /// The case's values as views build them: `PageContext` for every
    /// `[String: Any]`.
    static func pageContext(_ value: Any) -> Any {
        switch value {
        case let dictionary as [String: Any]:
            PageContext(uniqueKeysWithValues: dictionary.map { (ContextName($0.key), pageContext($0.value)) })
        case let dictionaries as [[String: Any]]: dictionaries.map { pageContext($0) as! PageContext }
        case let values as [Any]: values.map { pageContext($0) }
        default: value
        }
    }

    @Test("Compiled templates render exactly what swift-mustache renders", arguments: cases)
    func test_compiledTemplatesMatchSwiftMustache(_ testCase: Case) throws {
        let (reference, ours) = try Self.render(testCase)
        #expect(!reference.isEmpty)
        #expect(ours == reference, "\n--- swift-mustache\n\(reference)\n--- compiled\n\(ours)")
    }

    @Test func test_transformsAndDynamicPartialsAreLeftToSwiftMustache() {
        for text in ["{{#rows}}{{#first()}}first{{/first()}}{{/rows}}", "{{uppercased(name)}}", "{{>*name}}", "{{<*name}}{{/*name}}"] {
            #expect(throws: CompiledTemplate.Unsupported.self, "\(text)") { try CompiledTemplate(text) }
        }
    }

    /// A copy of the default theme in a temporary folder, as `custom`.
    func themeCopy() throws -> URL { try ContentFixture.themesWithDefaultCopy() }

    @Test func test_aThemeUsingTransformsStillRendersThroughSwiftMustache() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let (compiled, compiledLog) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        #expect(compiled?.isCompiled == true, "\(compiledLog)")

        let footer = root.appendingPathComponent("custom/templates/partials/site-footer.mustache")
        try ("{{uppercased(agency.name)}}\n" + String(contentsOf: footer, encoding: .utf8)).write(
            to: footer, atomically: true, encoding: .utf8)
        let (theme, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        #expect(!log.hasErrors, "\(log)")
        #expect(theme?.isCompiled == false)
        let html = theme?.render("partials/site-footer", ["agency": ["name": "Northwind"] as [String: Any]]) ?? ""
        #expect(html.hasPrefix("NORTHWIND\n"))
    }

    /// A theme swift-mustache renders reads the views' values as swift-mustache
    /// knows them: page contexts (in lists too) as `[String: Any]`, other
    /// lists as they are, so a transform on a list of strings still applies.
    @Test func test_aSwiftMustacheThemeReadsTheViewsValues() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try """
        {{uppercased(title)}}|{{#sorted(tags)}}{{.}},{{/sorted(tags)}}|{{#rows}}{{name}};{{/rows}}|{{nested.inner}}|{{t.update.by}}
        """.write(to: root.appendingPathComponent("custom/templates/probe.mustache"), atomically: true, encoding: .utf8)
        let (theme, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        let swiftMustache = try #require(theme, "\(log.entries)")
        #expect(!swiftMustache.isCompiled)
        let context: PageContext = [
            "title": "Risks", "tags": ["b", "a"], "rows": [["name": "x"], ["name": "y"]] as [PageContext],
            "nested": ["inner": "deep"] as PageContext,
        ]
        #expect(swiftMustache.render("probe", context) == "RISKS|a,b,|x;y;|deep|By")
    }

    /// The theme's words (`t`) are read in one lookup by their whole key;
    /// a group of words and a word inside sections must still render as
    /// swift-mustache renders them. (A word the theme lacks is a theme
    /// error, so never rendered.)
    @Test func test_theThemesWordsRenderAsSwiftMustacheRendersThem() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try """
        {{t.update.by}}|{{#t.update}}[{{next}}/{{previous}}]{{/t.update}}|\
        {{#rows}}<{{t.layout.skip_link}} {{name}}>{{/rows}}|{{#t.update.by}}{{.}}{{/t.update.by}}|{{^t.layout}}none{{/t.layout}}
        """.write(to: root.appendingPathComponent("custom/templates/probe.mustache"), atomically: true, encoding: .utf8)
        let (compiled, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        let (fallback, _) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes", compiling: false)
        let compiledTheme = try #require(compiled, "\(log.entries)")
        #expect(compiledTheme.isCompiled)
        let context: PageContext = ["rows": [["name": "a"], ["name": "b"]] as [PageContext]]
        let ours = compiledTheme.render("probe", context)
        #expect(ours == (try #require(fallback)).render("probe", context))
        #expect(ours.hasPrefix("By|[Next update/Previous update]|<Skip to main content a><Skip to main content b>|By|"), "\(ours)")
    }

    /// swift-mustache's own HTML escaping compares whole characters: a quote
    /// followed by a combining mark is one character, left unescaped, and
    /// ends the attribute. Neither engine may do that, in any template,
    /// with or without the theme's pragma.
    @Test func test_aQuoteBeforeACombiningMarkIsEscapedByEitherEngine() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let templates = root.appendingPathComponent("custom/templates")
        try "<a title=\"{{v}}\">{{>partials/probe-part}}</a>\n".write(
            to: templates.appendingPathComponent("probe.mustache"), atomically: true, encoding: .utf8)
        try "<b title=\"{{v}}\"></b>".write(
            to: templates.appendingPathComponent("partials/probe-part.mustache"), atomically: true, encoding: .utf8)
        let hostile = "\"\u{301} onmouseover=alert(1) x=\"<\u{338}"
        let (compiled, _) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        let (fallback, _) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes", compiling: false)
        for theme in [try #require(compiled), try #require(fallback)] {
            let html = theme.render("probe", ["v": hostile])
            #expect(
                html
                    == "<a title=\"&quot;\u{301} onmouseover=alert(1) x=&quot;&lt;\u{338}\"><b title=\"&quot;\u{301} onmouseover=alert(1) x=&quot;&lt;\u{338}\"></b></a>\n",
                "\(theme.isCompiled ? "compiled" : "swift-mustache"): \(html)")
        }
    }

    /// swift-mustache traps on an empty section under a one-character
    /// opening delimiter: the theme gets an error at the tag instead.
    @Test func test_aOneCharacterDelimiterIsAThemeErrorNotACrash() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try "line one\n  {{=[ ]=}}[#a][/a]\n".write(
            to: root.appendingPathComponent("custom/templates/probe.mustache"), atomically: true, encoding: .utf8)
        let (theme, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        #expect(theme == nil)
        let error = try #require(log.entries.first { $0.severity == .error })
        #expect(error.location?.file == "themes/custom/templates/probe.mustache")
        #expect(error.location?.line == 2)
        #expect(error.location?.column == 3)
        #expect(error.message.contains("one character"))
    }
}
