import Foundation
import PortholeTestSupport
import Testing

/// Issue 21: ids in notes and decisions link to the client's items; the
/// 404 page is styled from the file system and under a sub-path; a note
/// with unclosed front matter says so.
@Suite(.serialized)
struct CrossReferenceSiteTests {
    /// The fixture's project with an internal decision; an update naming
    /// visible and internal ids, in text, code and an existing link.
    func fixture() throws -> ContentFixture {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            """
            ---
            status: amber
            headline: Checkout build on track; certification at risk
            ---
            ## Summary
            Design (M2) waits on R1 and D-0001.

            ## Progress
            - M1 Discovery signed off by Jane Doe on 2026-09-24
            - Internal items M9, R2 and D-0002 stay plain.

            ## Next
            - `M3` in code and [M4 in a link](https://acme.example) stay as they are.

            """)
        try fixture.write(
            "clients/acme/shop/decisions/0002-absorb-cost.md",
            """
            ---
            title: Canary internal decision title
            date: 2026-10-20
            status: accepted
            internal: true
            ---
            ## Decision
            Absorb the cost of M9.

            """)
        try fixture.write(
            "clients/acme/shop/decisions/0001-use-markets.md",
            ContentFixture.decision.replacingOccurrences(of: "Fewer apps.", with: "Fewer apps; lowers R1; see D-0001 and M4."))
        return fixture
    }

    func page(_ fixture: ContentFixture, _ path: String) throws -> String {
        try String(contentsOf: fixture.site.appendingPathComponent(path), encoding: .utf8)
    }

    func link(_ href: String, _ label: String, _ text: String) -> String {
        #"<a class="xref" href="\#(href)" aria-label="\#(label)" title="\#(label)">\#(text)</a>"#
    }

    @Test func test_visibleIdsLinkToTheirItemFromEachPageDepth() throws {
        let fixture = try fixture()
        let result = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let update = try page(fixture, "acme/shop/updates/2026-11-24/index.html")
        #expect(update.contains(link("../../milestones/index.html#milestone-m2", "M2 Design approved", "M2")))
        #expect(update.contains(link("../../milestones/index.html#milestone-m1", "M1 Discovery sign-off", "M1")))
        #expect(update.contains(link("../../risks/index.html#raid-r1", "R1 Payment gateway certification may slip", "R1")))
        #expect(update.contains(link("../../decisions/0001/index.html", "D-0001 Use Shopify Markets for multi-currency", "D-0001")))
        #expect(update.contains("Internal items M9, R2 and D-0002 stay plain."))
        #expect(update.contains("<code>M3</code>"))
        #expect(update.contains(#"<a href="https://acme.example">M4 in a link</a>"#))
        // The overview shows the latest update one level up.
        let overview = try page(fixture, "acme/shop/index.html")
        #expect(overview.contains(link("milestones/index.html#milestone-m2", "M2 Design approved", "M2")))
        // A decision's body links others, not itself.
        let decision = try page(fixture, "acme/shop/decisions/0001/index.html")
        #expect(decision.contains(link("../../risks/index.html#raid-r1", "R1 Payment gateway certification may slip", "R1")))
        #expect(decision.contains(link("../../milestones/index.html#milestone-m4", "M4 Launch", "M4")))
        #expect(decision.contains("see D-0001 and"))
        // The anchors exist where the links point.
        #expect(try page(fixture, "acme/shop/milestones/index.html").contains(#"id="milestone-m2""#))
        #expect(try page(fixture, "acme/shop/risks/index.html").contains(#"id="raid-r1""#))
        // Internal items: never linked, their titles nowhere in site/.
        let all = snapshotTree(fixture.site).values.map { String(decoding: $0, as: UTF8.self) }.joined()
        for canary in ["Secret internal checkpoint", "Internal staffing gap", "Canary internal decision title"] {
            #expect(!all.contains(canary), "\(canary)")
        }
        for anchor in ["milestone-m9", "raid-r2", "decisions/0002"] {
            #expect(!all.contains(anchor), "\(anchor)")
        }
    }

    @Test func test_notFoundStylesheetResolvesFromFilesAndUnderASubPath() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "portal.yaml",
            ContentFixture.portal.replacingOccurrences(of: "https://status.agency.example/", with: "https://host.example/status/"))
        let result = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try page(fixture, "404.html")
        let hrefs = html.components(separatedBy: #"<link rel="stylesheet" href=""#).dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(hrefs.count == 2, "\(hrefs)")
        /// The site file a URL names, when it lies under `root` (a folder URL).
        func siteFile(_ url: URL?, under root: URL) -> String? {
            guard let url, url.absoluteString.hasPrefix(root.absoluteString) else { return nil }
            let relative = String(url.absoluteString.dropFirst(root.absoluteString.count))
            return FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent(relative).path) ? relative : nil
        }
        // Opened from the file system.
        let file = fixture.site.appendingPathComponent("404.html")
        let siteFolder = URL(fileURLWithPath: fixture.site.path + "/")
        let fromFile = hrefs.compactMap { siteFile(URL(string: String($0), relativeTo: file)?.absoluteURL, under: siteFolder) }
        #expect(fromFile.count == 1 && fromFile[0].hasPrefix("assets/style."), "\(hrefs)")
        // Served by the host for a missing page deep under the site's path.
        let served = URL(string: "http://host.example/status/nonexistent/page")!
        let fromHost = hrefs.compactMap {
            siteFile(URL(string: String($0), relativeTo: served)?.absoluteURL, under: URL(string: "http://host.example/status/")!)
        }
        #expect(fromHost.count == 1 && fromHost[0].hasPrefix("assets/style."), "\(hrefs)")
    }

    @Test func test_unclosedFrontMatterSaysSoWhereItShouldEnd() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "certification at risk\n---\n", with: "certification at risk\n\n"))
        try fixture.write("clients/acme/shop/updates/2026-11-17.md", "---\nstatus: green\nheadline: All fine\n")
        let result = try PortholeProcess.run(["check", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status != 0)
        let output = result.stdout + result.stderr
        #expect(
            output.contains(
                "content/clients/acme/shop/updates/2026-11-24.md:5:1: error: front matter is not closed: no '---' line after the opening one on line 1; it should come before this line"
            ), "\(output)")
        #expect(
            output.contains(
                "content/clients/acme/shop/updates/2026-11-17.md:4:1: error: front matter is not closed: no '---' line after the opening one on line 1; the file ends before one"
            ), "\(output)")
        #expect(!output.contains("missing front matter"))
    }
}
